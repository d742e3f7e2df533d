import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * TOTP two-factor login: the last time step a code was accepted for (a code works once), and
 * whether a session was opened with the second factor.
 */
export class TwoFactor1764000000002 implements MigrationInterface {
  name = 'TwoFactor1764000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users ADD COLUMN totp_last_step bigint');
    await q.query('ALTER TABLE sessions ADD COLUMN two_factor boolean NOT NULL DEFAULT false');
    // Gateways remember sessions with their second factor: announce when it changes too.
    await q.query('DROP TRIGGER sessions_revoked ON sessions');
    await q.query(`
      CREATE TRIGGER sessions_revoked AFTER UPDATE OF revoked_at, expires_at, two_factor ON sessions
      FOR EACH ROW WHEN (NEW.revoked_at IS DISTINCT FROM OLD.revoked_at
                         OR NEW.expires_at IS DISTINCT FROM OLD.expires_at
                         OR NEW.two_factor IS DISTINCT FROM OLD.two_factor)
      EXECUTE FUNCTION notify_session_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER sessions_revoked ON sessions');
    await q.query(`
      CREATE TRIGGER sessions_revoked AFTER UPDATE OF revoked_at, expires_at ON sessions
      FOR EACH ROW WHEN (NEW.revoked_at IS DISTINCT FROM OLD.revoked_at
                         OR NEW.expires_at IS DISTINCT FROM OLD.expires_at)
      EXECUTE FUNCTION notify_session_change()`);
    await q.query('ALTER TABLE sessions DROP COLUMN two_factor');
    await q.query('ALTER TABLE users DROP COLUMN totp_last_step');
  }
}
