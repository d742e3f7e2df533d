import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_APP_ROLE } from './audit-app-role.migration.js';

/**
 * Messages of a context stream that were not events: each is dead-lettered and recorded in
 * the log once (a `gov.audit.log.anomaly-detected.v1` event), whatever redelivery brings; this
 * table remembers which (stream, sequence) were recorded. Its bytes are not kept: their
 * SHA-256 is. Append-only like the log.
 */
export class AuditAnomalies1764900000000 implements MigrationInterface {
  name = 'AuditAnomalies1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_anomalies (
        stream       text NOT NULL,
        stream_seq   bigint NOT NULL,
        nats_subject text NOT NULL,
        reason       text NOT NULL,
        sha256       bytea NOT NULL CHECK (length(sha256) = 32),
        seen_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (stream, stream_seq)
      )`);
    await q.query(`
      CREATE TRIGGER audit_anomalies_no_change BEFORE UPDATE OR DELETE ON audit_anomalies
      FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_anomalies_no_truncate BEFORE TRUNCATE ON audit_anomalies
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only()`);
    await q.query('REVOKE UPDATE, DELETE, TRUNCATE ON audit_anomalies FROM PUBLIC');
    await q.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT FROM pg_roles WHERE rolname = '${AUDIT_APP_ROLE}') THEN
          GRANT SELECT, INSERT ON audit_anomalies TO ${AUDIT_APP_ROLE};
        END IF;
      END $$`);
  }

  async down(): Promise<void> {
    throw new Error('the audit log is append-only: its migrations cannot be undone');
  }
}
