import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseView } from '#contracts';
import type { Application } from '../applications/application.js';

/**
 * An application as the case work reads it (`applications`, after submission): the fields of
 * the application it needs, and the number of its permit once issued.
 */
export type CaseRow = Pick<
  Application,
  | 'id'
  | 'caseNumber'
  | 'applicantId'
  | 'permitType'
  | 'typeVersion'
  | 'status'
  | 'step'
  | 'assigneeId'
  | 'escalated'
  | 'secondApprovalRequired'
  | 'approverIds'
  | 'clock'
  | 'completenessDueAt'
  | 'paymentDueAt'
  | 'reviewDueAt'
  | 'workingDaysLeft'
  | 'quantities'
  | 'details'
  | 'submittedAt'
  | 'filedBy'
> & {
  siteAddress: string;
  permitNumber: string | null;
  /** A renewal: the permit it renews (its review clock is the type's `renewalReviewDays`). */
  renewalOf?: string | null;
};

const SELECT_CASE = `
  SELECT a.id, a.case_number AS "caseNumber", a.applicant_id AS "applicantId",
         a.permit_type AS "permitType", a.type_version AS "typeVersion", a.status, a.step,
         a.assignee_id AS "assigneeId", a.escalated,
         a.second_approval_required AS "secondApprovalRequired", a.approver_ids AS "approverIds",
         a.clock, a.completeness_due_at AS "completenessDueAt", a.payment_due_at AS "paymentDueAt",
         a.review_due_at AS "reviewDueAt", a.working_days_left AS "workingDaysLeft",
         a.quantities, a.details, a.site_address AS "siteAddress", a.submitted_at AS "submittedAt",
         a.filed_by AS "filedBy", p.permit_number AS "permitNumber", a.renewal_of AS "renewalOf"
  FROM applications a LEFT JOIN permits p ON p.application_id = a.id`;

/** The SQL of the case work's reads of `applications`, on the EntityManager it is given. */
@Injectable()
export class CaseRepository {
  async find(
    db: EntityManager,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<CaseRow | null> {
    const rows = await db.query<CaseRow[]>(
      `${SELECT_CASE} WHERE a.id = $1${options.lock ? ' FOR UPDATE OF a' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** How many transitions the case's workflow has recorded (rows with a workflow seq). */
  async workflowTransitions(db: EntityManager, applicationId: string): Promise<number> {
    const rows = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM application_transitions
        WHERE application_id = $1 AND workflow_seq IS NOT NULL`,
      [applicationId],
    );
    return rows[0]?.n ?? 0;
  }

  /**
   * The first completeness deadline of cases whose workflows are being started (the due time
   * their input carries), so the work queue and the status page show it from the start; the
   * workflow records the same value when the deadline confirms completeness. One statement for
   * the batch; a case whose check has already moved on, or that has a due time, keeps its own.
   */
  async setFirstCompletenessDue(
    db: EntityManager,
    due: readonly { applicationId: string; dueAt: string }[],
  ): Promise<void> {
    if (due.length === 0) return;
    await db.query(
      `UPDATE applications a SET completeness_due_at = d.due_at
         FROM unnest($1::uuid[], $2::timestamptz[]) AS d(id, due_at)
        WHERE a.id = d.id AND a.step = 'completeness_check' AND a.completeness_due_at IS NULL`,
      [due.map((d) => d.applicationId), due.map((d) => d.dueAt)],
    );
  }

  /** Ids of submitted cases whose workflow is still running (for a calendar change). */
  async openCaseIds(db: EntityManager): Promise<string[]> {
    const rows = await db.query<{ id: string }[]>(
      `SELECT id FROM applications
       WHERE status NOT IN ('draft', 'issued', 'rejected', 'withdrawn', 'lapsed')
       ORDER BY id`,
    );
    return rows.map((r) => r.id);
  }

  /** Stores free text of the case file; returns its id. */
  async insertNote(
    tx: EntityManager,
    note: {
      id: string;
      applicationId: string;
      kind: 'decision' | 'findings' | 'staff' | 'applicant' | 'condition' | 'hold';
      authorId: string;
      authorRole: string;
      body: string;
    },
  ): Promise<string> {
    await tx.query(
      `INSERT INTO application_notes (id, application_id, kind, author_id, author_role, body)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [note.id, note.applicationId, note.kind, note.authorId, note.authorRole, note.body],
    );
    return note.id;
  }
}

/** What the case work answers: the case as the table says now. */
export const caseView = (row: CaseRow): CaseView => ({
  applicationId: row.id,
  caseNumber: row.caseNumber,
  permitType: row.permitType,
  status: row.status,
  step: row.step,
  assigneeId: row.assigneeId,
  escalated: row.escalated,
  secondApprovalRequired: row.secondApprovalRequired,
  approverIds: row.approverIds,
  clock: row.clock,
  reviewDueAt: row.reviewDueAt?.toISOString() ?? null,
  workingDaysLeft: row.workingDaysLeft,
  permitNumber: row.permitNumber,
});
