import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox, per-aggregate sequences and inbox, in the service's own schema (every service
 * lists this migration; unqualified names land in its schema through search_path).
 */
export class MessagingTables1763900000000 implements MigrationInterface {
  name = 'MessagingTables1763900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE outbox (
        position           bigserial PRIMARY KEY,
        event_id           uuid NOT NULL UNIQUE,
        subject            text NOT NULL,
        aggregate_id       text NOT NULL,
        aggregate_sequence bigint NOT NULL,
        partition          smallint NOT NULL,
        envelope           text NOT NULL,
        headers            jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at         timestamptz NOT NULL DEFAULT now(),
        sent_at            timestamptz
      )`);
    await runner.query(
      'CREATE INDEX outbox_pending ON outbox (partition, position) WHERE sent_at IS NULL',
    );
    await runner.query('CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL');
    await runner.query(`
      CREATE TABLE aggregate_sequences (
        aggregate_id  text PRIMARY KEY,
        last_sequence bigint NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE inbox (
        consumer    text NOT NULL,
        event_id    uuid NOT NULL,
        subject     text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE inbox');
    await runner.query('DROP TABLE aggregate_sequences');
    await runner.query('DROP TABLE outbox');
  }
}

/**
 * The inbox's clean-up deletes by consumer and age (every data-owning service lists this
 * after its own migrations of the time).
 */
export class InboxRetention1764200000000 implements MigrationInterface {
  name = 'InboxRetention1764200000000';
  /** Built without blocking the consumers' inserts into a large inbox. */
  transaction = false as const;

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE INDEX CONCURRENTLY IF NOT EXISTS inbox_received ON inbox (consumer, received_at)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX CONCURRENTLY IF EXISTS inbox_received');
  }
}

/**
 * Request keys of the commands a service carried out (see `IdempotentCommands`): each key
 * once per pattern (one request may send several commands), recorded in the transaction of
 * the command's effect with the reply it gave, so a repeat is answered from here without a second effect. Whoever may write the outbox may
 * record keys (a service acting as a restricted role gets the same grant).
 */
export class RequestKeys1764400000000 implements MigrationInterface {
  name = 'RequestKeys1764400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE request_keys (
        request_key text NOT NULL,
        pattern     text NOT NULL,
        reply       text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (request_key, pattern)
      )`);
    await runner.query('CREATE INDEX request_keys_recorded ON request_keys (recorded_at)');
    await runner.query(`
      DO $$
      DECLARE grantee_name text;
      BEGIN
        FOR grantee_name IN
          SELECT DISTINCT grantee FROM information_schema.role_table_grants
          WHERE table_schema = current_schema() AND table_name = 'outbox'
            AND privilege_type = 'INSERT' AND grantee <> current_user
        LOOP
          EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON request_keys TO %I', grantee_name);
        END LOOP;
      END $$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE request_keys');
  }
}

/**
 * The platform's own tables (outbox, sequences, inbox and what comes after them), which every
 * schema-owning service gets without listing them: `migrationMain` applies them beside the
 * service's own migrations, in timestamp order. A new platform table is a new class added here.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const PLATFORM_MIGRATIONS: readonly Function[] = [
  MessagingTables1763900000000,
  InboxRetention1764200000000,
  RequestKeys1764400000000,
];

/** A service's migrations with the platform's in front (TypeORM runs them by timestamp). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const withPlatformMigrations = (own: readonly Function[]): Function[] => [
  ...PLATFORM_MIGRATIONS,
  ...own.filter((m) => !PLATFORM_MIGRATIONS.includes(m)),
];
