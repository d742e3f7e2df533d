import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The assisted channel (a clerk files for a walk-in applicant):
 *
 * - an account a clerk creates for a person is `unclaimed` (no password: no login) until the
 *   person claims it with the printed one-time code and a password of their own;
 * - `assisted_accounts`: who created it, and the identity document the clerk saw (its kind and
 *   the last characters of its number: personal data, kept here only, never in events or logs);
 * - `claim_codes`: the code's argon2id hash, its expiry, the wrong attempts, when it was used;
 * - `assist_codes`: one-time codes a person makes in their own session to let a clerk act for
 *   them (SHA-256 of the code: short-lived, single use, looked up by the clerk's entry);
 * - `delegations`: the recorded, short-lived permission of one clerk to act for one account.
 */
export class AssistedChannel1768600000010 implements MigrationInterface {
  name = 'AssistedChannel1768600000010';

  async up(q: QueryRunner): Promise<void> {
    const rows = (await q.query(
      `SELECT conname FROM pg_constraint
       WHERE conrelid = 'users'::regclass AND contype = 'c'
         AND pg_get_constraintdef(oid) LIKE '%deactivated%'`,
    )) as { conname: string }[];
    for (const { conname } of rows) await q.query(`ALTER TABLE users DROP CONSTRAINT "${conname}"`);
    await q.query(`
      ALTER TABLE users ADD CONSTRAINT users_status_check
        CHECK (status IN ('active', 'deactivated', 'unclaimed'))`);
    await q.query(`
      CREATE TABLE assisted_accounts (
        user_id          uuid PRIMARY KEY REFERENCES users (id),
        created_by       uuid NOT NULL,
        document_kind    text NOT NULL
          CHECK (document_kind IN ('passport', 'national_id_card', 'driving_licence')),
        document_end     text NOT NULL CHECK (document_end ~ '^[A-Z0-9]{3,6}$'),
        created_at       timestamptz NOT NULL DEFAULT now(),
        claimed_at       timestamptz
      )`);
    await q.query(`
      CREATE TABLE claim_codes (
        user_id     uuid PRIMARY KEY REFERENCES users (id),
        code_hash   text NOT NULL,
        issued_by   uuid NOT NULL,
        issued_at   timestamptz NOT NULL DEFAULT now(),
        expires_at  timestamptz NOT NULL,
        attempts    integer NOT NULL DEFAULT 0,
        used_at     timestamptz
      )`);
    await q.query(`
      CREATE TABLE assist_codes (
        id          uuid PRIMARY KEY,
        user_id     uuid NOT NULL REFERENCES users (id),
        code_hash   bytea NOT NULL UNIQUE,
        issued_at   timestamptz NOT NULL DEFAULT now(),
        expires_at  timestamptz NOT NULL,
        used_at     timestamptz,
        used_by     uuid
      )`);
    await q.query('CREATE INDEX assist_codes_user ON assist_codes (user_id) WHERE used_at IS NULL');
    await q.query(`
      CREATE TABLE delegations (
        id            uuid PRIMARY KEY,
        clerk_id      uuid NOT NULL REFERENCES users (id),
        applicant_id  uuid NOT NULL REFERENCES users (id),
        via           text NOT NULL CHECK (via IN ('new_account', 'assist_code')),
        granted_at    timestamptz NOT NULL DEFAULT now(),
        expires_at    timestamptz NOT NULL,
        CHECK (clerk_id <> applicant_id)
      )`);
    await q.query('CREATE INDEX delegations_clerk ON delegations (clerk_id, expires_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE delegations');
    await q.query('DROP TABLE assist_codes');
    await q.query('DROP TABLE claim_codes');
    await q.query('DROP TABLE assisted_accounts');
    await q.query(`DELETE FROM users WHERE status = 'unclaimed'`);
    await q.query('ALTER TABLE users DROP CONSTRAINT users_status_check');
    await q.query(`
      ALTER TABLE users ADD CONSTRAINT users_status_check
        CHECK (status IN ('active', 'deactivated'))`);
  }
}
