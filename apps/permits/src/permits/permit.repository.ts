import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface PermitRow {
  permitNumber: string;
  applicationId: string;
  validFrom: Date;
  validUntil: Date;
}

/** The SQL of issued permits and their numbers, on the EntityManager it is given. */
@Injectable()
export class PermitRepository {
  async findByApplication(db: EntityManager, applicationId: string): Promise<PermitRow | null> {
    const rows = await db.query<PermitRow[]>(
      `SELECT permit_number AS "permitNumber", application_id AS "applicationId",
              valid_from AS "validFrom", valid_until AS "validUntil"
       FROM permits WHERE application_id = $1`,
      [applicationId],
    );
    return rows[0] ?? null;
  }

  /**
   * The next permit number of a prefix and year: the counter row's lock serialises only the
   * transactions that take a number of the same prefix and year, and holds until commit, so
   * numbers are gapless.
   */
  async nextNumber(tx: EntityManager, prefix: string, year: number): Promise<number> {
    const rows = await tx.query<{ last: number }[]>(
      `INSERT INTO number_counters (kind, prefix, year, last) VALUES ('permit', $1, $2, 1)
       ON CONFLICT (kind, prefix, year) DO UPDATE SET last = number_counters.last + 1
       RETURNING last`,
      [prefix, year],
    );
    return Number(rows[0]?.last);
  }

  async insert(
    tx: EntityManager,
    permit: {
      permitNumber: string;
      applicationId: string;
      permitType: string;
      typeVersion: number;
      holderId: string;
      holderHash: string;
      holderDisplayName: string | null;
      validFrom: Date;
      validUntil: Date;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO permits (permit_number, application_id, permit_type, type_version, holder_id,
                            holder_hash, holder_display_name, valid_from, valid_until, issued_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8)`,
      [
        permit.permitNumber,
        permit.applicationId,
        permit.permitType,
        permit.typeVersion,
        permit.holderId,
        permit.holderHash,
        permit.holderDisplayName,
        permit.validFrom,
        permit.validUntil,
      ],
    );
  }

  /** The application is issued: its status, the closed clock, and the transition row. */
  async recordIssued(
    tx: EntityManager,
    issued: {
      applicationId: string;
      seq: number;
      fromStatus: string;
      permitNumber: string;
      eventId: string;
      at: Date;
      transitionId: string;
    },
  ): Promise<void> {
    await tx.query(
      `UPDATE applications
       SET status = 'issued', step = 'closed', clock = 'done', closed_at = $2, updated_at = $2,
           last_seq = GREATEST(last_seq, $3)
       WHERE id = $1`,
      [issued.applicationId, issued.at, issued.seq],
    );
    await tx.query(
      `INSERT INTO application_transitions
         (id, application_id, workflow_seq, transition, from_status, to_status, facts, event_id, at)
       VALUES ($1, $2, $3, 'issued', $4, 'issued', $5, $6, $7)`,
      [
        issued.transitionId,
        issued.applicationId,
        issued.seq,
        issued.fromStatus,
        JSON.stringify({ permitNumber: issued.permitNumber }),
        issued.eventId,
        issued.at,
      ],
    );
  }
}
