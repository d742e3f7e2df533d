import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { WhatIfJobStatus, WhatIfReport, WhatIfRequest } from '#contracts';
import type { ReviewRemedy } from '../permit-types/permit-type.js';
import type { ActualRules, CaseHistory } from './case-history.js';
import {
  historyFromTransitions,
  type ApplicationRow,
  type TransitionRow,
} from './history-from-transitions.js';

/** Cases read per round trip (their transitions come in one more). */
const BATCH = 2_000;

export interface WhatIfJob {
  id: string;
  requestedBy: string;
  proposal: WhatIfRequest;
  asOf: Date;
  status: WhatIfJobStatus;
  attempts: number;
  report: WhatIfReport | null;
  error: string | null;
  requestedAt: Date;
  finishedAt: Date | null;
}

interface JobRow {
  id: string;
  requested_by: string;
  proposal: WhatIfRequest;
  as_of: Date;
  status: WhatIfJobStatus;
  attempts: number;
  report: WhatIfReport | null;
  error: string | null;
  requested_at: Date;
  finished_at: Date | null;
}

const jobOf = (r: JobRow): WhatIfJob => ({
  id: r.id,
  requestedBy: r.requested_by,
  proposal: r.proposal,
  asOf: r.as_of,
  status: r.status,
  attempts: r.attempts,
  report: r.report,
  error: r.error,
  requestedAt: r.requested_at,
  finishedAt: r.finished_at,
});

/**
 * The what-if replay's statements: it reads the cases' history (applications, their
 * transitions, the rules of their type versions) and writes only its own jobs.
 */
@Injectable()
export class WhatIfRepository {
  /** Rules of every type version: `(code, version)` → the parts the clocks count with. */
  async typeRules(db: EntityManager): Promise<Map<string, ActualRules>> {
    const rows = await db.query<
      {
        code: string;
        version: number;
        review_days: number | null;
        completeness_days: number | null;
        payment_days: number | null;
        remedy: ReviewRemedy | null;
      }[]
    >(
      `SELECT code, version, (definition ->> 'reviewDays')::int AS review_days,
              (definition ->> 'completenessCheckDays')::int AS completeness_days,
              (definition ->> 'paymentDays')::int AS payment_days,
              definition ->> 'remedy' AS remedy
       FROM permit_type_versions`,
    );
    return new Map(
      rows.map((r) => [
        `${r.code}@${r.version}`,
        {
          ...(r.review_days !== null ? { reviewDays: r.review_days } : {}),
          ...(r.completeness_days !== null ? { completenessCheckDays: r.completeness_days } : {}),
          ...(r.payment_days !== null ? { paymentDays: r.payment_days } : {}),
          ...(r.remedy !== null ? { remedy: r.remedy } : {}),
        },
      ]),
    );
  }

  /** The declared quantities of each type's current version. */
  async currentQuantities(db: EntityManager): Promise<Map<string, string[]>> {
    const rows = await db.query<{ code: string; quantities: string[] }[]>(
      `SELECT t.code, coalesce(array(
                SELECT q ->> 'code' FROM jsonb_array_elements(v.definition -> 'quantities') q
              ), '{}') AS quantities
       FROM permit_types t
       JOIN permit_type_versions v ON v.code = t.code AND v.version = t.current_version`,
    );
    return new Map(rows.map((r) => [r.code, r.quantities]));
  }

