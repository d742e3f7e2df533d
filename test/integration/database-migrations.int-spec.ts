import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { afterAll, describe, expect, it } from '@jest/globals';
import { SERVICE_NAMES, SERVICES } from '#contracts';
import { migrateServiceDatabase, PLATFORM_MIGRATIONS, serviceDataSourceOptions } from '#platform';
import { testEnv } from '#testing';

class CreateWidgets1763856000000 implements MigrationInterface {
  name = 'CreateWidgets1763856000000';
  async up(runner: QueryRunner): Promise<void> {
    // Unqualified names on purpose: they must land in the service's schema, not in public.
    await runner.query('CREATE TABLE widgets (id uuid PRIMARY KEY, label text NOT NULL)');
    await runner.query(
      `CREATE FUNCTION widgets_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'widgets are append-only'; END $$`,
    );
    await runner.query(
      'CREATE TRIGGER widgets_no_delete BEFORE DELETE ON widgets FOR EACH ROW EXECUTE FUNCTION widgets_refuse_delete()',
    );
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE widgets');
    await runner.query('DROP FUNCTION widgets_refuse_delete');
  }
}

describe('service database migrations', () => {
  const schema = `itest_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
  const options = {
    url: testEnv().databaseUrl,
    schema,
    applicationName: 'itest',
    migrations: [CreateWidgets1763856000000],
  };
  const sql = new pg.Client({ connectionString: testEnv().databaseUrl });

  afterAll(async () => {
    await sql.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await sql.end();
  });

  it('creates the schema and applies each migration once, even when replicas migrate together', async () => {
    const runs = await Promise.all([1, 2, 3].map(() => migrateServiceDatabase(options)));
    expect(runs.flat()).toEqual(['CreateWidgets1763856000000']);
    expect(await migrateServiceDatabase(options)).toEqual([]);
  });

  it('puts tables, functions and triggers of raw SQL into the service schema, not public', async () => {
    await sql.connect();
    const tables = await sql.query(
      'SELECT table_schema FROM information_schema.tables WHERE table_name = $1',
      ['widgets'],
    );
    expect(tables.rows).toEqual([{ table_schema: schema }]);
    const functions = await sql.query(
      'SELECT n.nspname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.proname = $1',
      ['widgets_refuse_delete'],
    );
    expect(functions.rows).toEqual([{ nspname: schema }]);
  });

  it("gives every pooled connection the service's search_path", async () => {
    const dataSource = new DataSource(serviceDataSourceOptions({ ...options, poolSize: 3 }));
    await dataSource.initialize();
    try {
      const results = await Promise.all(
        [1, 2, 3, 4, 5].map(() => dataSource.query('SELECT current_schema() AS s, pg_sleep(0.05)')),
      );
      expect(results.map((r: { s: string }[]) => r[0]?.s)).toEqual([
        schema,
        schema,
        schema,
        schema,
        schema,
      ]);
      await dataSource.query('INSERT INTO widgets (id, label) VALUES ($1, $2)', [
        randomUUID(),
        'one',
      ]);
      await expect(dataSource.query('DELETE FROM widgets')).rejects.toThrow(
        'widgets are append-only',
      );
    } finally {
      await dataSource.destroy();
    }
  });

  it("gives every schema-owning service the platform's tables without its listing them", async () => {
    const owners = SERVICE_NAMES.map((name) => SERVICES[name].schema).filter(
      (owned): owned is string => owned !== null,
    );
    expect(owners.length).toBeGreaterThan(0);
    const platform = PLATFORM_MIGRATIONS.map((m) => m.name);
    for (const owned of owners) {
      const applied = await sql.query<{ name: string }>(`SELECT name FROM "${owned}".migrations`);
      expect(applied.rows.map((r) => r.name)).toEqual(expect.arrayContaining(platform));
      const tables = await sql.query<{ table_name: string }>(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
        [owned],
      );
      expect(tables.rows.map((r) => r.table_name)).toEqual(
        expect.arrayContaining(['outbox', 'aggregate_sequences', 'inbox']),
      );
    }
  });
});
