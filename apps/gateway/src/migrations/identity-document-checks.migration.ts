import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The assisted channel's later checks of an identity document (a clerk reissuing the claim
 * code of an unclaimed account names the document the person shows again): each check, by
 * whom, what the clerk entered (the kind and the last characters of its number: personal data,
 * kept here only, never in events or logs), and whether it matched the document recorded at
 * creation. The mismatches of an account or a clerk are counted from here.
 */
export class IdentityDocumentChecks1768600000020 implements MigrationInterface {
  name = 'IdentityDocumentChecks1768600000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity_document_checks (
        id             uuid PRIMARY KEY,
        user_id        uuid NOT NULL REFERENCES users (id),
        clerk_id       uuid NOT NULL,
        purpose        text NOT NULL CHECK (purpose IN ('claim_code_reissue')),
        document_kind  text NOT NULL
          CHECK (document_kind IN ('passport', 'national_id_card', 'driving_licence')),
        document_end   text NOT NULL CHECK (document_end ~ '^[A-Z0-9]{3,6}$'),
        matched        boolean NOT NULL,
        checked_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      'CREATE INDEX identity_document_checks_user ON identity_document_checks (user_id, checked_at)',
    );
    await q.query(
      `CREATE INDEX identity_document_checks_mismatch_clerk
         ON identity_document_checks (clerk_id, checked_at) WHERE NOT matched`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE identity_document_checks');
  }
}
