import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables whose rows are history: the database refuses UPDATE, DELETE and TRUNCATE on them. */
export const PERMITS_CATALOGUE_APPEND_ONLY = ['permit_type_versions', 'calendar_changes'] as const;

/**
 * The permits catalogue (docs/permits.md, "Permit types" and "Business calendar"):
 *
 * - `permit_types`: one row per type, pointing at the version in force (`current_version`)
 *   and holding the case-number prefix of that version (unique across types);
 * - `permit_type_versions`: every version's definition as JSON, append-only: an admin's change
 *   inserts a new version, and applications stay pinned to the one they were submitted under;
 * - `calendar_settings` (one row: the city's time zone, its weekend days as ISO weekdays,
 *   the calendar's `version`) and `calendar_holidays`; every change bumps the version and is
 *   recorded in the append-only `calendar_changes`.
 *
 * Nothing is seeded here: the local stack's catalogue and calendar come from the seed step
 * (apps/permits/src/seed.ts), which a city replaces with its own.
 */
export class PermitsCatalogue1768000000000 implements MigrationInterface {
  name = 'PermitsCatalogue1768000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE permit_types (
        code            text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9-]{0,39}$'),
        current_version integer NOT NULL CHECK (current_version >= 1),
        prefix          text NOT NULL UNIQUE CHECK (prefix ~ '^[A-Z]{2,4}$'),
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE permit_type_versions (
        code        text NOT NULL REFERENCES permit_types (code),
        version     integer NOT NULL CHECK (version >= 1),
        definition  jsonb NOT NULL CHECK (jsonb_typeof(definition) = 'object'),
        created_by  text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (code, version),
        CHECK (definition ->> 'code' = code)
      )`);
    // The version in force exists (checked at commit: the type row is written first).
    await q.query(`
      ALTER TABLE permit_types ADD CONSTRAINT permit_types_current_version_exists
        FOREIGN KEY (code, current_version) REFERENCES permit_type_versions (code, version)
        DEFERRABLE INITIALLY DEFERRED`);

    await q.query(`
      CREATE TABLE calendar_settings (
        id           boolean PRIMARY KEY DEFAULT true CHECK (id),
        time_zone    text NOT NULL,
        weekend_days integer[] NOT NULL
                       CHECK (weekend_days <@ ARRAY[1, 2, 3, 4, 5, 6, 7]
                              AND cardinality(weekend_days) < 7),
        version      integer NOT NULL CHECK (version >= 1),
        updated_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE calendar_holidays (
        day  date PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200)
      )`);
    await q.query(`
      CREATE TABLE calendar_changes (
        version    integer PRIMARY KEY CHECK (version >= 1),
        change     text NOT NULL CHECK (change IN ('seeded', 'holidays', 'settings')),
        years      integer[] NOT NULL DEFAULT '{}',
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE FUNCTION permits_catalogue_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'permits history is append-only: % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of PERMITS_CATALOGUE_APPEND_ONLY) {
      await q.query(`
        CREATE TRIGGER ${table}_no_change BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION permits_catalogue_is_append_only()`);
      await q.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION permits_catalogue_is_append_only()`);
      await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM PUBLIC`);
    }
  }

  async down(): Promise<void> {
    throw new Error('permit type versions are append-only: this migration cannot be undone');
  }
}
