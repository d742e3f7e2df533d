import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables whose rows are history: the database refuses UPDATE, DELETE and TRUNCATE on them. */
export const COMPLAINTS_APPEND_ONLY = [
  'request_updates',
  'request_transitions',
  'feedback',
] as const;

/**
 * The complaints schema (docs/complaints.md):
 *
 * - the catalogue as data: `departments`, `service_groups`, `services` (department, priority,
 *   triage and resolution SLA in working days, reopen window, duplicate radius and window, names
 *   and descriptions per language) and their `service_attributes` (Open311 datatypes, required,
 *   order, values with names per language); `response_templates` per status and language;
 * - `gazetteer`: the city's addresses with coordinates (seeded from a CSV, importable);
 * - `requests`: one per report, with the reporter's personal fields (never public), the exact
 *   point and address (for the crew) beside their public forms (rounded point, street without
 *   the house number), the internal status, the Open311 closing (`closed_at`), the reopen
 *   window, the token and the hash of the reporter's secret;
 * - `request_media` (stored photos, moderated), `request_notes` (internal, never public),
 *   `request_updates` (the public updates, never edited: clients dedupe on their id),
 *   `request_transitions` (every change of state, once per transition id: the workflow's
 *   writes), `duplicate_links` (suggested, confirmed or dismissed), `followers`, `feedback`.
 */
