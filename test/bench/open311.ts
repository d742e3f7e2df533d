/**
 * `npm run bench:open311`: Open311 `POST requests.json` under load, beside the floors measured
 * in the same run on the same machine.
 *
 * - **Open311 reports**: form posts as a client app sends them (`api_key`, `jurisdiction_id`,
 *   a pothole at a random point of the city, its required attribute, a description), 50
 *   connections (autocannon) for BENCH_OPEN311_SECONDS (60). Each one crosses the gateway
 *   (form parsed, API key checked), NATS, and the complaints service (catalogue, boundary,
 *   duplicates search, request + media + update + outbox in one transaction); the received
 *   event then starts the case's workflow (complaints consumes its own event).
 * - **Workflow lag**: from the end of the load until every complaint filed during it has its
 *   workflow started (the workflow's first transition, `sla-started`, recorded in the
 *   complaints schema: started, and its first activity done); given up after
 *   BENCH_OPEN311_LAG_LIMIT_SECONDS (300), printing how many were still waiting. Beside it, the
 *   lag of the starts themselves from `workflow_started_at` (set by the bridge when a start
 *   succeeded): the last start's time after the load ended.
 * - **Bare Fastify**: `GET /hello` of a bare Fastify process (no auth, no database, no NATS),
 *   50 connections, BENCH_OPEN311_FLOOR_SECONDS (10), and its CPU per request.
 * - **Raw Temporal starts**: workflow starts per second straight through the Temporal client
 *   on the same server, 50 at a time, for BENCH_OPEN311_FLOOR_SECONDS, on a task queue no
 *   worker polls (the start alone, what the bridge pays per complaint), and the Temporal
 *   server's CPU per start. Both floors run first, with the apps idle (after the load they
 *   would share the CPU with the workflows still starting).
 * - **CPU per request by process** (Linux /proc, `cpuByRole` in report.ts): gateway,
 *   complaints, permits, worker, PostgreSQL, NATS, Temporal and this process, during the load
 *   (per request answered) and after it until every workflow started (per complaint filed),
 *   with the load average. The other helpers on a shared machine change the rates; CPU per
 *   request is what to compare between runs.
 * - **Plans**: EXPLAIN ANALYZE of the duplicates search and the nearest street's on the table
 *   the load filled (index scans expected).
 * - BENCH_PROFILE_DIR: each app writes a V8 CPU profile there (`--cpu-prof`) when it stops.
 *
 * Targets (issue 14): at least 800 requests/s, p99 under 100 ms, every workflow started within
 * 10 s after the load ends.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import autocannon from 'autocannon';
import pg from 'pg';
import {
  appEnvironment,
  ManagedProcess,
  provisionStreams,
  randomPorts,
  repoRoot,
  runMigrations,
  seedDemoAccounts,
  seedPermitsCatalogue,
  startApps,
  startInfrastructure,
  type RunningApps,
} from '#devstack';
import { benchDataDir, cpuByRole, cpuOfPid, cpuSince, percentile, printTable } from './report.js';

/** The apps whose CPU is counted, by their folder under dist/apps. */
const APPS = { gateway: 'gateway', complaints: 'complaints', permits: 'permits', worker: 'worker' };

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const SECONDS = Number(process.env.BENCH_OPEN311_SECONDS ?? 60);
const FLOOR_SECONDS = Number(process.env.BENCH_OPEN311_FLOOR_SECONDS ?? 10);
const CONNECTIONS = 50;
const JURISDICTION = 'bench.city.example';

interface Figure {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
}

async function json<T>(response: Response, what: string): Promise<T> {
  if (!response.ok) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A pothole report at a random point of the demo city, as a client app posts it. */
function reportBody(apiKey: string): string {
  return new URLSearchParams([
    ['api_key', apiKey],
    ['jurisdiction_id', JURISDICTION],
    ['service_code', 'pothole'],
    ['lat', (51.03 + Math.random() * 0.03).toFixed(6)],
    ['long', (3.7 + Math.random() * 0.06).toFixed(6)],
    ['attribute[size]', 'medium'],
    ['attribute[lanes]', 'road'],
    ['description', 'A deep pothole in the right lane, about a bicycle wheel wide.'],
  ]).toString();
}

async function cannon(options: autocannon.Options): Promise<Figure> {
  const result = await autocannon({ connections: CONNECTIONS, ...options });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx + result.errors + result.timeouts,
  };
}

