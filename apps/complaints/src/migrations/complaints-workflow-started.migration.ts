import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a request's workflow start succeeded (`workflow_started` had no time and was never
 * written): set by the bridge in the transaction of its inbox entry; the bench reads the lag
 * from it.
 */
export class ComplaintsWorkflowStarted1768000000002 implements MigrationInterface {
  name = 'ComplaintsWorkflowStarted1768000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE requests ADD COLUMN workflow_started_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE requests DROP COLUMN workflow_started_at`);
  }
}
