/**
 * `npm start`: the whole platform on one machine. Reuses PostgreSQL / NATS / Temporal where
 * DATABASE_URL / NATS_URL / TEMPORAL_ADDRESS are set and answer, otherwise starts private
 * ones under .data/; runs migrations; starts every app with prefixed logs; waits until all
 * are healthy and prints the URLs. Ctrl-C (or SIGTERM) stops everything it started, and
 * nothing else.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_NAMES } from '#contracts';
import {
  appEnvironment,
  configuredPorts,
  runMigrations,
  seedDemoAccounts,
  seedPermitsCatalogue,
  startApps,
  type RunningApps,
} from '../apps.js';
import { StackError } from '../errors.js';
import { provisionStreams } from '../streams.js';
import { ensureSigningKey } from '../signing-key.js';
import {
  DEFAULT_PAYMENT_SANDBOX_PORT,
  ensureSandboxCredentials,
  PAYMENT_SANDBOX,
  sandboxDatabaseFile,
} from '../payment-sandbox.js';
import { InfraStopper, startInfrastructure, type Infra } from '../infra.js';
import { createLinePrinter } from '../log-format.js';
import { defaultDataDir } from '../paths.js';
import { acquireStackLock } from '../stack-lock.js';

const say = (message: string) => process.stdout.write(`stack | ${message}\n`);
const began = Date.now();
const dataDir = defaultDataDir();
const servers = new InfraStopper();
let infra: Infra | undefined;
let apps: RunningApps | undefined;
let releaseLock: (() => void) | undefined;
let stopping: Promise<void> | undefined;
/**
 * Aborted when the stack stops: ends the one-off jobs it runs (migrations, seeds), including
 * those it spawns after the stop's signal reached its process group.
 */
const stopRequested = new AbortController();

async function shutdown(code: number): Promise<void> {
  stopping ??= (async () => {
    stopRequested.abort();
    say('stopping: apps first (they drain in-flight work), then the servers this stack started');
    await apps?.stop().catch(() => undefined);
    await servers.stop();
    releaseLock?.();
    say('stopped');
  })();
  await stopping;
  process.exit(code);
}

// However the process ends (short of SIGKILL), the data folder is free again.
process.on('exit', () => releaseLock?.());

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    void shutdown(0);
  });
}

