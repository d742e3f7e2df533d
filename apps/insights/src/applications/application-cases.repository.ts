import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ApplicationCase, ApplicationStatus, DeadlineOutcome } from './application-case.js';

interface Row {
  application_id: string;
  permit_type: string;
  status: ApplicationStatus;
  submitted_at: Date | null;
  decided_at: Date | null;
  review_due_at: Date | null;
  deadline: DeadlineOutcome | null;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** The application rows, read and written on the event's transaction. */
@Injectable()
export class ApplicationCasesRepository {
  /** The case, locked until the transaction ends (another lane may hold its issued event). */
  async find(manager: EntityManager, applicationId: string): Promise<ApplicationCase | undefined> {
    const rows = await manager.query<Row[]>(
      `SELECT * FROM application_cases WHERE application_id = $1 FOR UPDATE`,
      [applicationId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      applicationId: row.application_id,
      permitType: row.permit_type,
      status: row.status,
      submittedAt: iso(row.submitted_at),
      decidedAt: iso(row.decided_at),
      reviewDueAt: iso(row.review_due_at),
      deadline: row.deadline,
    };
  }

  async save(manager: EntityManager, c: ApplicationCase): Promise<void> {
    await manager.query(
      `INSERT INTO application_cases
         (application_id, permit_type, status, submitted_at, decided_at, review_due_at, deadline)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (application_id) DO UPDATE SET
         permit_type = EXCLUDED.permit_type, status = EXCLUDED.status,
         submitted_at = EXCLUDED.submitted_at, decided_at = EXCLUDED.decided_at,
         review_due_at = EXCLUDED.review_due_at, deadline = EXCLUDED.deadline, updated_at = now()`,
      [
        c.applicationId,
        c.permitType,
        c.status,
        c.submittedAt,
        c.decidedAt,
        c.reviewDueAt,
        c.deadline,
      ],
    );
  }
}
