import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Open311 API keys: issued by an admin to a client app, stored only as a SHA-256 of the key
 * (a key is 32 random bytes, so a plain hash is enough), revocable. Not user accounts or roles.
 */
export class Open311ApiKeys1765100000000 implements MigrationInterface {
  name = 'Open311ApiKeys1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE open311_api_keys (
        id uuid PRIMARY KEY,
        key_prefix text NOT NULL UNIQUE,
        key_hash bytea NOT NULL UNIQUE,
        client_name text NOT NULL CHECK (length(client_name) BETWEEN 1 AND 200),
        issued_by uuid NOT NULL,
        issued_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        revoked_by uuid
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE open311_api_keys');
  }
}
