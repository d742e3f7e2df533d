import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ApplicationStatus, CaseStep, TaskKind } from '#contracts';

export interface TaskRow {
  id: string;
  kind: TaskKind;
  caseNumber: string;
  permitType: string;
  status: ApplicationStatus;
  step: CaseStep;
  assigneeId: string | null;
  dueAt: Date | null;
  inspectionId: string | null;
  scheduledFor: string | null;
  /** The open hold's start and reason code (null: not held). */
  heldSince: Date | null;
  holdReasonCode: string | null;
}

/** At most this many tasks per queue (overdue first): a queue longer than that is a backlog. */
export const TASK_LIMIT = 200;

/** A case's kind of task and its due time, from its step. */
const CASE_TASK = `
  CASE WHEN a.escalated THEN 'escalation'
       WHEN a.step = 'second_approval' THEN 'second_approval'
       WHEN a.step = 'completeness_check' THEN 'completeness_check'
       ELSE 'review' END`;
const CASE_DUE = `
  CASE WHEN a.step = 'completeness_check' THEN a.completeness_due_at ELSE a.review_due_at END`;

/** The case's open hold (at most one per application), if any. */
const OPEN_HOLD = `
  LEFT JOIN application_holds h ON h.application_id = a.id AND h.released_at IS NULL`;
const HOLD_COLUMNS = `h.held_at AS "heldSince", h.reason_code AS "holdReasonCode"`;

const CASE_COLUMNS = `
  a.id, ${CASE_TASK} AS kind, a.case_number AS "caseNumber", a.permit_type AS "permitType",
  a.status, a.step, a.assignee_id AS "assigneeId", ${CASE_DUE} AS "dueAt",
  NULL::uuid AS "inspectionId", NULL::text AS "scheduledFor", ${HOLD_COLUMNS}`;

/**
 * Workable before held (a held case cannot move and its clock is stopped: never overdue), held
 * ones longest held first; among the workable, overdue first (by how long), then by due time,
 * cases without a due time last.
 */
const BY_DUE = `"heldSince" ASC NULLS FIRST, ("dueAt" < now()) DESC NULLS LAST,
  "dueAt" ASC NULLS LAST, id`;
const QUEUE_ORDER = `ORDER BY ${BY_DUE} LIMIT ${TASK_LIMIT}`;

/** Steps in which a clerk works the case (checking, reviewing, re-scheduling a failed inspection). */
const CLERK_STEPS = `('completeness_check', 'review', 'inspection_failed')`;

/**
 * The work queues as SQL over `applications`, `inspections` and open `application_holds` (the
 * table is the truth for reads). Never a case of the caller's own. A held case stays in its
 * queue, marked and last: whoever works it sees it is paused and why, the supervisor what to
 * release.
 */
@Injectable()
export class TaskRepository {
  /** A clerk's: cases to check or review, unassigned or assigned to them. */
  async forClerk(db: EntityManager, userId: string): Promise<TaskRow[]> {
    return db.query<TaskRow[]>(
      `SELECT * FROM (
         SELECT ${CASE_COLUMNS} FROM applications a ${OPEN_HOLD}
         WHERE a.step IN ${CLERK_STEPS} AND NOT a.escalated
           AND (a.assignee_id IS NULL OR a.assignee_id = $1) AND a.applicant_id <> $1
           AND a.filed_by IS DISTINCT FROM $1) q
       ${QUEUE_ORDER}`,
      [userId],
    );
  }

  /**
   * A supervisor's: escalations and second approvals first of all, then every case a clerk
   * works (to reassign it).
   */
  async forSupervisor(db: EntityManager, userId: string): Promise<TaskRow[]> {
    return db.query<TaskRow[]>(
      `SELECT * FROM (
         SELECT ${CASE_COLUMNS} FROM applications a ${OPEN_HOLD}
         WHERE (a.escalated OR a.step = 'second_approval' OR a.step IN ${CLERK_STEPS})
           AND a.status NOT IN ('draft', 'issued', 'rejected', 'withdrawn', 'lapsed')
           AND a.applicant_id <> $1
           AND a.filed_by IS DISTINCT FROM $1) q
       ORDER BY (kind IN ('escalation', 'second_approval') AND "heldSince" IS NULL) DESC,
                ${BY_DUE}
       LIMIT ${TASK_LIMIT}`,
      [userId],
    );
  }

  /** An inspector's: their scheduled inspections, due at the start of their day (UTC). */
  async forInspector(db: EntityManager, userId: string): Promise<TaskRow[]> {
    return db.query<TaskRow[]>(
      `SELECT * FROM (
         SELECT a.id, 'inspection' AS kind, a.case_number AS "caseNumber",
                a.permit_type AS "permitType", a.status, a.step, a.assignee_id AS "assigneeId",
                i.scheduled_for::timestamp AT TIME ZONE 'UTC' AS "dueAt",
                i.id AS "inspectionId", to_char(i.scheduled_for, 'YYYY-MM-DD') AS "scheduledFor",
                ${HOLD_COLUMNS}
         FROM inspections i JOIN applications a ON a.id = i.application_id ${OPEN_HOLD}
         WHERE i.inspector_id = $1 AND i.status = 'scheduled' AND a.applicant_id <> $1
           AND a.filed_by IS DISTINCT FROM $1) q
       ${QUEUE_ORDER}`,
      [userId],
    );
  }
}
