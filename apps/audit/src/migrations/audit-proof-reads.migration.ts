import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_APP_ROLE } from './audit-app-role.migration.js';

/**
 * Proofs asked of the log, recorded as they are given (one row each, committed before the
 * answer) and taken out in batches into `gov.audit.trail.read.v1` events, one per reader and
 * kind of proof (`TrailReads`). Not part of the log: rows leave as their events are written
 * (taken with `FOR UPDATE SKIP LOCKED`, which needs UPDATE).
 */
export class AuditProofReads1765000000000 implements MigrationInterface {
  name = 'AuditProofReads1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE proof_reads (
        id        bigserial PRIMARY KEY,
        reader    text NOT NULL,
        actor     jsonb NOT NULL,
        read      text NOT NULL,
        seq       bigint,
        read_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT FROM pg_roles WHERE rolname = '${AUDIT_APP_ROLE}') THEN
          GRANT SELECT, INSERT, UPDATE, DELETE ON proof_reads TO ${AUDIT_APP_ROLE};
          GRANT USAGE, SELECT ON SEQUENCE proof_reads_id_seq TO ${AUDIT_APP_ROLE};
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE proof_reads');
  }
}
