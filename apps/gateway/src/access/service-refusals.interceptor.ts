import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, throwError, type Observable } from 'rxjs';
import { RemoteServiceError } from '#platform';
import type { AccessClaims } from '../identity/token-issuer.js';
import { AccessRefusals } from './access-refusals.js';

/**
 * A service that refuses a request on its own data (ownership, separation of duties) answers
 * with a 403 error; the gateway records that refusal as an access-denied event too, so the
 * audit trail sees refusals wherever they are decided.
 */
@Injectable()
export class ServiceRefusalsInterceptor implements NestInterceptor {
  constructor(private readonly refusals: AccessRefusals) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        const request = context
          .switchToHttp()
          .getRequest<FastifyRequest & { actor?: AccessClaims }>();
        const status = (error as RemoteServiceError).details as { status?: unknown } | undefined;
        if (!(error instanceof RemoteServiceError) || status?.status !== 403 || !request.actor)
          return throwError(() => error);
        return from(this.refusals.record(request, request.actor, error.code, 'service')).pipe(
          mergeMap(() => throwError(() => error)),
        );
      }),
    );
  }
}
