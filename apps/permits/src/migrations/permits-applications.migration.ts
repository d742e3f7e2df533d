import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Applications and their cases (docs/permits.md):
 *
 * - `applications`: the truth for reads. A draft belongs to its applicant; submission pins it to
 *   the permit type's version of that moment and gives it a case number (`BP-2026-000123`).
 *   Status, step, assignee, due times and the clock are written by the service: by its own use
 *   cases (draft, submit) and, for everything after submission, by the workflow through
 *   `permits.internal.application.transition`.
 * - `application_transitions`: every transition, who, when and why (reason code, revision item
 *   keys; free text only by reference to `application_notes`), append-only; a workflow's
 *   transition is recorded once per (application, seq).
 * - `application_notes`: free text (a decision's note, findings, staff notes), kept only here.
 * - `revision_items`: what a change request asks, item by item, and when it was answered.
 * - `application_documents`: each upload in two phases (`pending` with its storage key, then
 *   `stored` with its SHA-256); locked once the application is submitted (the plan that was
 *   reviewed is the plan that is approved: a change adds a new version).
 * - `inspections` (+ `inspection_photos`), numbered rounds per application.
 * - `permits`: issued permits, numbered per type and year; the holder's display name only where
 *   the type makes it public.
 * - `number_counters`: gapless case and permit numbers per prefix and year.
 */
export class PermitsApplications1768100000000 implements MigrationInterface {
  name = 'PermitsApplications1768100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE applications (
        id                        uuid PRIMARY KEY,
        case_number               text UNIQUE,
        applicant_id              uuid NOT NULL,
        permit_type               text NOT NULL,
        type_version              int NOT NULL CHECK (type_version > 0),
        status                    text NOT NULL DEFAULT 'draft' CHECK (status IN (
                                    'draft', 'submitted', 'changes_requested', 'awaiting_payment',
                                    'under_review', 'inspection', 'approved', 'issued', 'rejected',
                                    'withdrawn', 'lapsed')),
        step                      text NOT NULL DEFAULT 'drafting',
        title                     text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        site_address              text NOT NULL CHECK (length(site_address) BETWEEN 1 AND 300),
        site_lat                  numeric(9, 6),
        site_lon                  numeric(9, 6),
        details                   jsonb NOT NULL DEFAULT '{}',
        quantities                jsonb NOT NULL DEFAULT '{}',
        assignee_id               uuid,
        escalated                 boolean NOT NULL DEFAULT false,
        second_approval_required  boolean NOT NULL DEFAULT false,
        approver_ids              uuid[] NOT NULL DEFAULT '{}',
        fee_minor                 bigint,
        currency                  text,
        invoice_id                uuid,
        completeness_due_at       timestamptz,
        payment_due_at            timestamptz,
        review_due_at             timestamptz,
        working_days_left         int,
        clock                     text NOT NULL DEFAULT 'not_started'
                                    CHECK (clock IN ('not_started', 'running', 'stopped', 'done')),
        last_seq                  int NOT NULL DEFAULT 0,
        submitted_at              timestamptz,
        closed_at                 timestamptz,
        created_at                timestamptz NOT NULL DEFAULT now(),
        updated_at                timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'draft') = (case_number IS NULL))
      )`);
    await q.query(
      'CREATE INDEX applications_applicant ON applications (applicant_id, created_at DESC)',
    );
    await q.query(`
      CREATE INDEX applications_queue ON applications (status, review_due_at NULLS LAST)
      WHERE status NOT IN ('draft', 'issued', 'rejected', 'withdrawn', 'lapsed')`);
    await q.query(
      'CREATE INDEX applications_assignee ON applications (assignee_id) WHERE assignee_id IS NOT NULL',
    );

    await q.query(`
      CREATE TABLE application_notes (
        id              uuid PRIMARY KEY,
        application_id  uuid NOT NULL REFERENCES applications (id),
        kind            text NOT NULL CHECK (kind IN ('decision', 'findings', 'staff', 'applicant')),
        author_id       uuid NOT NULL,
        author_role     text NOT NULL,
        body            text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
        created_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      'CREATE INDEX application_notes_application ON application_notes (application_id, created_at)',
    );

    await q.query(`
      CREATE TABLE application_transitions (
        id                  uuid PRIMARY KEY,
        application_id      uuid NOT NULL REFERENCES applications (id),
        -- The workflow's own count; null for steps the service takes itself (drafted, submitted).
        workflow_seq        int,
        transition          text NOT NULL,
        from_status         text,
        to_status           text NOT NULL,
        actor_id            uuid,
        actor_role          text,
        reason_code         text,
        note_id             uuid REFERENCES application_notes (id),
        revision_item_keys  text[] NOT NULL DEFAULT '{}',
        facts               jsonb NOT NULL DEFAULT '{}',
        event_id            uuid,
        at                  timestamptz NOT NULL DEFAULT now(),
        UNIQUE (application_id, workflow_seq)
      )`);
    await q.query(
      'CREATE INDEX application_transitions_timeline ON application_transitions (application_id, at, id)',
    );

    await q.query(`
      CREATE TABLE revision_items (
        id              uuid PRIMARY KEY,
        application_id  uuid NOT NULL REFERENCES applications (id),
        round           int NOT NULL CHECK (round > 0),
        item_key        text NOT NULL,
        status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered')),
        requested_at    timestamptz NOT NULL DEFAULT now(),
        answered_at     timestamptz,
        UNIQUE (application_id, round, item_key)
      )`);

    await q.query(`
      CREATE TABLE application_documents (
        id              uuid PRIMARY KEY,
        application_id  uuid NOT NULL REFERENCES applications (id),
        kind            text NOT NULL,
        version         int NOT NULL CHECK (version > 0),
        status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'stored', 'rejected')),
        storage_key     text NOT NULL UNIQUE,
        file_name       text NOT NULL,
        content_type    text,
        size_bytes      bigint,
        sha256          text CHECK (sha256 ~ '^[a-f0-9]{64}$'),
        uploaded_by     uuid NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        stored_at       timestamptz,
        -- Set when the application is submitted (or resubmitted) with it: immutable from then on.
        locked          boolean NOT NULL DEFAULT false,
        UNIQUE (application_id, kind, version),
        CHECK ((status = 'stored') = (sha256 IS NOT NULL))
      )`);
    await q.query(`
      CREATE FUNCTION permits_locked_document_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.locked THEN
            RAISE EXCEPTION 'document % is locked: add a new version', OLD.id
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN OLD;
        END IF;
        IF OLD.locked AND (NEW.storage_key, NEW.sha256, NEW.size_bytes, NEW.content_type, NEW.kind,
                           NEW.version, NEW.application_id, NEW.status, NOT NEW.locked)
             IS DISTINCT FROM (OLD.storage_key, OLD.sha256, OLD.size_bytes, OLD.content_type,
                               OLD.kind, OLD.version, OLD.application_id, OLD.status, false) THEN
          RAISE EXCEPTION 'document % is locked: add a new version', OLD.id
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER application_documents_locked BEFORE UPDATE OR DELETE ON application_documents
      FOR EACH ROW EXECUTE FUNCTION permits_locked_document_is_immutable()`);

    await q.query(`
      CREATE TABLE inspections (
        id              uuid PRIMARY KEY,
        application_id  uuid NOT NULL REFERENCES applications (id),
        round           int NOT NULL CHECK (round > 0),
        inspector_id    uuid NOT NULL,
        scheduled_for   date NOT NULL,
        scheduled_by    uuid NOT NULL,
        status          text NOT NULL DEFAULT 'scheduled'
                          CHECK (status IN ('scheduled', 'passed', 'failed', 'cancelled')),
        findings_id     uuid REFERENCES application_notes (id),
        result_at       timestamptz,
        created_at      timestamptz NOT NULL DEFAULT now(),
        UNIQUE (application_id, round)
      )`);
    await q.query(
      `CREATE INDEX inspections_day ON inspections (inspector_id, scheduled_for) WHERE status = 'scheduled'`,
    );
    await q.query(`
      CREATE TABLE inspection_photos (
        id              uuid PRIMARY KEY,
        inspection_id   uuid NOT NULL REFERENCES inspections (id),
        status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'stored', 'rejected')),
        storage_key     text NOT NULL UNIQUE,
        content_type    text,
        size_bytes      bigint,
        sha256          text CHECK (sha256 ~ '^[a-f0-9]{64}$'),
        created_at      timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE permits (
        permit_number        text PRIMARY KEY,
        application_id       uuid NOT NULL UNIQUE REFERENCES applications (id),
        permit_type          text NOT NULL,
        type_version         int NOT NULL,
        holder_id            uuid NOT NULL,
        holder_hash          text NOT NULL CHECK (holder_hash ~ '^[a-f0-9]{64}$'),
        -- Only where the type makes the holder public (a trade licence's business name).
        holder_display_name  text,
        status               text NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'revoked', 'expired')),
        valid_from           timestamptz NOT NULL,
        valid_until          timestamptz NOT NULL,
        issued_at            timestamptz NOT NULL DEFAULT now(),
        revoked_at           timestamptz,
        revoke_reason        text,
        CHECK (valid_until > valid_from)
      )`);

    await q.query(`
      CREATE TABLE number_counters (
        kind    text NOT NULL CHECK (kind IN ('case', 'permit')),
        prefix  text NOT NULL,
        year    int NOT NULL,
        last    int NOT NULL DEFAULT 0,
        PRIMARY KEY (kind, prefix, year)
      )`);

    await q.query(`
      CREATE FUNCTION permits_history_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'permits history is append-only: % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['application_transitions', 'application_notes']) {
      await q.query(`
        CREATE TRIGGER ${table}_no_change BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION permits_history_is_append_only()`);
      await q.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION permits_history_is_append_only()`);
    }
  }

  async down(): Promise<void> {
    throw new Error('the permits history is append-only: its migration cannot be undone');
  }
}
