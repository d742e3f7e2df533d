import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An issued permit's life (docs/permits.md, "A permit's life"):
 *
 * - `permits` gains what its workflow records: the last seq it wrote, the revocation's reason
 *   code and who revoked it (its free text in `application_notes`), when it expired, and the
 *   renewal application asked for.
 * - `permit_transitions`: every transition of a permit (revoked, expired, renewal-requested),
 *   once per (permit, seq), append-only.
 * - `applications.renewal_of`: a renewal names the permit it renews.
 */
export class PermitsPermitLife1768510000000 implements MigrationInterface {
  name = 'PermitsPermitLife1768510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE permits
        ADD COLUMN last_seq int NOT NULL DEFAULT 0,
        ADD COLUMN revoke_reason_code text,
        ADD COLUMN revoked_by uuid,
        ADD COLUMN expired_at timestamptz,
        ADD COLUMN renewal_application_id uuid`);
    await q.query(
      'ALTER TABLE applications ADD COLUMN renewal_of text REFERENCES permits (permit_number)',
    );
    await q.query(
      'CREATE INDEX applications_renewal_of ON applications (renewal_of) WHERE renewal_of IS NOT NULL',
    );
    await q.query(`
      CREATE TABLE permit_transitions (
        id              uuid PRIMARY KEY,
        permit_number   text NOT NULL REFERENCES permits (permit_number),
        workflow_seq    int NOT NULL CHECK (workflow_seq > 0),
        transition      text NOT NULL CHECK (transition IN ('revoked', 'expired', 'renewal-requested')),
        from_status     text NOT NULL,
        to_status       text NOT NULL,
        actor_id        uuid,
        actor_role      text,
        reason_code     text,
        note_id         uuid REFERENCES application_notes (id),
        facts           jsonb NOT NULL DEFAULT '{}',
        event_id        uuid NOT NULL,
        at              timestamptz NOT NULL,
        UNIQUE (permit_number, workflow_seq)
      )`);
    await q.query(`
      CREATE TRIGGER permit_transitions_no_change BEFORE UPDATE OR DELETE ON permit_transitions
      FOR EACH ROW EXECUTE FUNCTION permits_history_is_append_only()`);
    await q.query(`
      CREATE TRIGGER permit_transitions_no_truncate BEFORE TRUNCATE ON permit_transitions
      FOR EACH STATEMENT EXECUTE FUNCTION permits_history_is_append_only()`);
  }

  async down(): Promise<void> {
    throw new Error('the permits history is append-only: its migration cannot be undone');
  }
}
