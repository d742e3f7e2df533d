import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICES, SERVICE_NAMES, type ServiceName } from '#contracts';
import type { NatsAuth } from '#platform';
import { StackError } from './errors.js';
import { messageOf } from './log-format.js';
import { natsPasswordVariable, natsUserVariable } from './nats-accounts.js';
import {
  DEFAULT_PAYMENT_SANDBOX_PORT,
  newSandboxCredentials,
  PAYMENTS_SANDBOX_SECRET_VARIABLES,
  SANDBOX_SECRET_VARIABLES,
  sandboxEnvironment,
  startPaymentSandbox,
  type SandboxCredentials,
} from './payment-sandbox.js';
import { appEntry, repoRoot, workflowBundlePath } from './paths.js';
import { ManagedProcess, run } from './processes.js';
import { assertPortsFree, freePorts, waitFor } from './ports.js';

/**
 * V8 flags of each app: the young generation's size, in MB per semi-space. With a tiny one
 * (2 MB) a process answering requests scavenges over a hundred times a second and spent a
 * third of its time collecting garbage in the gateway benchmark. The gateway, which takes
 * every HTTP request, gets 16 MB, the services, which answer its NATS requests, 8 MB, and the
 * worker, which only runs workflows, 2 MB. Booting grows the young generation to its maximum;
 * each app gives that back once started (`settleMemory`), so idle apps stay small (about
 * 140 MB for the gateway, 125 MB for a service, 175 MB for the worker). Extra flags (e.g.
 * --enable-source-maps) can be added with NODE_OPTIONS.
 */
export const SEMI_SPACE_MB: Record<ServiceName, number> = {
  gateway: 16,
  permits: 8,
  payments: 8,
  complaints: 8,
  audit: 8,
  worker: 2,
  insights: 8,
};

export const appNodeFlags = (name: ServiceName): string[] => [
  `--max-semi-space-size=${SEMI_SPACE_MB[name]}`,
];

export interface AppPorts {
  gateway: number;
  ops: Record<ServiceName, number>;
  /** The payment sandbox's API and hosted pages (SANDBOX_PORT); 3100 when absent. */
  paymentSandbox?: number;
}

export const opsPortVariable = (name: ServiceName): string => `${name.toUpperCase()}_OPS_PORT`;

/** Ports from the environment, else the defaults (gateway 3000, ops 9400-9406, sandbox 3100). */
export function configuredPorts(env: NodeJS.ProcessEnv = process.env): AppPorts {
  const num = (value: string | undefined, fallback: number) =>
    value && /^\d+$/.test(value) ? Number(value) : fallback;
  return {
    gateway: num(env.GATEWAY_PORT, 3000),
    ops: Object.fromEntries(
      SERVICE_NAMES.map((n) => [n, num(env[opsPortVariable(n)], SERVICES[n].defaultOpsPort)]),
    ) as Record<ServiceName, number>,
    paymentSandbox: num(env.SANDBOX_PORT, DEFAULT_PAYMENT_SANDBOX_PORT),
  };
}

/** Free ports for every app and the payment sandbox (tests, benchmarks). */
export async function randomPorts(): Promise<AppPorts> {
  const ports = await freePorts(SERVICE_NAMES.length + 2);
  return {
    gateway: ports[0] as number,
    ops: Object.fromEntries(SERVICE_NAMES.map((n, i) => [n, ports[i + 1] as number])) as Record<
      ServiceName,
      number
    >,
    paymentSandbox: ports[SERVICE_NAMES.length + 1] as number,
  };
}

/** The variables that put every app on `ports`. */
export const portsEnvironment = (ports: AppPorts): NodeJS.ProcessEnv => ({
  GATEWAY_PORT: String(ports.gateway),
  ...Object.fromEntries(SERVICE_NAMES.map((n) => [opsPortVariable(n), String(ports.ops[n])])),
  ...(ports.paymentSandbox === undefined ? {} : { SANDBOX_PORT: String(ports.paymentSandbox) }),
});

/** `npm start` as a child process (tests, benchmarks), every output line collected. */
export function spawnStack(env: NodeJS.ProcessEnv): { proc: ManagedProcess; lines: string[] } {
  const lines: string[] = [];
  const proc = new ManagedProcess({
    name: 'stack',
    command: process.execPath,
    args: [join(repoRoot, 'dist/libs/devstack/src/cli/start.js')],
    cwd: repoRoot,
    env,
    onLine: (line) => lines.push(line),
  });
  return { proc, lines };
}

