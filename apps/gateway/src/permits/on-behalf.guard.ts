import {
  createParamDecorator,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError, type OnBehalfOf } from '#contracts';
import { AccessRefusals } from '../access/access-refusals.js';
import { CheckDelegationUseCase } from '../identity/assisted/check-delegation/check-delegation.use-case.js';
import type { AccessClaims } from '../identity/token-issuer.js';

/** What the guard leaves on an assisted route's request: whom the clerk acts for. */
export interface OnBehalfRequest {
  onBehalfOf?: OnBehalfOf;
}

/**
 * The assisted channel's routes (`/api/v1/assisted/delegations/{delegationId}/...`, after the
 * access guard let a clerk in): the delegation must be this clerk's and live, else 403
 * `IDENTITY.NOT_DELEGATED`, recorded as an access refusal. Leaves `onBehalfOf` for the route,
 * which sends it to permits with the request.
 */
@Injectable()
export class OnBehalfGuard implements CanActivate {
  constructor(
    private readonly delegations: CheckDelegationUseCase,
    private readonly refusals: AccessRefusals,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context
      .switchToHttp()
      .getRequest<
        FastifyRequest<{ Params: { delegationId: string } }> &
          OnBehalfRequest & { actor?: AccessClaims }
      >();
    const actor = request.actor;
    if (!actor) return false;
    try {
      request.onBehalfOf = await this.delegations.execute({
        delegationId: request.params.delegationId,
        clerk: { userId: actor.userId, role: actor.role },
      });
    } catch (error) {
      if (error instanceof DomainError)
        await this.refusals.record(request, actor, String(error.code), 'gateway');
      throw error;
    }
    return true;
  }
}

/** Whom the clerk acts for on an assisted route (set by `OnBehalfGuard`). */
export const OnBehalf = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const onBehalfOf = context.switchToHttp().getRequest<OnBehalfRequest>().onBehalfOf;
  if (!onBehalfOf) throw new Error('OnBehalf on a route without OnBehalfGuard');
  return onBehalfOf;
});