  /**
   * Every case submitted in [start, end) with its transitions up to `asOf`, oldest submission
   * first, in batches (a large history is never held at once).
   */
  async *histories(
    db: EntityManager,
    start: Date,
    end: Date,
    asOf: Date,
    rules: Map<string, ActualRules>,
  ): AsyncGenerator<CaseHistory> {
    let after: { at: Date; id: string } = {
      at: new Date(0),
      id: '00000000-0000-0000-0000-000000000000',
    };
    for (;;) {
      const apps = await db.query<ApplicationRow[]>(
        `SELECT id, permit_type, type_version, submitted_at, quantities FROM applications
         WHERE submitted_at >= $1 AND submitted_at < $2 AND submitted_at <= $3
           AND (submitted_at, id) > ($4, $5)
         ORDER BY submitted_at, id LIMIT ${BATCH}`,
        [start, end, asOf, after.at, after.id],
      );
      if (apps.length === 0) return;
      const rows = await db.query<(TransitionRow & { application_id: string })[]>(
        `SELECT application_id, transition, reason_code, facts, at FROM application_transitions
         WHERE application_id = ANY($1) AND at <= $2
         ORDER BY application_id, at, workflow_seq NULLS FIRST, id`,
        [apps.map((a) => a.id), asOf],
      );
      const byCase = new Map<string, TransitionRow[]>();
      for (const row of rows) {
        const list = byCase.get(row.application_id);
        if (list) list.push(row);
        else byCase.set(row.application_id, [row]);
      }
      for (const a of apps)
        yield historyFromTransitions(
          a,
          byCase.get(a.id) ?? [],
          rules.get(`${a.permit_type}@${a.type_version}`) ?? {},
        );
      const last = apps[apps.length - 1] as ApplicationRow;
      after = { at: last.submitted_at, id: last.id };
      if (apps.length < BATCH) return;
    }
  }

  // ---- jobs ------------------------------------------------------------------------------

  async insertJob(
    db: EntityManager,
    job: { id: string; requestedBy: string; proposal: WhatIfRequest; asOf: Date },
  ): Promise<WhatIfJob> {
    const rows = await db.query<JobRow[]>(
      `INSERT INTO what_if_jobs (id, requested_by, proposal, as_of, requested_at)
       VALUES ($1, $2, $3, $4, $4) RETURNING *`,
      [job.id, job.requestedBy, JSON.stringify(job.proposal), job.asOf],
    );
    return jobOf(rows[0] as JobRow);
  }

  async findJob(db: EntityManager, id: string): Promise<WhatIfJob | undefined> {
    const rows = await db.query<JobRow[]>('SELECT * FROM what_if_jobs WHERE id = $1', [id]);
    return rows[0] ? jobOf(rows[0]) : undefined;
  }

  /**
   * Takes the oldest job that is queued, or running under a lease that ran out (its runner
   * died), and leases it for `leaseMs`.
   */
  async claimJob(db: EntityManager, leaseMs: number): Promise<WhatIfJob | undefined> {
    const result: unknown = await db.query(
      `UPDATE what_if_jobs SET status = 'running', attempts = attempts + 1,
              lease_until = now() + make_interval(secs => $1::double precision / 1000)
       WHERE id = (
         SELECT id FROM what_if_jobs
         WHERE status = 'queued' OR (status = 'running' AND lease_until < now())
         ORDER BY requested_at FOR UPDATE SKIP LOCKED LIMIT 1)
       RETURNING *`,
      [leaseMs],
    );
    const row = returnedRows<JobRow>(result)[0];
    return row ? jobOf(row) : undefined;
  }

  /** Keeps the lease of a job that is still being worked on (false: it is no longer ours). */
  async renewLease(
    db: EntityManager,
    id: string,
    attempt: number,
    leaseMs: number,
  ): Promise<boolean> {
    const result: unknown = await db.query(
      `UPDATE what_if_jobs SET lease_until = now() + make_interval(secs => $3::double precision / 1000)
       WHERE id = $1 AND attempts = $2 AND status = 'running' RETURNING id`,
      [id, attempt, leaseMs],
    );
    return returnedRows(result).length > 0;
  }

  async finishJob(
    db: EntityManager,
    id: string,
    attempt: number,
    outcome: { report: WhatIfReport } | { error: string },
  ): Promise<void> {
    await db.query(
      `UPDATE what_if_jobs SET status = $3, report = $4, error = $5, finished_at = now(),
              lease_until = NULL
       WHERE id = $1 AND attempts = $2 AND status = 'running'`,
      [
        id,
        attempt,
        'report' in outcome ? 'done' : 'failed',
        'report' in outcome ? JSON.stringify(outcome.report) : null,
        'error' in outcome ? outcome.error : null,
      ],
    );
  }
}

/** TypeORM answers an UPDATE … RETURNING on PostgreSQL as `[rows, count]`. */
function returnedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]))
    return result[0] as T[];
  return result as T[];
}
