import { Injectable, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AccessClaims } from '../identity/token-issuer.js';
import { RecordAccessRefusalUseCase } from '../identity/refusals/record-access-refusal/record-access-refusal.use-case.js';

/** Writes a refusal of an HTTP request as a `gov.identity.access.denied.v1` event. */
@Injectable()
export class AccessRefusals {
  private readonly logger = new Logger('Access');

  constructor(private readonly recordRefusal: RecordAccessRefusalUseCase) {}

  async record(
    request: FastifyRequest,
    actor: AccessClaims,
    reasonCode: string,
    refusedBy: 'gateway' | 'service',
  ): Promise<void> {
    const route = `${request.method} ${request.routeOptions.url ?? request.url}`.slice(0, 64);
    await this.recordRefusal.execute({
      resource: route,
      actor: { userId: actor.userId, role: actor.role },
      reasonCode,
      refusedBy,
    });
    this.logger.warn(`refused ${route} to role ${actor.role} (${reasonCode}, by ${refusedBy})`);
  }
}