export interface AppEnvironmentInput {
  databaseUrl: string;
  natsUrl: string;
  /**
   * Each app's own NATS user (`Infra.natsCredentials`, or a test's). Carried as
   * `<APP>_NATS_USER` / `<APP>_NATS_PASSWORD`; `startApps` turns the app's own pair into its
   * NATS_USER / NATS_PASSWORD and removes the others'.
   */
  natsCredentials?: Partial<Record<ServiceName, NatsAuth>>;
  temporalAddress: string;
  temporalNamespace?: string;
  ports: AppPorts;
  logLevel?: string;
  nodeEnv?: 'development' | 'test' | 'production';
  /**
   * The payment sandbox's API key and webhook secrets (the local stack keeps them in its data
   * folder); fresh random ones when absent.
   */
  paymentSandbox?: SandboxCredentials;
  /**
   * The folder of the file storage (FILE_STORAGE=local, the default): uploads the gateway
   * streams in. A FILE_STORAGE_DIR already in the environment wins.
   */
  fileStorageDir?: string;
}

/** The environment every app process gets (on top of the caller's own). */
export function appEnvironment(
  input: AppEnvironmentInput,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const bundle = workflowBundlePath();
  return {
    ...base,
    NODE_ENV: input.nodeEnv ?? 'development',
    LOG_LEVEL: input.logLevel ?? base.LOG_LEVEL ?? 'info',
    DATABASE_URL: input.databaseUrl,
    NATS_URL: input.natsUrl,
    ...natsCredentialsEnvironment(input.natsCredentials ?? {}),
    TEMPORAL_ADDRESS: input.temporalAddress,
    TEMPORAL_NAMESPACE: input.temporalNamespace ?? base.TEMPORAL_NAMESPACE ?? 'civic',
    ...portsEnvironment(input.ports),
    ...sandboxEnvironment({
      port: input.ports.paymentSandbox ?? DEFAULT_PAYMENT_SANDBOX_PORT,
      gatewayPort: input.ports.gateway,
      credentials: input.paymentSandbox ?? newSandboxCredentials(),
    }),
    // Where a permit certificate's QR code points: the gateway this stack runs.
    PUBLIC_BASE_URL: base.PUBLIC_BASE_URL ?? `http://127.0.0.1:${input.ports.gateway}`,
    // Where the payment provider sends the payer back: the web UI's return page on the gateway
    // this stack runs, at `localhost` (the origin whose session cookie the browser keeps).
    PAYMENTS_RETURN_URL:
      base.PAYMENTS_RETURN_URL ??
      `http://localhost:${input.ports.gateway}/payments/{paymentId}/return`,
    ...(input.fileStorageDir && !base.FILE_STORAGE_DIR
      ? { FILE_STORAGE_DIR: input.fileStorageDir }
      : {}),
    ...(existsSync(bundle) ? { WORKER_WORKFLOW_BUNDLE: bundle } : {}),
  };
}

/** `<APP>_NATS_USER` / `<APP>_NATS_PASSWORD` for each app in `credentials`. */
export function natsCredentialsEnvironment(
  credentials: Partial<Record<ServiceName, NatsAuth>>,
): NodeJS.ProcessEnv {
  return Object.fromEntries(
    SERVICE_NAMES.flatMap((name) => {
      const auth = credentials[name];
      return auth
        ? [
            [natsUserVariable(name), auth.user],
            [natsPasswordVariable(name), auth.pass],
          ]
        : [];
    }),
  );
}

const withoutAppNatsUsers = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => {
  const result = { ...env };
  for (const name of SERVICE_NAMES) {
    delete result[natsUserVariable(name)];
    delete result[natsPasswordVariable(name)];
  }
  return result;
};

/**
 * The environment of one app's process: its own NATS user (`<APP>_NATS_USER` /
 * `<APP>_NATS_PASSWORD`) as NATS_USER / NATS_PASSWORD, and no other app's password. Without
 * its own pair, NATS_USER / NATS_PASSWORD of `env` (if any) pass through unchanged.
 */
export function appProcessEnvironment(
  name: ServiceName,
  env: NodeJS.ProcessEnv,
): NodeJS.ProcessEnv {
  const user = env[natsUserVariable(name)];
  const result = withoutAppNatsUsers(env);
  // The token-signing key is the gateway's secret alone.
  if (name !== 'gateway') delete result.GATEWAY_JWT_PRIVATE_KEY;
  if (name !== 'audit') delete result.AUDIT_SIGNING_KEY;
  // The sandbox's key and webhook secrets: its own copy stays with it, payments has its own.
  for (const variable of SANDBOX_SECRET_VARIABLES) delete result[variable];
  if (name !== 'payments')
    for (const variable of PAYMENTS_SANDBOX_SECRET_VARIABLES) delete result[variable];
  if (user) {
    result.NATS_USER = user;
    result.NATS_PASSWORD = env[natsPasswordVariable(name)] ?? '';
  }
  return result;
}

