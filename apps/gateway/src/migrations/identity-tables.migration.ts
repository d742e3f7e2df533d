import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ROLES } from '#contracts';

const roleList = ROLES.map((r) => `'${r}'`).join(', ');

/**
 * Accounts, sessions and refresh tokens of the identity schema.
 *
 * A session is one login: its refresh tokens rotate within it, and revoking it (logout, reuse
 * of a spent refresh token, deactivation of the account) ends every token of it at once,
 * access tokens included (the gateway checks the session on every request).
 */
export class IdentityTables1764000000000 implements MigrationInterface {
  name = 'IdentityTables1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id              uuid PRIMARY KEY,
        email           text NOT NULL,
        email_key       text NOT NULL UNIQUE,
        full_name       text NOT NULL,
        password_hash   text,
        role            text NOT NULL CHECK (role IN (${roleList})),
        status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deactivated')),
        failed_logins   integer NOT NULL DEFAULT 0,
        locked_until    timestamptz,
        totp_secret     text,
        totp_enabled    boolean NOT NULL DEFAULT false,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE sessions (
        id          uuid PRIMARY KEY,
        user_id     uuid NOT NULL REFERENCES users (id),
        created_at  timestamptz NOT NULL DEFAULT now(),
        expires_at  timestamptz NOT NULL,
        revoked_at  timestamptz,
        revoked_why text
      )`);
    await q.query('CREATE INDEX sessions_user ON sessions (user_id) WHERE revoked_at IS NULL');
    await q.query(`
      CREATE TABLE refresh_tokens (
        id          uuid PRIMARY KEY,
        session_id  uuid NOT NULL REFERENCES sessions (id),
        secret_hash bytea NOT NULL,
        issued_at   timestamptz NOT NULL DEFAULT now(),
        expires_at  timestamptz NOT NULL,
        used_at     timestamptz
      )`);
    await q.query('CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id)');
    await q.query(`
      CREATE TABLE role_settings (
        role         text PRIMARY KEY CHECK (role IN (${roleList})),
        require_totp boolean NOT NULL DEFAULT false
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE role_settings');
    await q.query('DROP TABLE refresh_tokens');
    await q.query('DROP TABLE sessions');
    await q.query('DROP TABLE users');
  }
}
