import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { ACCESS_DENIED_V1 } from '#contracts';
import { Outbox } from '#platform';
import type { AccessClaims } from '../identity/token-issuer.js';

/** Writes a refusal as a `gov.identity.access.denied.v1` event (through the outbox). */
@Injectable()
export class AccessRefusals {
  private readonly logger = new Logger('Access');

  constructor(
    private readonly outbox: Outbox,
    private readonly dataSource: DataSource,
  ) {}

  async record(
    request: FastifyRequest,
    actor: AccessClaims,
    reasonCode: string,
    refusedBy: 'gateway' | 'service',
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
          refusedBy,
          userId: actor.userId,
        },
      }),
    );
    this.logger.warn(`refused ${route} to role ${actor.role} (${reasonCode}, by ${refusedBy})`);
  }
}