/** The environment of a migration job: it talks to PostgreSQL only, so no NATS user at all. */
export function migrationEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const result = withoutAppNatsUsers(env);
  delete result.GATEWAY_JWT_PRIVATE_KEY;
  delete result.AUDIT_SIGNING_KEY;
  delete result.NATS_USER;
  delete result.NATS_PASSWORD;
  for (const variable of [...SANDBOX_SECRET_VARIABLES, ...PAYMENTS_SANDBOX_SECRET_VARIABLES])
    delete result[variable];
  return result;
}

/**
 * The payment sandbox's environment: its own variables, and none of the platform's secrets
 * (it stands for an outside provider: no NATS user, no database, no signing key).
 */
export function sandboxProcessEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const result = withoutAppNatsUsers(env);
  for (const variable of [
    'GATEWAY_JWT_PRIVATE_KEY',
    'AUDIT_SIGNING_KEY',
    'NATS_USER',
    'NATS_PASSWORD',
    'DATABASE_URL',
    ...PAYMENTS_SANDBOX_SECRET_VARIABLES,
  ])
    delete result[variable];
  return result;
}

function assertBuilt(): void {
  const missing = SERVICE_NAMES.find((n) => !existsSync(appEntry(n)));
  if (missing)
    throw new StackError(
      `the apps are not built (${appEntry(missing)} is missing)`,
      'run npm run build',
    );
}

/**
 * Applies every service's migrations to its own schema (each service's migrate job, side by
 * side). Aborting `signal` ends the jobs (the stack's Ctrl-C).
 */
