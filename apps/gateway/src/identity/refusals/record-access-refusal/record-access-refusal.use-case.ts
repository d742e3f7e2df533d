import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ACCESS_DENIED_V1, type Role } from '#contracts';
import { Outbox } from '#platform';

export interface RecordAccessRefusal {
  /** What was refused, e.g. `POST /api/v1/users` (at most 64 characters are kept). */
  resource: string;
  /** The kind of `resource`: `http-route` unless told (e.g. `assisted-account`, an id). */
  resourceType?: string;
  /** What was attempted on it: `call` unless told (e.g. `reissue-claim-code`). */
  action?: string;
  actor: { userId: string; role: Role };
  /** Why: `ACCESS.ROLE_NOT_ALLOWED`, or a service's refusal code (`POLICY.NOT_OWNER`). */
  reasonCode: string;
  refusedBy: 'gateway' | 'service';
}

/**
 * A refusal of access, wherever it was decided, becomes a `gov.identity.access.denied.v1`
 * event through the outbox, so the audit trail sees it. The account's id and role only: no
 * personal data in the event.
 */
@Injectable()
export class RecordAccessRefusalUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  async execute(command: RecordAccessRefusal): Promise<void> {
    await this.outbox.transaction(this.dataSource.manager, (tx) => this.append(tx, command));
  }

  /** The same inside a transaction of the caller's (with what else the refusal leaves). */
  async append(tx: EntityManager, command: RecordAccessRefusal): Promise<void> {
    const { actor } = command;
    await this.outbox.append(tx, {
      subject: ACCESS_DENIED_V1,
      aggregateId: randomUUID(),
      actor: { kind: 'user', userId: actor.userId, role: actor.role },
      data: {
        resourceType: command.resourceType ?? 'http-route',
        resourceId: command.resource.slice(0, 64),
        action: command.action ?? 'call',
        reasonCode: command.reasonCode,
        refusedBy: command.refusedBy,
        userId: actor.userId,
      },
    });
  }
}
