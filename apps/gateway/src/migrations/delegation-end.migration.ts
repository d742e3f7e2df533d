import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A delegation can end before it expires: the clerk finishes at the counter, or the person
 * withdraws it from their own account. `ended_at` and who ended it; a delegation is live while
 * it has not ended and not expired.
 */
export class DelegationEnd1768600000030 implements MigrationInterface {
  name = 'DelegationEnd1768600000030';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE delegations
        ADD COLUMN ended_at timestamptz,
        ADD COLUMN ended_by text CHECK (ended_by IN ('clerk', 'holder')),
        ADD CHECK ((ended_at IS NULL) = (ended_by IS NULL))`);
    await q.query(
      'CREATE INDEX delegations_applicant_live ON delegations (applicant_id, expires_at) WHERE ended_at IS NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX delegations_applicant_live');
    await q.query('ALTER TABLE delegations DROP COLUMN ended_by, DROP COLUMN ended_at');
  }
}
