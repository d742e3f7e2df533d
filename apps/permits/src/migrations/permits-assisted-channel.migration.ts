import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The assisted channel: an application filed at the counter by a clerk on its applicant's
 * behalf records the clerk (`filed_by`) and the channel `assisted`; every other one is
 * `online` and filed by its applicant (`filed_by` null). The clerk who filed an application
 * never decides it (separation of duties, checked by the service).
 */
export class PermitsAssistedChannel1768600000100 implements MigrationInterface {
  name = 'PermitsAssistedChannel1768600000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE applications
        ADD COLUMN channel text NOT NULL DEFAULT 'online' CHECK (channel IN ('online', 'assisted')),
        ADD COLUMN filed_by uuid,
        ADD CONSTRAINT applications_filed_by_when_assisted
          CHECK ((channel = 'assisted') = (filed_by IS NOT NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE applications DROP CONSTRAINT applications_filed_by_when_assisted,
        DROP COLUMN filed_by, DROP COLUMN channel`);
  }
}
