import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case's conversation (docs/permits.md "Messages"): `application_messages` holds what the
 * applicant and the staff write to each other on an application, append-only like the notes
 * and transitions (the function `permits_history_is_append_only` of
 * `PermitsApplications1768100000000` refuses UPDATE, DELETE and TRUNCATE). Staff-only notes stay
 * in `application_notes` (kind `staff`). Read a page at a time, oldest first, by
 * `(created_at, id)`.
 */
export class PermitsConversation1768310000000 implements MigrationInterface {
  name = 'PermitsConversation1768310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE application_messages (
        id              uuid PRIMARY KEY,
        application_id  uuid NOT NULL REFERENCES applications (id),
        author_id       uuid NOT NULL,
        author_role     text NOT NULL CHECK (author_role IN ('citizen', 'clerk', 'supervisor', 'inspector')),
        body            text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
        created_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      'CREATE INDEX application_messages_thread ON application_messages (application_id, created_at, id)',
    );
    await q.query(`
      CREATE INDEX application_notes_staff ON application_notes (application_id, created_at, id)
      WHERE kind = 'staff'`);
    await q.query(`
      CREATE TRIGGER application_messages_no_change BEFORE UPDATE OR DELETE ON application_messages
      FOR EACH ROW EXECUTE FUNCTION permits_history_is_append_only()`);
    await q.query(`
      CREATE TRIGGER application_messages_no_truncate BEFORE TRUNCATE ON application_messages
      FOR EACH STATEMENT EXECUTE FUNCTION permits_history_is_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX application_notes_staff');
    await q.query('DROP TABLE application_messages');
  }
}
