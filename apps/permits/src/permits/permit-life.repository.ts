import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PermitLifeStatus, PermitTransition } from '#contracts';

/** An issued permit as its life's use cases read it (the holder's id stays in the service). */
export interface PermitLifeRow {
  permitNumber: string;
  applicationId: string;
  permitType: string;
  typeVersion: number;
  holderId: string;
  status: PermitLifeStatus;
  validFrom: Date;
  validUntil: Date;
  lastSeq: number;
  renewalApplicationId: string | null;
}

export interface PermitTransitionRecord {
  id: string;
  permitNumber: string;
  seq: number;
  transition: PermitTransition;
  fromStatus: PermitLifeStatus;
  toStatus: PermitLifeStatus;
  actorId: string | null;
  actorRole: string | null;
  reasonCode: string | null;
  noteId: string | null;
  facts: Record<string, unknown>;
  eventId: string;
  at: Date;
}

const SELECT_PERMIT = `
  SELECT permit_number AS "permitNumber", application_id AS "applicationId",
         permit_type AS "permitType", type_version AS "typeVersion", holder_id AS "holderId",
         status, valid_from AS "validFrom", valid_until AS "validUntil", last_seq AS "lastSeq",
         renewal_application_id AS "renewalApplicationId"
  FROM permits`;

/** The SQL of a permit's life (`permits`, `permit_transitions`), on the manager it is given. */
@Injectable()
export class PermitLifeRepository {
  async find(
    db: EntityManager,
    permitNumber: string,
    options: { lock?: boolean } = {},
  ): Promise<PermitLifeRow | null> {
    const rows = await db.query<PermitLifeRow[]>(
      `${SELECT_PERMIT} WHERE permit_number = $1${options.lock ? ' FOR UPDATE' : ''}`,
      [permitNumber],
    );
    return rows[0] ?? null;
  }

  async transitionAt(
    db: EntityManager,
    permitNumber: string,
    seq: number,
  ): Promise<{ transition: PermitTransition } | null> {
    const rows = await db.query<{ transition: PermitTransition }[]>(
      'SELECT transition FROM permit_transitions WHERE permit_number = $1 AND workflow_seq = $2',
      [permitNumber, seq],
    );
    return rows[0] ?? null;
  }

  /** The permit's new status and what the transition sets, then its transition row. */
  async record(
    tx: EntityManager,
    t: PermitTransitionRecord,
    set: { renewalApplicationId?: string },
  ): Promise<void> {
    await tx.query(
      `UPDATE permits SET
         status = $2,
         last_seq = GREATEST(last_seq, $3),
         revoked_at = CASE WHEN $2 = 'revoked' AND status <> 'revoked' THEN $4 ELSE revoked_at END,
         revoke_reason_code = CASE WHEN $2 = 'revoked' THEN $5 ELSE revoke_reason_code END,
         revoked_by = CASE WHEN $2 = 'revoked' THEN $6::uuid ELSE revoked_by END,
         expired_at = CASE WHEN $2 = 'expired' AND status <> 'expired' THEN $4 ELSE expired_at END,
         renewal_application_id = COALESCE($7::uuid, renewal_application_id)
       WHERE permit_number = $1`,
      [
        t.permitNumber,
        t.toStatus,
        t.seq,
        t.at,
        t.transition === 'revoked' ? t.reasonCode : null,
        t.transition === 'revoked' ? t.actorId : null,
        set.renewalApplicationId ?? null,
      ],
    );
    await tx.query(
      `INSERT INTO permit_transitions (id, permit_number, workflow_seq, transition, from_status,
         to_status, actor_id, actor_role, reason_code, note_id, facts, event_id, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        t.id,
        t.permitNumber,
        t.seq,
        t.transition,
        t.fromStatus,
        t.toStatus,
        t.actorId,
        t.actorRole,
        t.reasonCode,
        t.noteId,
        JSON.stringify(t.facts),
        t.eventId,
        t.at,
      ],
    );
  }

  /** Links the renewal application to the permit it renews. */
  async markRenewal(tx: EntityManager, applicationId: string, permitNumber: string): Promise<void> {
    await tx.query('UPDATE applications SET renewal_of = $2 WHERE id = $1', [
      applicationId,
      permitNumber,
    ]);
  }
}
