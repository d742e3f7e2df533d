import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A condition of approval as the tables hold it, with its text. */
export interface ConditionRecord {
  id: string;
  code: string;
  text: string;
  addedBy: string;
  addedRole: string;
  addedAt: Date;
  metAt: Date | null;
  metBy: string | null;
  metRole: string | null;
  metNote: string | null;
}

/** An application's open hold, with its free text. */
export interface HoldRecord {
  id: string;
  reasonCode: string;
  note: string | null;
  heldBy: string;
  heldRole: string;
  heldAt: Date;
}

/**
 * The SQL of conditions of approval and holds (`application_conditions`, `application_holds`,
 * migration `PermitsConditionsHolds1768410000000`), on the EntityManager it is given. The
 * transition writer writes them (`condition-added`, `condition-met`, `held`, `released`); the
 * use cases and the application view read them.
 */
@Injectable()
export class ConditionRepository {
  async insertCondition(
    tx: EntityManager,
    c: {
      id: string;
      applicationId: string;
      code: string;
      textNoteId: string;
      addedBy: string;
      addedRole: string;
      at: Date;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO application_conditions
         (id, application_id, code, text_note_id, added_by, added_role, added_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
      [c.id, c.applicationId, c.code, c.textNoteId, c.addedBy, c.addedRole, c.at],
    );
  }

  async markMet(
    tx: EntityManager,
    m: {
      id: string;
      applicationId: string;
      metBy: string;
      metRole: string;
      noteId: string | null;
      at: Date;
    },
  ): Promise<void> {
    await tx.query(
      `UPDATE application_conditions SET met_at = $3, met_by = $4, met_role = $5, met_note_id = $6
       WHERE id = $1 AND application_id = $2 AND met_at IS NULL`,
      [m.id, m.applicationId, m.at, m.metBy, m.metRole, m.noteId],
    );
  }

  async conditionsOf(db: EntityManager, applicationId: string): Promise<ConditionRecord[]> {
    return db.query<ConditionRecord[]>(
      `SELECT c.id, c.code, t.body AS text, c.added_by AS "addedBy", c.added_role AS "addedRole",
              c.added_at AS "addedAt", c.met_at AS "metAt", c.met_by AS "metBy",
              c.met_role AS "metRole", m.body AS "metNote"
       FROM application_conditions c
       JOIN application_notes t ON t.id = c.text_note_id
       LEFT JOIN application_notes m ON m.id = c.met_note_id
       WHERE c.application_id = $1 ORDER BY c.added_at, c.id`,
      [applicationId],
    );
  }

  async findCondition(
    db: EntityManager,
    applicationId: string,
    conditionId: string,
  ): Promise<{ id: string; metAt: Date | null } | undefined> {
    const rows = await db.query<{ id: string; metAt: Date | null }[]>(
      `SELECT id, met_at AS "metAt" FROM application_conditions
       WHERE application_id = $1 AND id = $2`,
      [applicationId, conditionId],
    );
    return rows[0];
  }

  async unmetCount(db: EntityManager, applicationId: string): Promise<number> {
    const rows = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM application_conditions
       WHERE application_id = $1 AND met_at IS NULL`,
      [applicationId],
    );
    return rows[0]?.n ?? 0;
  }

  async insertHold(
    tx: EntityManager,
    h: {
      id: string;
      applicationId: string;
      reasonCode: string;
      noteId: string | null;
      heldBy: string;
      heldRole: string;
      at: Date;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO application_holds
         (id, application_id, reason_code, note_id, held_by, held_role, held_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [h.id, h.applicationId, h.reasonCode, h.noteId, h.heldBy, h.heldRole, h.at],
    );
  }

  async releaseHold(
    tx: EntityManager,
    r: {
      applicationId: string;
      releasedBy: string;
      releasedRole: string;
      noteId: string | null;
      at: Date;
    },
  ): Promise<void> {
    await tx.query(
      `UPDATE application_holds
       SET released_at = $2, released_by = $3, released_role = $4, release_note_id = $5
       WHERE application_id = $1 AND released_at IS NULL`,
      [r.applicationId, r.at, r.releasedBy, r.releasedRole, r.noteId],
    );
  }

  async openHold(db: EntityManager, applicationId: string): Promise<HoldRecord | undefined> {
    const rows = await db.query<HoldRecord[]>(
      `SELECT h.id, h.reason_code AS "reasonCode", n.body AS note, h.held_by AS "heldBy",
              h.held_role AS "heldRole", h.held_at AS "heldAt"
       FROM application_holds h LEFT JOIN application_notes n ON n.id = h.note_id
       WHERE h.application_id = $1 AND h.released_at IS NULL`,
      [applicationId],
    );
    return rows[0];
  }
}
