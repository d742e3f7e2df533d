import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ACCESS_DENIED_V1 } from '#contracts';
import { currentContext, Outbox } from '#platform';
import { IdentityErrors } from '../identity/identity.errors.js';
import { IdentityService } from '../identity/identity.service.js';
import type { AccessClaims } from '../identity/token-issuer.js';
import { ACCESS_POLICY, type AccessPolicy } from './access.decorators.js';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;

/**
 * The gateway's one access check, on every route: the route's declared policy decides
 * (none declared: refused), a bearer token must be valid and its session live, and the role
 * must be among the route's. 401 without a valid token; 403 with the wrong role, which is also
 * written as a `gov.identity.access.denied.v1` event so the audit trail sees the refusal.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('Access');

  constructor(
    private readonly reflector: Reflector,
    private readonly identity: IdentityService,
    private readonly outbox: Outbox,
    private readonly dataSource: DataSource,
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
    const requestContext = currentContext();
    if (requestContext) requestContext.actor = { userId: actor.userId, role: actor.role };
    if (!policy || (policy.kind === 'roles' && !policy.roles.includes(actor.role))) {
      await this.recordRefusal(
        request,
        actor,
        policy ? 'ACCESS.ROLE_NOT_ALLOWED' : 'ACCESS.NO_POLICY',
      );
      throw IdentityErrors.forbidden();
    }
    return true;
  }

  private async recordRefusal(
    request: FastifyRequest,
    actor: AccessClaims,
    reasonCode: string,
  ): Promise<void> {
    const route = `${request.method} ${request.routeOptions.url ?? request.url}`.slice(0, 64);
    await this.outbox.transaction(this.dataSource.manager, (tx) =>
      this.outbox.append(tx, {
        subject: ACCESS_DENIED_V1,
        aggregateId: randomUUID(),
        actor: { kind: 'user', userId: actor.userId, role: actor.role },
        data: {
          resourceType: 'http-route',
          resourceId: route,
          action: 'call',
          reasonCode,
          refusedBy: 'gateway',
          userId: actor.userId,
        },
      }),
    );
    this.logger.warn(`refused ${route} to role ${actor.role} (${reasonCode})`);
  }
}
