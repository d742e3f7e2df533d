// Stops what the global set-up started and removes its temporary folder (and, when the
// tests used an existing PostgreSQL, this run's database).
import { rmSync } from 'node:fs';
import pg from 'pg';

export default async function globalTeardown() {
  const state = globalThis.__CIVIC_TEST_INFRA__;
  if (!state) return;
  await state.infra.stop();
  if (state.reusePostgres) {
    const client = new pg.Client({ connectionString: state.infra.adminDatabaseUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${state.database}" WITH (FORCE)`);
    await client.end();
  }
  rmSync(state.dataDir, { recursive: true, force: true });
}
