import pg from 'pg';
import { DataSource, type DataSourceOptions, type MixedList } from 'typeorm';
import { PreparingClient } from './prepared-statements.js';

export interface ServiceDatabaseOptions {
  url: string;
  /** The one schema this service owns; also its `search_path`. */
  schema: string;
  poolSize?: number;
  applicationName: string;
  /**
   * A role every connection acts as (`SET ROLE` at start-up), with fewer rights than the
   * login role: the audit service appends to its log as a role that cannot change it.
   */
  role?: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: MixedList<Function | string>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: MixedList<Function | string>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * TypeORM options for a service's own schema. TypeORM's `schema` option alone does not set
 * `search_path`, so raw SQL in migrations (triggers, grants) would land in `public`: every
 * connection of the pool sets it at start-up.
 */
export function serviceDataSourceOptions(options: ServiceDatabaseOptions): DataSourceOptions {
  if (!SCHEMA_NAME.test(options.schema)) throw new Error(`invalid schema name ${options.schema}`);
  if (options.role !== undefined && !SCHEMA_NAME.test(options.role))
    throw new Error(`invalid role name ${options.role}`);
  return {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    applicationName: options.applicationName,
    entities: options.entities ?? [],
    migrations: options.migrations ?? [],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: {
      // Statements with parameters run prepared on each connection (prepared-statements.ts).
      Client: PreparingClient,
      max: options.poolSize ?? 10,
      options: `-c search_path=${options.schema}${options.role ? ` -c role=${options.role}` : ''}`,
      connectionTimeoutMillis: 5_000,
    },
  };
}

/** Stable 64-bit advisory lock key of a schema's migrations. */
const migrationLockKey = (schema: string): bigint => {
  let hash = 1469598103934665603n;
  for (const char of `civic-migrations:${schema}`) {
    hash ^= BigInt(char.charCodeAt(0));
    hash = (hash * 1099511628211n) & 0x7fffffffffffffffn;
  }
  return hash;
};

/**
 * Creates the service's schema when missing and applies its pending migrations, holding a
 * PostgreSQL advisory lock so that replicas starting together apply each migration once.
 * Returns the names of the migrations applied.
 */
export async function migrateServiceDatabase(options: ServiceDatabaseOptions): Promise<string[]> {
  const lock = new pg.Client({
    connectionString: options.url,
    application_name: `${options.applicationName}-migrate`,
  });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [migrationLockKey(options.schema).toString()]);
    // CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when the schema exists;
    // a deployment whose schema was made by an administrator grants only what it must.
    const existing = await lock.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [
      options.schema,
    ]);
    if (!existing.rowCount) await lock.query(`CREATE SCHEMA "${options.schema}"`);
    const dataSource = new DataSource({
      ...serviceDataSourceOptions(options),
      extra: { max: 1, options: `-c search_path=${options.schema}` },
    });
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lock.end();
  }
}

/** Creates a database when it does not exist (the local stack and tests use this). */
export async function ensureDatabase(adminUrl: string, database: string): Promise<boolean> {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`invalid database name ${database}`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount) return false;
    await client.query(`CREATE DATABASE "${database}"`);
    return true;
  } finally {
    await client.end();
  }
}

/** One statement on its own (autocommit), rows back: `PoolQuery` below. */
export type PoolQuery = <Row>(sql: string, params?: unknown[]) => Promise<Row[]>;

/**
 * A statement straight on the data source's pg pool, for hot paths that need no transaction:
 * the same connections (and `search_path`) as TypeORM's, without its query runner, its
 * subscribers' broadcast and its logger around every statement. Answers the statement's rows
 * (for `UPDATE … RETURNING` too, where TypeORM answers `[rows, count]`).
 */
export function poolQuery(dataSource: DataSource): PoolQuery {
  // The pool exists once the data source is initialised: looked up at the first statement.
  let pool: pg.Pool | undefined;
  return async <Row>(sql: string, params: unknown[] = []) => {
    pool ??= (dataSource.driver as unknown as { master: pg.Pool }).master;
    return (await pool.query(sql, params)).rows as Row[];
  };
}
