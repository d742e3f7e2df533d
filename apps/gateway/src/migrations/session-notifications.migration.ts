import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The database itself announces what ends a session, whoever changes it (the gateway, the
 * command-line tool, an operator's SQL): a revoked or deleted session, and an account whose
 * status or role changed. Gateways LISTEN and drop what they remembered (session-cache.ts).
 */
export class SessionNotifications1764000000001 implements MigrationInterface {
  name = 'SessionNotifications1764000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_session_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('civic_identity_sessions', 'session:' || OLD.id);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER sessions_revoked AFTER UPDATE OF revoked_at, expires_at ON sessions
      FOR EACH ROW WHEN (NEW.revoked_at IS DISTINCT FROM OLD.revoked_at
                         OR NEW.expires_at IS DISTINCT FROM OLD.expires_at)
      EXECUTE FUNCTION notify_session_change()`);
    await q.query(`
      CREATE TRIGGER sessions_deleted AFTER DELETE ON sessions
      FOR EACH ROW EXECUTE FUNCTION notify_session_change()`);
    await q.query(`
      CREATE FUNCTION notify_user_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('civic_identity_sessions', 'user:' || OLD.id);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER users_changed AFTER UPDATE OF status, role ON users
      FOR EACH ROW WHEN (NEW.status IS DISTINCT FROM OLD.status OR NEW.role IS DISTINCT FROM OLD.role)
      EXECUTE FUNCTION notify_user_change()`);
    await q.query(`
      CREATE TRIGGER users_deleted AFTER DELETE ON users
      FOR EACH ROW EXECUTE FUNCTION notify_user_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER users_deleted ON users');
    await q.query('DROP TRIGGER users_changed ON users');
    await q.query('DROP FUNCTION notify_user_change()');
    await q.query('DROP TRIGGER sessions_deleted ON sessions');
    await q.query('DROP TRIGGER sessions_revoked ON sessions');
    await q.query('DROP FUNCTION notify_session_change()');
  }
}