export async function runMigrations(env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<void> {
  assertBuilt();
  const owners = SERVICE_NAMES.filter((n) => SERVICES[n].schema !== null);
  const results = await Promise.all(
    owners.map(async (name) => ({
      name,
      ...(await run(process.execPath, [appEntry(name, 'migrate')], {
        env: migrationEnvironment(env),
        cwd: repoRoot,
        signal,
      })),
    })),
  );
  const failed = results.find((r) => r.code !== 0);
  if (failed) {
    const lines = failed.output.trim().split('\n').filter(Boolean);
    throw new StackError(
      `migrations of ${failed.name} failed: ${messageOf(lines.at(-1) ?? '')}`,
      'fix the migration or the database, then start again',
    );
  }
}

export interface RunningApps {
  processes: Map<ServiceName, ManagedProcess>;
  /** The payment sandbox, when it was started with the apps. */
  paymentSandbox?: ManagedProcess;
  /** Stops the gateway first (no new work comes in), then the rest; each drains before it exits. */
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * Starts the apps as child processes and waits until each one reports ready on its ops port.
 * An app that exits during start fails the whole start with its own last words.
 */
export async function startApps(options: {
  env: NodeJS.ProcessEnv;
  ports: AppPorts;
  apps?: readonly ServiceName[];
  onLine?: (app: ServiceName, line: string) => void;
  /** Called once the processes exist, before they are ready: lets a caller stop them early. */
  onSpawned?: (running: RunningApps) => void;
  readyTimeoutMs?: number;
  /**
   * Start the payment sandbox beside the apps (default: when payments is one of them), on
   * `ports.paymentSandbox`, its state in SANDBOX_DATABASE_FILE of `env` or else in a
   * temporary folder removed when it stops.
   */
  paymentSandbox?: boolean;
  onSandboxLine?: (line: string) => void;
}): Promise<RunningApps> {
  assertBuilt();
  const apps = options.apps ?? SERVICE_NAMES;
  const withSandbox = options.paymentSandbox ?? apps.includes('payments');
  const sandboxPort = options.ports.paymentSandbox ?? DEFAULT_PAYMENT_SANDBOX_PORT;
  await assertPortsFree([
    ...(withSandbox
      ? [{ port: sandboxPort, owner: 'payment sandbox', variable: 'SANDBOX_PORT' }]
      : []),
    ...(apps.includes('gateway')
      ? [{ port: options.ports.gateway, owner: 'gateway HTTP', variable: 'GATEWAY_PORT' }]
      : []),
    ...apps.map((n) => ({
      port: options.ports.ops[n],
      owner: `${n} ops`,
      variable: opsPortVariable(n),
    })),
  ]);
  const processes = new Map<ServiceName, ManagedProcess>();
  const sandboxDir =
    withSandbox && !options.env.SANDBOX_DATABASE_FILE
      ? mkdtempSync(join(tmpdir(), 'civic-sandbox-'))
      : undefined;
  let sandbox: Promise<ManagedProcess | undefined> = Promise.resolve(undefined);
  const running: RunningApps = {
    processes,
    async stop(timeoutMs = 20_000) {
      await processes.get('gateway')?.stop('SIGTERM', timeoutMs);
      await Promise.all([
        ...[...processes.entries()]
          .filter(([n]) => n !== 'gateway')
          .map(([, p]) => p.stop('SIGTERM', timeoutMs)),
        sandbox.then((p) => p?.stop('SIGTERM', timeoutMs)).catch(() => undefined),
      ]);
      if (sandboxDir) rmSync(sandboxDir, { recursive: true, force: true });
    },
  };
  if (withSandbox) {
    sandbox = startPaymentSandbox({
      env: {
        ...sandboxProcessEnvironment(options.env),
        ...(sandboxDir ? { SANDBOX_DATABASE_FILE: join(sandboxDir, 'sandbox.sqlite') } : {}),
        CIVIC_SUPERVISOR_PID: String(process.pid),
      },
      port: sandboxPort,
      ...(options.onSandboxLine ? { onLine: options.onSandboxLine } : {}),
      ...(options.readyTimeoutMs === undefined ? {} : { readyTimeoutMs: options.readyTimeoutMs }),
    }).then((proc) => {
      running.paymentSandbox = proc;
      return proc;
    });
    // Failures surface where the start is awaited below.
    sandbox.catch(() => undefined);
  }
  for (const name of apps) {
    processes.set(
      name,
      new ManagedProcess({
        name,
        command: process.execPath,
        args: [...appNodeFlags(name), appEntry(name)],
        cwd: repoRoot,
        env: {
          ...appProcessEnvironment(name, options.env),
          CIVIC_SUPERVISOR_PID: String(process.pid),
        },
        onLine: (line) => options.onLine?.(name, line),
      }),
    );
  }
  options.onSpawned?.(running);
  try {
    await Promise.all(
      apps.map((name) => {
        const proc = processes.get(name) as ManagedProcess;
        return waitFor(
          `${name}`,
          async () =>
            (await fetch(`http://127.0.0.1:${options.ports.ops[name]}/health/ready`)).status ===
            200,
          {
            timeoutMs: options.readyTimeoutMs ?? 90_000,
            intervalMs: 250,
            fix: `see the ${name} log lines above`,
            abort: () =>
              proc.hasExited
                ? `${proc.exitDescription} during start: ${lastWords(proc)}`
                : undefined,
          },
        );
      }),
    );
    await sandbox;
  } catch (error) {
    await running.stop(5_000);
    throw error;
  }
  return running;
}

/** The most telling line an app printed before it died (its fatal line when there is one). */
function lastWords(proc: ManagedProcess): string {
  const fatal = [...proc.tail]
    .reverse()
    .find((l) => l.includes('"level":"fatal"') || l.includes('"level":"error"'));
  return messageOf(fatal ?? proc.tail.at(-1) ?? 'no output');
}

export interface DemoAccount {
  role: string;
  email: string;
  password: string;
}

/**
 * One demo account per role (the gateway's `users:seed-demo`), their passwords kept in `file`
 * (mode 0600) so they stay the same from one start to the next.
 */
export async function seedDemoAccounts(
  env: NodeJS.ProcessEnv,
  file: string,
  signal?: AbortSignal,
): Promise<DemoAccount[]> {
  const result = await run(
    process.execPath,
    [appEntry('gateway', 'cli'), 'users:seed-demo', '--file', file],
    { env: migrationEnvironment(env), cwd: repoRoot, signal },
  );
  const lines = result.output.trim().split('\n').filter(Boolean);
  if (result.code !== 0)
    throw new StackError(
      `seeding the demo accounts failed: ${messageOf(lines.at(-1) ?? '')}`,
      "see the gateway's identity schema and its migrations",
    );
  return JSON.parse(lines.at(-1) ?? '[]') as DemoAccount[];
}

/** What the permits seed step wrote (nothing when the catalogue and calendar were there). */
export interface PermitsSeedOutcome {
  permitTypesCreated: string[];
  calendarSettingsSet: boolean;
  holidayYearsSet: number[];
}

/**
 * Fills an empty permits catalogue and business calendar (the permits app's seed step: three
 * permit types, the city's time zone, the holidays of two years). Writes only what is missing,
 * so an admin's changes survive a restart.
 */
export async function seedPermitsCatalogue(
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<PermitsSeedOutcome> {
  const result = await run(process.execPath, [appEntry('permits', 'seed')], {
    env: migrationEnvironment(env),
    cwd: repoRoot,
    signal,
  });
  const lines = result.output.trim().split('\n').filter(Boolean);
  if (result.code !== 0)
    throw new StackError(
      `seeding the permits catalogue failed: ${messageOf(lines.at(-1) ?? '')}`,
      'see the permits schema and its migrations',
    );
  return JSON.parse(lines.at(-1) ?? '{}') as PermitsSeedOutcome;
}
