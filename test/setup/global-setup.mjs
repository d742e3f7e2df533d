// Starts the servers the integration and end-to-end tests talk to: a private NATS and
// Temporal on free ports (never the ones of a running `npm start`, whose queue groups would
// answer the tests' requests), and PostgreSQL — private too, or the one DATABASE_URL names,
// with a database of this run's own. Everything lives in a fresh temporary folder, so runs
// can follow each other without cleanup by hand. `npm test` builds dist/ first.
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default async function globalSetup(globalConfig) {
  const projects = globalConfig.selectProjects ?? [];
  if (
    process.env.CIVIC_TEST_NO_INFRA === '1' ||
    (projects.length > 0 && projects.every((p) => p === 'unit'))
  )
    return;
  const {
    startInfrastructure,
    runMigrations,
    seedPermitsCatalogue,
    provisionStreams,
    appEnvironment,
    randomPorts,
  } = await import('../../dist/libs/devstack/src/index.js');
  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'civic-test-'));
  chmodSync(dataDir, 0o755); // a private PostgreSQL runs as the postgres user when we are root
  const reusePostgres = Boolean(process.env.DATABASE_URL);
  const database = reusePostgres ? `civic_test_${process.pid}` : 'civic_test';
  const infra = await startInfrastructure({
    dataDir,
    database,
    reuse: { postgres: reusePostgres, nats: false, temporal: false },
    ephemeral: true,
    headlessTemporal: true,
    log: (line) => process.stderr.write(`[test set-up] ${line}\n`),
  });
  globalThis.__CIVIC_TEST_INFRA__ = { infra, dataDir, database, reusePostgres };
  Object.assign(process.env, {
    CIVIC_TEST_DATABASE_URL: infra.databaseUrl,
    CIVIC_TEST_ADMIN_DATABASE_URL: infra.adminDatabaseUrl,
    CIVIC_TEST_NATS_URL: infra.natsUrl,
    // The admin user (full permissions) and each app's own user (only what that app may do).
    CIVIC_TEST_NATS_USER: infra.natsAuth.user,
    CIVIC_TEST_NATS_PASSWORD: infra.natsAuth.pass,
    CIVIC_TEST_NATS_SERVICE_CREDENTIALS: JSON.stringify(infra.natsCredentials),
    CIVIC_TEST_NATS_MONITOR_URL: infra.natsMonitorUrl,
    CIVIC_TEST_TEMPORAL_ADDRESS: infra.temporalAddress,
    CIVIC_TEST_DATA_DIR: dataDir,
  });
  const appEnv = appEnvironment({
    databaseUrl: infra.databaseUrl,
    natsUrl: infra.natsUrl,
    temporalAddress: infra.temporalAddress,
    ports: await randomPorts(),
    nodeEnv: 'test',
  });
  await runMigrations(appEnv);
  // The permits catalogue and calendar of the local stack (written only where empty).
  await seedPermitsCatalogue(appEnv);
  await provisionStreams({ natsUrl: infra.natsUrl, auth: infra.natsAuth });
  process.stderr.write(
    `[test set-up] servers ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${dataDir})\n`,
  );
}
