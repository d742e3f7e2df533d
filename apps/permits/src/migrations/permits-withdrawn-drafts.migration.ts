import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A draft withdrawn before submission never got a case number: the applications' check that
 * ties the case number to the status now allows a withdrawn application without one (only a
 * draft or a withdrawn draft lacks it; a draft never has one).
 */
export class PermitsWithdrawnDrafts1768150000000 implements MigrationInterface {
  name = 'PermitsWithdrawnDrafts1768150000000';

  async up(q: QueryRunner): Promise<void> {
    const rows = (await q.query(
      `SELECT conname FROM pg_constraint
       WHERE conrelid = 'applications'::regclass AND contype = 'c'
         AND pg_get_constraintdef(oid) LIKE '%case_number IS NULL%'`,
    )) as { conname: string }[];
    for (const { conname } of rows)
      await q.query(`ALTER TABLE applications DROP CONSTRAINT "${conname}"`);
    await q.query(`
      ALTER TABLE applications ADD CONSTRAINT applications_case_number_when_submitted CHECK (
        CASE status
          WHEN 'draft' THEN case_number IS NULL
          WHEN 'withdrawn' THEN true
          ELSE case_number IS NOT NULL
        END)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE applications DROP CONSTRAINT applications_case_number_when_submitted',
    );
    await q.query(
      `ALTER TABLE applications ADD CONSTRAINT applications_check
         CHECK ((status = 'draft') = (case_number IS NULL))`,
    );
  }
}
