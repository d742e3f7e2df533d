import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { validationProblem } from '#platform';
import {
  IDEMPOTENCY,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENCY_KEY_PATTERN,
  type IdempotencyMode,
} from './idempotency.constants.js';

const keyProblem = (code: string, message: string) =>
  validationProblem([{ field: IDEMPOTENCY_KEY_HEADER, code, message }]);

/**
 * The `Idempotency-Key` header's form on every route (after the access check): required where
 * a route requires it, refused where a route does not take it, 1–255 letters, digits and
 * hyphens, once. Each a 422 naming the header. A guard, not an interceptor, so routes without
 * a key pay one header lookup.
 */
@Injectable()
export class IdempotencyKeyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const key = context.switchToHttp().getRequest<FastifyRequest>().headers['idempotency-key'];
    const mode = this.reflector.get<IdempotencyMode | undefined>(IDEMPOTENCY, context.getHandler());
    if (key === undefined) {
      if (mode === 'required')
        throw keyProblem('REQUIRED', `${IDEMPOTENCY_KEY_HEADER} is required on this operation`);
      return true;
    }
    if (mode !== 'required' && mode !== 'optional')
      throw keyProblem(
        'NOT_ACCEPTED',
        `this operation does not take an ${IDEMPOTENCY_KEY_HEADER}: a repeat of it is not made safe`,
      );
    if (typeof key !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(key))
      throw keyProblem(
        'MATCHES',
        `${IDEMPOTENCY_KEY_HEADER} must be one value of 1 to 255 letters, digits and hyphens`,
      );
    return true;
  }
}