export class ComplaintsCore1768000000000 implements MigrationInterface {
  name = 'ComplaintsCore1768000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE departments (
        code   text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9-]{0,63}$'),
        names  jsonb NOT NULL
      )`);
    await q.query(`
      CREATE TABLE service_groups (
        code   text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9-]{0,63}$'),
        names  jsonb NOT NULL
      )`);
    await q.query(`
      CREATE TABLE services (
        code                     text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
        group_code               text NOT NULL REFERENCES service_groups (code),
        department_code          text NOT NULL REFERENCES departments (code),
        priority                 text NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
        type                     text NOT NULL DEFAULT 'realtime'
                                   CHECK (type IN ('realtime', 'batch', 'blackbox')),
        names                    jsonb NOT NULL,
        descriptions             jsonb NOT NULL,
        keywords                 text[] NOT NULL DEFAULT '{}',
        triage_days              integer NOT NULL CHECK (triage_days >= 0),
        resolution_days          integer NOT NULL CHECK (resolution_days >= 1),
        reopen_window_days       integer NOT NULL CHECK (reopen_window_days >= 0),
        duplicate_radius_metres  integer NOT NULL DEFAULT 250 CHECK (duplicate_radius_metres >= 0),
        duplicate_window_days    integer NOT NULL DEFAULT 30 CHECK (duplicate_window_days >= 0),
        active                   boolean NOT NULL DEFAULT true,
        version                  integer NOT NULL DEFAULT 1,
        updated_at               timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE service_attributes (
        service_code  text NOT NULL REFERENCES services (code) ON DELETE CASCADE,
        code          text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
        datatype      text NOT NULL CHECK (datatype IN
                        ('string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist')),
        required      boolean NOT NULL,
        ord           integer NOT NULL,
        descriptions  jsonb NOT NULL,
        "values"      jsonb NOT NULL DEFAULT '[]',
        PRIMARY KEY (service_code, code)
      )`);
    await q.query(`
      CREATE TABLE response_templates (
        status  text NOT NULL,
        lang    text NOT NULL,
        text    text NOT NULL,
        PRIMARY KEY (status, lang)
      )`);
    await q.query(`
      CREATE TABLE gazetteer (
        id            text PRIMARY KEY,
        street        text NOT NULL,
        house_number  text NOT NULL,
        zipcode       text NOT NULL,
        lat           double precision NOT NULL,
        long          double precision NOT NULL,
        match_key     text NOT NULL
      )`);
    await q.query(`CREATE INDEX gazetteer_match ON gazetteer (match_key)`);
    await q.query(`
      CREATE TABLE requests (
        id                      uuid PRIMARY KEY,
        token                   text NOT NULL UNIQUE,
        reporter_secret_hash    text NOT NULL,
        service_code            text NOT NULL REFERENCES services (code),
        department_code         text NOT NULL REFERENCES departments (code),
        officer_id              uuid,
        priority                text NOT NULL,
        status                  text NOT NULL CHECK (status IN ('for_triage', 'investigating',
                                  'action_scheduled', 'in_progress', 'fixed', 'duplicate',
                                  'not_responsible', 'no_further_action', 'internal_referral')),
        status_notes            text,
        channel                 text NOT NULL CHECK (channel IN ('open311', 'api')),
        api_client_id           uuid,
        reporter_account_id     uuid,
        open311_account_id      text,
        first_name              text,
        last_name               text,
        email                   text,
        phone                   text,
        device_id               text,
        description             text,
        description_moderation  text NOT NULL CHECK (description_moderation IN
                                  ('none', 'pending', 'approved', 'rejected')),
        attributes              jsonb NOT NULL DEFAULT '{}',
        lat                     double precision NOT NULL,
        long                    double precision NOT NULL,
        public_lat              double precision NOT NULL,
        public_long             double precision NOT NULL,
        full_address            text,
        public_address          text,
        address_id              text,
        zipcode                 text,
        requested_at            timestamptz NOT NULL,
        updated_at              timestamptz NOT NULL,
        expected_at             timestamptz,
        triage_due_at           timestamptz,
        escalated               boolean NOT NULL DEFAULT false,
        resolved_at             timestamptz,
        reopen_until            timestamptz,
        closed_at               timestamptz,
        reopen_count            integer NOT NULL DEFAULT 0,
        duplicate_of            uuid REFERENCES requests (id),
        workflow_started        boolean NOT NULL DEFAULT false
      )`);
    await q.query(`CREATE INDEX requests_requested ON requests (requested_at DESC, id)`);
    await q.query(`CREATE INDEX requests_updated ON requests (updated_at DESC)`);
    await q.query(`CREATE INDEX requests_reporter ON requests (reporter_account_id, requested_at DESC)
                     WHERE reporter_account_id IS NOT NULL`);
    await q.query(`CREATE INDEX requests_open_by_service ON requests (service_code, requested_at)
                     WHERE closed_at IS NULL`);
    await q.query(
      `CREATE INDEX requests_queue ON requests (department_code, status, requested_at)`,
    );
    await q.query(`
      CREATE TABLE request_media (
        id            uuid PRIMARY KEY,
        request_id    uuid NOT NULL REFERENCES requests (id),
        storage_key   text,
        sha256        text,
        content_type  text,
        size          bigint,
        url           text NOT NULL,
        moderation    text NOT NULL CHECK (moderation IN ('pending', 'approved', 'rejected')),
        created_at    timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX request_media_request ON request_media (request_id)`);
    await q.query(`
      CREATE TABLE request_notes (
        id          uuid PRIMARY KEY,
        request_id  uuid NOT NULL REFERENCES requests (id),
        author_id   uuid NOT NULL,
        text        text NOT NULL,
        created_at  timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX request_notes_request ON request_notes (request_id, created_at)`);
    await q.query(`
      CREATE TABLE request_updates (
        id                  uuid PRIMARY KEY,
        request_id          uuid NOT NULL REFERENCES requests (id),
        status              text NOT NULL CHECK (status IN ('open', 'closed')),
        external_status     text NOT NULL,
        description         text NOT NULL,
        media_url           text,
        created_at          timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX request_updates_time ON request_updates (created_at, id)`);
    await q.query(
      `CREATE INDEX request_updates_request ON request_updates (request_id, created_at)`,
    );
    await q.query(`
      CREATE TABLE request_transitions (
        request_id     uuid NOT NULL REFERENCES requests (id),
        transition_id  text NOT NULL,
        kind           text NOT NULL,
        from_status    text NOT NULL,
        to_status      text NOT NULL,
        actor          text NOT NULL,
        at             timestamptz NOT NULL,
        PRIMARY KEY (request_id, transition_id)
      )`);
    await q.query(`
      CREATE TABLE duplicate_links (
        request_id       uuid NOT NULL REFERENCES requests (id),
        original_id      uuid NOT NULL REFERENCES requests (id),
        distance_metres  integer NOT NULL,
        state            text NOT NULL CHECK (state IN ('suggested', 'confirmed', 'dismissed')),
        decided_by       uuid,
        decided_at       timestamptz,
        PRIMARY KEY (request_id, original_id),
        CHECK (request_id <> original_id)
      )`);
    await q.query(`CREATE INDEX duplicate_links_original ON duplicate_links (original_id)`);
    await q.query(`
      CREATE TABLE followers (
        request_id  uuid NOT NULL REFERENCES requests (id),
        account_id  uuid NOT NULL,
        since       timestamptz NOT NULL,
        PRIMARY KEY (request_id, account_id)
      )`);
    await q.query(`CREATE INDEX followers_account ON followers (account_id)`);
    await q.query(`
      CREATE TABLE feedback (
        request_id       uuid NOT NULL REFERENCES requests (id),
        round            integer NOT NULL,
        service_code     text NOT NULL,
        department_code  text NOT NULL,
        fixed            boolean NOT NULL,
        rating           smallint CHECK (rating BETWEEN 1 AND 5),
        comment          text,
        recommend_score  smallint CHECK (recommend_score BETWEEN 0 AND 10),
        created_at       timestamptz NOT NULL,
        PRIMARY KEY (request_id, round)
      )`);
    await q.query(`CREATE INDEX feedback_month ON feedback (created_at)`);
    await q.query(`
      CREATE FUNCTION complaints_history_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'complaints history is append-only: % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of COMPLAINTS_APPEND_ONLY) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION complaints_history_is_append_only()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION complaints_history_is_append_only()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'feedback',
      'followers',
      'duplicate_links',
      'request_transitions',
      'request_updates',
      'request_notes',
      'request_media',
      'requests',
      'gazetteer',
      'response_templates',
      'service_attributes',
      'services',
      'service_groups',
      'departments',
    ])
      await q.query(`DROP TABLE ${table}`);
    await q.query('DROP FUNCTION complaints_history_is_append_only()');
  }
}
