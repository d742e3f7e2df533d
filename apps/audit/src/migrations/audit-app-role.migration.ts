import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The role the audit service acts as (AUDIT_DATABASE_ROLE): it may append, never change. */
export const AUDIT_APP_ROLE = 'civic_audit_app';

/**
 * Creates the audit service's restricted role when the migrating user may create roles (a
 * DBA creates it otherwise), and grants it exactly this: read the log and append to it; its
 * own bookkeeping (stream positions, outbox, inbox) in full. No UPDATE, DELETE or TRUNCATE of
 * the log, no ownership: it cannot drop the triggers, change privileges or bypass them.
 */
export class AuditAppRole1764100000001 implements MigrationInterface {
  name = 'AuditAppRole1764100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${AUDIT_APP_ROLE}') THEN
          IF EXISTS (SELECT FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolcreaterole)) THEN
            CREATE ROLE ${AUDIT_APP_ROLE} NOLOGIN;
          ELSE
            RAISE NOTICE 'role ${AUDIT_APP_ROLE} is missing and cannot be created here: ask a DBA';
            RETURN;
          END IF;
        END IF;
        EXECUTE format('GRANT ${AUDIT_APP_ROLE} TO %I', current_user);
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO ${AUDIT_APP_ROLE}', current_schema());
        GRANT SELECT, INSERT ON audit_entries, merkle_nodes, tree_heads, signing_keys TO ${AUDIT_APP_ROLE};
        GRANT SELECT, INSERT, UPDATE ON stream_positions TO ${AUDIT_APP_ROLE};
        GRANT SELECT, INSERT, UPDATE, DELETE ON outbox, inbox, aggregate_sequences TO ${AUDIT_APP_ROLE};
        EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO ${AUDIT_APP_ROLE}', current_schema());
        GRANT SELECT ON migrations TO ${AUDIT_APP_ROLE};
      END $$`);
  }

  async down(): Promise<void> {
    throw new Error('the audit log is append-only: its migrations cannot be undone');
  }
}