/** Workflow starts straight through the client, 50 at a time, for `seconds`. */
async function temporalStarts(address: string, seconds: number): Promise<Figure> {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const latencies: number[] = [];
  let failed = 0;
  const until = Date.now() + seconds * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < until) {
        const t0 = performance.now();
        try {
          await client.workflow.start('benchNothing', {
            taskQueue: 'bench-open311-unpolled',
            workflowId: `bench-${randomUUID()}`,
            args: [],
          });
          latencies.push(performance.now() - t0);
        } catch {
          failed += 1;
        }
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  await connection.close();
  return {
    rps: latencies.length / elapsed,
    p50: Math.round(percentile(latencies, 50)),
    p99: Math.round(percentile(latencies, 99)),
    requests: latencies.length,
    non2xx: failed,
  };
}

async function main(): Promise<void> {
  const dataDir = benchDataDir('open311');
  const infra = await startInfrastructure({
    dataDir,
    database: 'bench',
    reuse: { postgres: false, nats: false, temporal: false },
  });
  let apps: RunningApps | undefined;
  const bare = new ManagedProcess({
    name: 'bare-fastify',
    command: process.execPath,
    args: [join(repoRoot, 'dist/test/fixtures/bare-fastify.js')],
    onLine: () => undefined,
  });
  const db = new pg.Client({ connectionString: infra.databaseUrl });
  const logged = new Map<string, number>();
  try {
    const ports = await randomPorts();
    const env = appEnvironment(
      {
        databaseUrl: infra.databaseUrl,
        natsUrl: infra.natsUrl,
        ...(infra.natsCredentials ? { natsCredentials: infra.natsCredentials } : {}),
        temporalAddress: infra.temporalAddress,
        ports,
        logLevel: 'warn',
      },
      {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        // One client address sends every report.
        GATEWAY_PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000',
        OPEN311_JURISDICTION_ID: JURISDICTION,
        FILE_STORAGE_DIR: join(dataDir, 'files'),
        ...(process.env.BENCH_PROFILE_DIR
          ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}` }
          : {}),
      },
    );
    await runMigrations(env);
    await seedPermitsCatalogue(env);
    await provisionStreams({ natsUrl: infra.natsUrl, auth: infra.natsAuth });
    apps = await startApps({
      env,
      ports,
      apps: ['gateway', 'complaints', 'permits', 'worker'],
      // The apps log at warn: what they say (timeouts, failures) is shown, the first lines of each.
      onLine: (app, line) => {
        const n = (logged.get(app) ?? 0) + 1;
        logged.set(app, n);
        if (n <= 20) process.stderr.write(`[${app}] ${line}\n`);
      },
    });
    const demo = await seedDemoAccounts(env, join(dataDir, 'demo-accounts.json'));
    const gateway = `http://127.0.0.1:${ports.gateway}`;
    const admin = demo.find((a) => a.role === 'admin');
    if (!admin) throw new Error('no demo admin');
    const { accessToken } = await json<{ accessToken: string }>(
      await fetch(`${gateway}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: admin.email, password: admin.password }),
      }),
      'log in as admin',
    );
    const { apiKey } = await json<{ apiKey: string }>(
      await fetch(`${gateway}/api/v1/open311/api-keys`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({ clientName: 'bench' }),
      }),
      'issue an API key',
    );
    await db.connect();

    let barePort = 0;
    while (!barePort) {
      const line = bare.tail.find((l) => l.startsWith('listening '));
      if (line) barePort = Number(line.split(' ')[1]);
      else await new Promise((r) => setTimeout(r, 50));
    }

    const post = (seconds: number) =>
      cannon({
        url: `${gateway}/open311/v2/requests.json`,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => ({
              ...request,
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              body: reportBody(apiKey),
            }),
          },
        ],
      });

    // The floors first, on the same machine with the apps idle: measured after the load they
    // would share the CPU with the workflows still starting (a lag over the limit leaves some).
    const bareCpuBefore = cpuOfPid(bare.pid as number);
    const bareFigure = await cannon({
      url: `http://127.0.0.1:${barePort}/hello`,
      duration: FLOOR_SECONDS,
    });
    const bareMsPerRequest =
      ((cpuOfPid(bare.pid as number) - bareCpuBefore) * 1_000) / Math.max(1, bareFigure.requests);
    const temporalCpuBefore = cpuByRole(dataDir, APPS);
    const temporal = await temporalStarts(infra.temporalAddress, FLOOR_SECONDS);
    const temporalCpu = cpuSince(temporalCpuBefore, dataDir, APPS);
    const temporalMsPerStart =
      ((temporalCpu.get('temporal') ?? 0) * 1_000) / Math.max(1, temporal.requests);

    // Warm-up (JIT, pools, caches), not counted; its workflows are let start first.
    await post(3);
    const before = new Date();
    await waitForWorkflows(db, new Date(0), 120_000);

    const loadBefore = loadavg();
    const cpuBefore = cpuByRole(dataDir, APPS);
    const open311 = await post(SECONDS);
    const loadEnded = Date.now();
    const cpuLoad = cpuSince(cpuBefore, dataDir, APPS);
    const loadDuring = loadavg();
    const cpuAfterLoad = cpuByRole(dataDir, APPS);
    const lag = await waitForWorkflows(
      db,
      before,
      Number(process.env.BENCH_OPEN311_LAG_LIMIT_SECONDS ?? 300) * 1000,
    );
    const cpuLag = cpuSince(cpuAfterLoad, dataDir, APPS);
    const loadAfter = loadavg();
    const lagS = (lag.at - loadEnded) / 1000;
    // The starts themselves, as the bridge records them (`workflow_started_at`, set in the
    // transaction of its inbox entry once the start succeeded): exact, not polled.
    const starts = await db.query<{ started: string; last: Date | null }>(
      `SELECT count(*) FILTER (WHERE workflow_started) AS started,
              max(workflow_started_at) AS last
         FROM complaints.requests WHERE requested_at >= $1`,
      [before],
    );
    const lastStart = starts.rows[0]!.last;
    const startLagS = lastStart ? (lastStart.getTime() - loadEnded) / 1000 : null;

    const row = (label: string, f: Figure, target: string) => [
      label,
      f.rps.toFixed(0),
      `${f.p50} ms`,
      `${f.p99} ms`,
      String(f.requests),
      String(f.non2xx),
      target,
    ];
    printTable([
      ['figure (50 connections, same run)', 'req/s', 'p50', 'p99', 'total', 'errors', 'target'],
      row(
        `Open311 POST requests.json, ${SECONDS} s`,
        open311,
        `>= 800/s ${open311.rps >= 800 ? 'ok' : 'MISSED'}; p99 < 100 ms ${open311.p99 < 100 ? 'ok' : 'MISSED'}`,
      ),
      row(`bare Fastify GET /hello, ${FLOOR_SECONDS} s`, bareFigure, 'floor'),
      row(`raw Temporal workflow starts, ${FLOOR_SECONDS} s`, temporal, 'floor'),
    ]);
    process.stdout.write(
      lag.waiting === 0
        ? `workflows started after the load: ${lag.count} complaints, the last ${lagS.toFixed(1)} s after the load ended (target <= 10 s ${lagS <= 10 ? 'ok' : 'MISSED'})\n`
        : `workflows started after the load: ${lag.waiting} of ${lag.count} still not started ${lagS.toFixed(1)} s after the load ended (target <= 10 s MISSED)\n`,
    );
    process.stdout.write(
      `workflow starts recorded (workflow_started_at): ${starts.rows[0]!.started} of ${lag.count}, the last ${startLagS === null ? '-' : startLagS.toFixed(1)} s after the load ended\n`,
    );
    // The searches by place each report makes, on the table the load filled: index scans?
    const plan = async (sql: string, params: unknown[]) =>
      (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS off) ${sql}`, params)).rows
        .map((r) => `  ${r['QUERY PLAN']}`)
        .join('\n');
    const box = [51.044, 51.0485, 3.726, 3.7332]; // about 250 m around a point of the city
    process.stdout.write(
      `the duplicates search after the load (${lag.count} requests):\n${await plan(
        `SELECT r.id, r.lat, r.long, r.duplicate_of FROM complaints.requests r
          WHERE point(r.long, r.lat) <@ box(point($3, $1), point($4, $2)) AND r.closed_at IS NULL
            AND r.service_code = 'pothole' AND r.requested_at >= now() - interval '30 days'
            AND r.status IN ('for_triage', 'investigating', 'action_scheduled', 'in_progress')
          ORDER BY r.requested_at LIMIT 50`,
        box,
      )}\nthe nearest street:\n${await plan(
        `SELECT street, zipcode, lat, long FROM complaints.gazetteer
          WHERE point(long, lat) <@ box(point($3, $1), point($4, $2)) LIMIT 200`,
        box,
      )}\n`,
    );

    // CPU per complaint by part: during the load (per request answered), and the work left
    // after it until every workflow started (per complaint filed during the load).
    const ms = (seconds: number | undefined, n: number) =>
      ((seconds ?? 0) * 1_000) / Math.max(1, n);
    const filed = lag.count;
    const roles = [...new Set([...cpuLoad.keys(), ...cpuLag.keys()])].sort(
      (a, b) =>
        (cpuLoad.get(b) ?? 0) + (cpuLag.get(b) ?? 0) - (cpuLoad.get(a) ?? 0) - (cpuLag.get(a) ?? 0),
    );
    const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    const perRequest = Object.fromEntries(
      roles.map((role) => [
        role,
        {
          loadMs: ms(cpuLoad.get(role), open311.requests),
          afterLoadMs: ms(cpuLag.get(role), filed),
          totalMs: ms((cpuLoad.get(role) ?? 0) + (cpuLag.get(role) ?? 0), filed),
        },
      ]),
    );
    printTable([
      ['CPU per request (ms)', 'during the load', 'after it (starts)', 'total per complaint'],
      ...roles.map((role) => [
        role,
        perRequest[role]!.loadMs.toFixed(3),
        perRequest[role]!.afterLoadMs.toFixed(3),
        perRequest[role]!.totalMs.toFixed(3),
      ]),
      [
        `all (2 cores at 800/s: 2.5 ms)`,
        ms(sum(cpuLoad), open311.requests).toFixed(3),
        ms(sum(cpuLag), filed).toFixed(3),
        ms(sum(cpuLoad) + sum(cpuLag), filed).toFixed(3),
      ],
      ['floor: bare Fastify CPU per GET /hello', bareMsPerRequest.toFixed(3), '', ''],
      ['floor: Temporal server CPU per raw start', temporalMsPerStart.toFixed(3), '', ''],
    ]);
    process.stdout.write(
      `load average (1, 5, 15 min): before the load ${loadBefore}; at its end ${loadDuring}; when every workflow had started ${loadAfter}\n`,
    );
    process.stdout.write(
      `app log lines (warn and above): ${[...logged].map(([app, n]) => `${app} ${n}`).join(', ') || 'none'}\n`,
    );
    process.stdout.write(
      `${JSON.stringify({ connections: CONNECTIONS, seconds: SECONDS, floorSeconds: FLOOR_SECONDS, open311, bare: bareFigure, temporal, workflows: { count: lag.count, notStarted: lag.waiting, lagSeconds: lagS, startsRecorded: Number(starts.rows[0]!.started), startLagSeconds: startLagS }, cpuMsPerRequest: perRequest, bareFastifyCpuMsPerRequest: bareMsPerRequest, temporalCpuMsPerStart: temporalMsPerStart, loadavg: { before: loadBefore, end: loadDuring, after: loadAfter } })}\n`,
    );
  } finally {
    await db.end().catch(() => undefined);
    await bare.stop('SIGTERM', 5_000);
    await apps?.stop(20_000);
    await infra.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Waits until every complaint received since `since` has its workflow started (its
 * `sla-started` transition recorded), or `timeoutMs`; answers when, how many there are and
 * how many are still waiting.
 */
async function waitForWorkflows(
  db: pg.Client,
  since: Date,
  timeoutMs: number,
): Promise<{ at: number; count: number; waiting: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query<{ total: string; waiting: string }>(
      `SELECT count(*) AS total,
              count(*) FILTER (WHERE NOT EXISTS (
                SELECT 1 FROM complaints.request_transitions t
                 WHERE t.request_id = r.id AND t.kind = 'sla-started')) AS waiting
         FROM complaints.requests r WHERE r.requested_at >= $1`,
      [since],
    );
    const { total, waiting } = rows[0]!;
    if (Number(waiting) === 0 || Date.now() > deadline)
      return { at: Date.now(), count: Number(total), waiting: Number(waiting) };
    await new Promise((r) => setTimeout(r, 100));
  }
}

await main();
