import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What-if jobs (docs/permits.md, "What-if replay"): a supervisor's proposal, queued, run in the
 * background by the permits service and answered with its report. A job whose runner died is
 * taken again once its lease ran out; the replay reads the cases as they stood at `as_of`, so a
 * re-run gives the same report. Nothing else is written.
 */
export class PermitsWhatIf1768320000000 implements MigrationInterface {
  name = 'PermitsWhatIf1768320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE what_if_jobs (
        id            uuid PRIMARY KEY,
        requested_by  uuid NOT NULL,
        proposal      jsonb NOT NULL,
        as_of         timestamptz NOT NULL,
        status        text NOT NULL DEFAULT 'queued'
                        CHECK (status IN ('queued', 'running', 'done', 'failed')),
        attempts      int NOT NULL DEFAULT 0,
        lease_until   timestamptz,
        report        jsonb,
        error         text,
        requested_at  timestamptz NOT NULL DEFAULT now(),
        finished_at   timestamptz,
        CHECK ((status = 'done') = (report IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX what_if_jobs_unfinished ON what_if_jobs (requested_at)
       WHERE status IN ('queued', 'running')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE what_if_jobs');
  }
}
