import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { currentContext } from '#platform';
import { IdentityErrors } from '#contracts';
import { AccessRefusals } from './access-refusals.js';
import { TwoFactorRoles } from '../identity/roles/two-factor-roles.js';
import { CheckSessionUseCase } from '../identity/sessions/check-session/check-session.use-case.js';
import type { AccessClaims } from '../identity/token-issuer.js';
import { ACCESS_POLICY, WITHOUT_TWO_FACTOR, type AccessPolicy } from './access.decorators.js';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;

/**
 * The gateway's one access check, on every route: the route's declared policy decides
 * (none declared: refused), a bearer token must be valid and its session live, and the role
 * must be among the route's. 401 without a valid token; 403 with the wrong role, which is also
 * written as a `gov.identity.access.denied.v1` event so the audit trail sees the refusal.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly checkSession: CheckSessionUseCase,
    private readonly twoFactorRoles: TwoFactorRoles,
    private readonly refusals: AccessRefusals,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<FastifyRequest & { actor?: AccessClaims }>();
    if (policy?.kind === 'public') return true;
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    const actor = match
      ? await this.checkSession.execute({ bearer: match[1] as string })
      : undefined;
    if (!actor) throw IdentityErrors.unauthenticated();
    request.actor = actor;
    const requestContext = currentContext();
    if (requestContext) requestContext.actor = { userId: actor.userId, role: actor.role };
    const enrolmentOnly =
      !actor.twoFactor &&
      (await this.twoFactorRoles.required(actor.role)) &&
      !this.reflector.getAllAndOverride<boolean | undefined>(WITHOUT_TWO_FACTOR, [
        context.getHandler(),
        context.getClass(),
      ]);
    if (enrolmentOnly) {
      await this.refusals.record(request, actor, 'ACCESS.TWO_FACTOR_REQUIRED', 'gateway');
      throw IdentityErrors.twoFactorEnrolmentRequired();
    }
    if (!policy || (policy.kind === 'roles' && !policy.roles.includes(actor.role))) {
      await this.refusals.record(
        request,
        actor,
        policy ? 'ACCESS.ROLE_NOT_ALLOWED' : 'ACCESS.NO_POLICY',
        'gateway',
      );
      throw IdentityErrors.forbidden();
    }
    return true;
  }
}
