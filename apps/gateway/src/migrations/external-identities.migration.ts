import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Accounts of people who log in at an external OpenID Connect provider: `<issuer>#<sub>`. */
export class ExternalIdentities1764000000003 implements MigrationInterface {
  name = 'ExternalIdentities1764000000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users ADD COLUMN external_subject text UNIQUE');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users DROP COLUMN external_subject');
  }
}
