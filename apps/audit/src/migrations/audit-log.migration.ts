import type { MigrationInterface, QueryRunner } from 'typeorm';

const APPEND_ONLY = ['audit_entries', 'merkle_nodes', 'tree_heads', 'signing_keys'];

/**
 * The append-only audit log: entries (leaf index = seq, from 0), the Merkle tree's complete
 * subtrees (level, index), signed tree heads, the public keys that signed them, and how far
 * each stream has been read.
 *
 * History cannot be changed through the database: UPDATE, DELETE and TRUNCATE on the log's
 * tables raise an error (triggers), and no role but the table owner holds those privileges.
 */
export class AuditLog1764100000000 implements MigrationInterface {
  name = 'AuditLog1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_entries (
        seq            bigint PRIMARY KEY CHECK (seq >= 0),
        event_id       uuid NOT NULL UNIQUE,
        type           text NOT NULL,
        subject        text NOT NULL,
        actor          text NOT NULL,
        correlation_id text NOT NULL,
        causation_id   text,
        occurred_at    timestamptz NOT NULL,
        recorded_at    timestamptz NOT NULL DEFAULT now(),
        stream         text NOT NULL,
        stream_seq     bigint NOT NULL,
        data           bytea NOT NULL,
        leaf_hash      bytea NOT NULL CHECK (length(leaf_hash) = 32),
        entry_hash     bytea NOT NULL CHECK (length(entry_hash) = 32)
      )`);
    await q.query('CREATE INDEX audit_entries_subject ON audit_entries (subject, seq)');
    await q.query('CREATE INDEX audit_entries_actor ON audit_entries (actor, seq)');
    await q.query('CREATE INDEX audit_entries_type ON audit_entries (type, seq)');
    await q.query('CREATE INDEX audit_entries_occurred ON audit_entries (occurred_at, seq)');
    await q.query(`
      CREATE TABLE merkle_nodes (
        level smallint NOT NULL,
        idx   bigint NOT NULL,
        hash  bytea NOT NULL CHECK (length(hash) = 32),
        PRIMARY KEY (level, idx)
      )`);
    await q.query(`
      CREATE TABLE signing_keys (
        key_id     text PRIMARY KEY,
        public_key bytea NOT NULL CHECK (length(public_key) = 32),
        first_used timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE tree_heads (
        tree_size bigint PRIMARY KEY,
        root_hash bytea NOT NULL CHECK (length(root_hash) = 32),
        signed_at timestamptz NOT NULL,
        key_id    text NOT NULL REFERENCES signing_keys (key_id),
        signature bytea NOT NULL
      )`);
    await q.query(`
      CREATE TABLE stream_positions (
        stream   text PRIMARY KEY,
        last_seq bigint NOT NULL
      )`);
    await q.query(`
      CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of APPEND_ONLY) {
      await q.query(`
        CREATE TRIGGER ${table}_no_change BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only()`);
      await q.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only()`);
      await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM PUBLIC`);
    }
  }

  async down(): Promise<void> {
    throw new Error('the audit log is append-only: its migration cannot be undone');
  }
}
