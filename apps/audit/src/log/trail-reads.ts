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
    // The read changes nothing else, and `Outbox.append` is one statement (the aggregate's
    // sequence and the outbox row together): it commits on its own, without the two round
    // trips of BEGIN and COMMIT around it (a proof's latency is mostly round trips).
    await this.outbox.append(this.dataSource.manager, {
      subject: AUDIT_TRAIL_READ_V1,
      aggregateId: actor ? `reader:${actor.userId}` : 'reader:system',
      actor: actor ? { kind: 'user', userId: actor.userId, role: actor.role } : SYSTEM_ACTOR,
      data: read,
    });
    this.outbox.notifyCommitted();
  }
}