async function main(): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  releaseLock = acquireStackLock(dataDir);
  say(`data folder ${dataDir}`);
  const reuse = { postgres: true, nats: true, temporal: true };
  infra = await startInfrastructure({
    stopper: servers,
    dataDir,
    database: 'civic',
    databaseFromUrl: true,
    reuse,
    log: say,
  });
  if (stopping) return;
  const ports = configuredPorts();
  const env = appEnvironment({
    databaseUrl: infra.databaseUrl,
    natsUrl: infra.natsUrl,
    // Each app its own NATS user (a private server); on a reused one, what the environment says.
    ...(infra.natsCredentials ? { natsCredentials: infra.natsCredentials } : {}),
    temporalAddress: infra.temporalAddress,
    ports,
    // The payment sandbox's API key and webhook secret, kept in the data folder.
    paymentSandbox: ensureSandboxCredentials(dataDir),
    // Uploads (FILE_STORAGE=local) are kept in the data folder too.
    fileStorageDir: join(dataDir, 'files'),
  });
  env.SANDBOX_DATABASE_FILE ||= sandboxDatabaseFile(dataDir);
  // The gateway signs tokens with a key kept in the data folder, unless one is configured.
  env.GATEWAY_JWT_PRIVATE_KEY ||= ensureSigningKey(dataDir);
  env.AUDIT_SIGNING_KEY ||= ensureSigningKey(dataDir, 'audit');
  say('applying migrations');
  await runMigrations(env, stopRequested.signal);
  if (stopping) return;
  const streams = await provisionStreams({ natsUrl: infra.natsUrl, auth: infra.natsAuth });
  say(`streams ready: ${streams.join(', ')}`);
  if (stopping) return;
  const demo = await seedDemoAccounts(
    env,
    join(dataDir, 'demo-accounts.json'),
    stopRequested.signal,
  );
  if (stopping) return;
  const seeded = await seedPermitsCatalogue(env, stopRequested.signal);
  if (seeded.permitTypesCreated.length > 0 || seeded.holidayYearsSet.length > 0)
    say(
      `seeded the permits catalogue: ${seeded.permitTypesCreated.join(', ') || 'no types'}; holidays of ${seeded.holidayYearsSet.join(', ') || 'no years'}`,
    );
  if (stopping) return;
  say(`starting ${SERVICE_NAMES.join(', ')} and the ${PAYMENT_SANDBOX}`);
  const print = createLinePrinter([...SERVICE_NAMES, PAYMENT_SANDBOX]);
  apps = await startApps({
    env,
    ports,
    onLine: (app, line) => print(app, line),
    onSandboxLine: (line) => print(PAYMENT_SANDBOX, line),
    onSpawned: (running) => (apps = running),
  });
  const sandboxPort = ports.paymentSandbox ?? DEFAULT_PAYMENT_SANDBOX_PORT;
  const seconds = ((Date.now() - began) / 1000).toFixed(1);
  writeFileSync(
    join(dataDir, 'stack.json'),
    JSON.stringify(
      {
        pid: process.pid,
        healthyAfterSeconds: Number(seconds),
        // Where operator tools (npm run dlq) find the stack; never a secret.
        natsUrl: infra.natsUrl,
        natsUsersFile: infra.natsUsersFile ?? null,
        apps: Object.fromEntries(
          [...apps.processes].map(([n, p]) => [n, { pid: p.pid, opsPort: ports.ops[n] }]),
        ),
        paymentSandbox: { pid: apps.paymentSandbox?.pid, port: sandboxPort },
      },
      null,
      2,
    ),
  );
  for (const [name, proc] of [
    ...apps.processes,
    ...(apps.paymentSandbox ? [[PAYMENT_SANDBOX, apps.paymentSandbox] as const] : []),
  ]) {
    void proc.exited.then(() => {
      if (!stopping)
        say(
          `${name} ${proc.exitDescription ?? 'exited'}; the others keep running (Ctrl-C stops all)`,
        );
    });
  }
  const lines = [
    `all ${SERVICE_NAMES.length} apps healthy in ${seconds} s`,
    // localhost, not 127.0.0.1: browsers keep the session's Secure cookie there over plain HTTP.
    `  Web UI            http://localhost:${ports.gateway}/`,
    `  API               http://127.0.0.1:${ports.gateway}/api/v1`,
    `  API docs          http://127.0.0.1:${ports.gateway}/api/docs`,
    `  Status            http://127.0.0.1:${ports.gateway}/api/v1/status`,
    ...(infra.temporalUiUrl
      ? [`  Temporal UI       ${infra.temporalUiUrl}`]
      : [`  Temporal          ${infra.temporalAddress}`]),
    ...(infra.natsMonitorUrl ? [`  NATS monitor      ${infra.natsMonitorUrl}`] : []),
    // Where the passwords are, never the passwords themselves.
    ...(infra.natsUsersFile ? [`  NATS users        ${infra.natsUsersFile}`] : []),
    ...SERVICE_NAMES.map(
      (n) =>
        `  ${`${n} health`.padEnd(18)}http://127.0.0.1:${ports.ops[n]}/health  (metrics: /metrics)`,
    ),
    // Where the key is, never the key itself.
    `  Payment sandbox   http://127.0.0.1:${sandboxPort}  (test card 4242 4242 4242 4242; key in ${join(dataDir, PAYMENT_SANDBOX, 'credentials.json')})`,
    `  Demo accounts (one per role; kept in ${join(dataDir, 'demo-accounts.json')}):`,
    ...demo.map((a) => `    ${a.role.padEnd(11)}${a.email.padEnd(34)}${a.password}`),
    'Ctrl-C stops everything this command started.',
  ];
  for (const line of lines) say(line);
}

main().catch(async (error: unknown) => {
  if (stopping) return; // interrupted by Ctrl-C: shutdown() reports and exits
  if (error instanceof StackError) process.stderr.write(`stack | ✖ ${error.message}\n`);
  else
    process.stderr.write(
      `stack | ✖ unexpected failure: ${(error as Error).stack ?? String(error)}\n`,
    );
  await shutdown(1);
});
