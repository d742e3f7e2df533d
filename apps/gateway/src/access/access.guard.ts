import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { IdentityErrors } from '../identity/identity.errors.js';
import { IdentityService } from '../identity/identity.service.js';
import type { AccessClaims } from '../identity/token-issuer.js';
import { ACCESS_POLICY, type AccessPolicy } from './access.decorators.js';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;

/**
 * The gateway's one access check, on every route: the route's declared policy decides
 * (none declared: refused), a bearer token must be valid and its session live, and the role
 * must be among the route's. 401 without a valid token, 403 with the wrong role.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly identity: IdentityService,
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
    const actor = match ? await this.identity.authenticate(match[1] as string) : undefined;
    if (!actor) throw IdentityErrors.unauthenticated();
    request.actor = actor;
    if (!policy) throw IdentityErrors.forbidden();
    if (policy.kind === 'roles' && !policy.roles.includes(actor.role))
      throw IdentityErrors.forbidden();
    return true;
  }
}
