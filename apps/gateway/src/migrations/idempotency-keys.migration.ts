import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The gateway's answers to commands sent with an `Idempotency-Key`, replayed to repeats of the
 * key for a day (shared by every gateway replica, kept across restarts). A row without a status
 * is a command in flight: its `lease_until` bounds how long a gateway that died mid-request
 * keeps the key from being tried again.
 */
export class IdempotencyKeys1764400000001 implements MigrationInterface {
  name = 'IdempotencyKeys1764400000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE idempotency_keys (
        key_hash    text PRIMARY KEY,
        fingerprint text NOT NULL,
        lease_until timestamptz,
        status      smallint,
        headers     jsonb,
        body        bytea,
        created_at  timestamptz NOT NULL DEFAULT now(),
        expires_at  timestamptz NOT NULL,
        CHECK ((status IS NULL) = (lease_until IS NOT NULL))
      )`);
    await runner.query('CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE idempotency_keys');
  }
}
