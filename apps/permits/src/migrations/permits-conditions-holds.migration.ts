import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Conditions of approval and holds (docs/permits.md "Conditions and holds").
 *
 * - `application_conditions`: one row per condition a clerk or supervisor attached (its kind
 *   as a code; its text in `application_notes` of kind `condition`), marked met once (who,
 *   with which role, when, and an optional note). A met condition never changes again and no
 *   condition is deleted (`application_conditions_once`).
 * - `application_holds`: one row per hold (reason code, the note holding its free text of kind
 *   `hold`, who and when), released once (`application_holds_once`); at most one open hold per application.
 *
 * The free text of both stays here, never in events or the workflow.
 */
export class PermitsConditionsHolds1768410000000 implements MigrationInterface {
  name = 'PermitsConditionsHolds1768410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE application_notes DROP CONSTRAINT application_notes_kind_check');
    await q.query(`
      ALTER TABLE application_notes ADD CONSTRAINT application_notes_kind_check
      CHECK (kind IN ('decision', 'findings', 'staff', 'applicant', 'condition', 'hold'))`);

    await q.query(`
      CREATE TABLE application_conditions (
        id              uuid PRIMARY KEY,
        application_id  uuid NOT NULL REFERENCES applications (id),
        code            text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_.-]{0,63}$'),
        text_note_id    uuid NOT NULL REFERENCES application_notes (id),
        added_by        uuid NOT NULL,
        added_role      text NOT NULL,
        added_at        timestamptz NOT NULL,
        met_at          timestamptz,
        met_by          uuid,
        met_role        text,
        met_note_id     uuid REFERENCES application_notes (id),
        CHECK ((met_at IS NULL) = (met_by IS NULL) AND (met_at IS NULL) = (met_role IS NULL))
      )`);
    await q.query(
      'CREATE INDEX application_conditions_application ON application_conditions (application_id, added_at, id)',
    );

    await q.query(`
      CREATE TABLE application_holds (
        id                uuid PRIMARY KEY,
        application_id    uuid NOT NULL REFERENCES applications (id),
        reason_code       text NOT NULL CHECK (reason_code ~ '^[a-z][a-z0-9_.-]{0,63}$'),
        note_id           uuid REFERENCES application_notes (id),
        held_by           uuid NOT NULL,
        held_role         text NOT NULL,
        held_at           timestamptz NOT NULL,
        released_at       timestamptz,
        released_by       uuid,
        released_role     text,
        release_note_id   uuid REFERENCES application_notes (id),
        CHECK ((released_at IS NULL) = (released_by IS NULL))
      )`);
    await q.query(`
      CREATE UNIQUE INDEX application_holds_open ON application_holds (application_id)
      WHERE released_at IS NULL`);
    await q.query(
      'CREATE INDEX application_holds_application ON application_holds (application_id, held_at, id)',
    );

    // A met condition and a released hold are history: they never change again, and neither
    // kind of row is deleted.
    for (const [table, done] of [
      ['application_conditions', 'met_at'],
      ['application_holds', 'released_at'],
    ] as const) {
      await q.query(`
        CREATE FUNCTION ${table}_once() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'UPDATE' AND OLD.${done} IS NULL THEN
            RETURN NEW;
          END IF;
          RAISE EXCEPTION 'permits history is append-only: % on % refused', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
        END $$`);
      await q.query(`
        CREATE TRIGGER ${table}_once BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION ${table}_once()`);
      await q.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION permits_history_is_append_only()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE application_holds');
    await q.query('DROP TABLE application_conditions');
    await q.query('DROP FUNCTION application_holds_once()');
    await q.query('DROP FUNCTION application_conditions_once()');
  }
}
