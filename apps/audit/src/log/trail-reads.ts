import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AUDIT_TRAIL_READ_V1, SYSTEM_ACTOR, type AuditTrailReadV1 } from '#contracts';
import { currentActor, Outbox } from '#platform';

/**
 * Every read of the trail goes into the trail: a `gov.audit.trail.read.v1` event with its
 * reader (the actor of the request being served), through the outbox like any event.
 */
@Injectable()
export class TrailReads {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  async record(read: AuditTrailReadV1): Promise<void> {
    const actor = currentActor();
    await this.outbox.transaction(this.dataSource.manager, (tx) =>
      this.outbox.append(tx, {
        subject: AUDIT_TRAIL_READ_V1,
        aggregateId: actor ? `reader:${actor.userId}` : 'reader:system',
        actor: actor ? { kind: 'user', userId: actor.userId, role: actor.role } : SYSTEM_ACTOR,
        data: read,
      }),
    );
  }
}
