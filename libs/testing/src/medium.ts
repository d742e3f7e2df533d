import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import type { CloudEvent, ServiceName } from '#contracts';
import {
  migrateServiceDatabase,
  Outbox,
  serviceDataSourceOptions,
  withPlatformMigrations,
} from '#platform';
import { testEnv } from './test-env.js';

/** An event as a use case left it in the outbox (not yet relayed). */
export interface OutboxRow {
  subject: string;
  aggregateId: string;
  aggregateSequence: number;
  envelope: CloudEvent;
}

/**
 * The medium test tier's world: a service's own schema, fresh and migrated with the service's
 * migrations, and a real Outbox writing to it. No process, no Nest application, no NATS: a use
 * case is constructed with `dataSource` and `outbox` and its repositories, and its rows and
 * events are read back with `query` and `outboxRows`.
 */
export interface MediumDatabase {
  /** The fresh schema's name (`medium_<service>_<random>`): also every connection's search_path. */
  schema: string;
  dataSource: DataSource;
  /** The data source's own manager (what a use case's single statements run on). */
  manager: EntityManager;
  outbox: Outbox;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** The events written so far, oldest first. */
  outboxRows(): Promise<OutboxRow[]>;
  /** Drops the schema and closes the pool (in `afterAll`). */
  close(): Promise<void>;
}

export interface MediumDatabaseOptions {
  /** The service whose use cases run (its name stamps the events' `source`). */
  service: ServiceName;
  /** The service's own migrations (e.g. `gatewayMigrations`); the platform's come with them. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
  /** Outbox partitions (the service's OUTBOX_PARTITIONS); 16 like the default. */
  partitions?: number;
}

/**
 * A fresh schema of the test run's PostgreSQL (the one the global set-up starts), migrated
 * with `migrations`. Each call makes its own schema, so test files run side by side and never
 * see each other's rows; `close()` drops it.
 */
export async function mediumDatabase(options: MediumDatabaseOptions): Promise<MediumDatabase> {
  const url = testEnv().databaseUrl;
  const schema = `medium_${options.service}_${randomBytes(4).toString('hex')}`;
  const database = {
    url,
    schema,
    applicationName: `medium-${options.service}`,
    migrations: withPlatformMigrations(options.migrations),
  };
  await migrateServiceDatabase(database);
  const dataSource = new DataSource(serviceDataSourceOptions({ ...database, poolSize: 4 }));
  await dataSource.initialize();
  const outbox = new Outbox({ service: options.service, partitions: options.partitions ?? 16 });
  const query = <T>(sql: string, params: unknown[] = []): Promise<T[]> =>
    dataSource.query<T[]>(sql, params);
  return {
    schema,
    dataSource,
    manager: dataSource.manager,
    outbox,
    query,
    async outboxRows() {
      const rows = await query<{
        subject: string;
        aggregate_id: string;
        aggregate_sequence: string;
        envelope: CloudEvent | string;
      }>(
        'SELECT subject, aggregate_id, aggregate_sequence, envelope FROM outbox ORDER BY position',
      );
      return rows.map((r) => ({
        subject: r.subject,
        aggregateId: r.aggregate_id,
        aggregateSequence: Number(r.aggregate_sequence),
        envelope: (typeof r.envelope === 'string'
          ? JSON.parse(r.envelope)
          : r.envelope) as CloudEvent,
      }));
    },
    async close() {
      await dataSource.destroy();
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
      } finally {
        await admin.end();
      }
    },
  };
}
