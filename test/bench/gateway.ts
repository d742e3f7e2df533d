/**
 * `npm run bench:gateway`: the gateway's figures next to a bare Fastify handler measured in
 * the same run, at 50 concurrent connections (autocannon):
 *
 * - authenticated `GET /api/v1/auth/me` (token checked, session looked up, account read);
 * - an authenticated read that crosses NATS to a service (`GET /api/v1/services/audit/status`:
 *   token and session, then a NATS request to the audit service and back);
 * - `GET /hello` of a bare Fastify process (no auth, no database, no NATS).
 *
 * A shared 2-core machine's speed drifts by tens of percent within a minute, so the three
 * loads take turns: BENCH_ROUNDS rounds (3) of BENCH_SECONDS (5) each, after a warm-up. Each
 * figure is the median of its rounds, and each ratio the median of the rounds' own ratios
 * (a route against the bare handler of the same round).
 *
 * Targets (issue 4): the NATS-crossing read at least 15% of the bare handler's rate, p99
 * under 50 ms.
 *
 * Idempotent commands (issue 11), in the same rounds: `POST /api/v1/audit/tree-heads` (sign a
 * tree head as the auditor; a cheap command that changes state only when the log has grown,
 * so it can be repeated at full load) without a key, with a new `Idempotency-Key` on every
 * request (the gateway claims the key and keeps the answer, two statements on the identity
 * schema; the audit service records the request key with its reply in the command's
 * transaction), and with one key repeated (the kept answer replayed, the command not run).
 * Printed against the same POST without a key.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { ManagedProcess, randomPorts, repoRoot, spawnStack, portsEnvironment } from '#devstack';
import { benchDataDir, median, printTable } from './report.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const CONNECTIONS = 50;

interface Figure {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

interface Target {
  url: string;
  headers: Record<string, string>;
  method?: 'GET' | 'POST';
  /** A new `Idempotency-Key` on every request. */
  newKeys?: boolean;
}

/** Each request with a key of its own (a first use every time). */
const withNewKey = (request: autocannon.Request): autocannon.Request => ({
  ...request,
  headers: { ...request.headers, 'idempotency-key': randomUUID() },
});

async function load(target: Target, duration = DURATION): Promise<Figure> {
  const result = await autocannon({
    url: target.url,
    method: target.method ?? 'GET',
    connections: CONNECTIONS,
    duration,
    headers: target.headers,
    ...(target.newKeys ? { requests: [{ setupRequest: withNewKey }] } : {}),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors + result.timeouts,
  };
}

async function main(): Promise<void> {
  const dataDir = benchDataDir('gateway');
  const ports = await randomPorts();
  const { proc: stack, lines } = spawnStack({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CIVIC_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ...(process.env.BENCH_PROFILE_DIR
      ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}` }
      : {}),
    // The benchmark is one client address hammering public routes: no rate limit in the way.
    GATEWAY_PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000',
    ...portsEnvironment(ports),
  });
  const bare = new ManagedProcess({
    name: 'bare-fastify',
    command: process.execPath,
    args: [join(repoRoot, 'dist/test/fixtures/bare-fastify.js')],
    onLine: () => undefined,
  });
  try {
    for (;;) {
      if (lines.some((l) => l.includes('apps healthy in'))) break;
      if (stack.hasExited)
        throw new Error(`the stack did not come up:\n${lines.slice(-20).join('\n')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    let barePort = 0;
    while (!barePort) {
      const line = bare.tail.find((l) => l.startsWith('listening '));
      if (line) barePort = Number(line.split(' ')[1]);
      else await new Promise((r) => setTimeout(r, 50));
    }
    const demo = JSON.parse(readFileSync(join(dataDir, 'demo-accounts.json'), 'utf8')) as {
      role: string;
      email: string;
      password: string;
    }[];
    const auditor = demo.find((a) => a.role === 'auditor') as { email: string; password: string };
    const gateway = `http://127.0.0.1:${ports.gateway}`;
    const login = await fetch(`${gateway}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: auditor.email, password: auditor.password }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const auth = { authorization: `Bearer ${accessToken}` };

    const sign = `${gateway}/api/v1/audit/tree-heads`;
    // The signing command answers 404 while the log is empty: give it an entry first (a read of
    // the trail is itself recorded in the trail) and wait until a head is signed, so every
    // POST below is a command that succeeds.
    await fetch(`${gateway}/api/v1/audit/entries?limit=1`, { headers: auth });
    for (let waited = 0; ; waited += 200) {
      const first = await fetch(sign, { method: 'POST', headers: auth });
      if (first.ok) break;
      if (waited > 30_000) throw new Error(`no tree head could be signed: ${first.status}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const targets: Record<
      'bare' | 'me' | 'crossing' | 'signUnkeyed' | 'signKeyed' | 'signReplayed',
      Target
    > = {
      bare: { url: `http://127.0.0.1:${barePort}/hello`, headers: {} },
      me: { url: `${gateway}/api/v1/auth/me`, headers: auth },
      crossing: { url: `${gateway}/api/v1/services/audit/status`, headers: auth },
      signUnkeyed: { url: sign, method: 'POST', headers: auth },
      signKeyed: { url: sign, method: 'POST', headers: auth, newKeys: true },
      signReplayed: {
        url: sign,
        method: 'POST',
        headers: { ...auth, 'idempotency-key': randomUUID() },
      },
    };
    type Name = keyof typeof targets;
    const names = Object.keys(targets) as Name[];
    for (const name of names)
      // warm-up: JIT, pools, caches
      await load(targets[name], 2);
    const rounds: Record<Name, Figure>[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const figures = {} as Record<Name, Figure>;
      for (const name of names) figures[name] = await load(targets[name]);
      rounds.push(figures);
    }
    const summary = (name: Name): Figure & { ratio: number } => ({
      rps: median(rounds.map((r) => r[name].rps)),
      p50: median(rounds.map((r) => r[name].p50)),
      p99: median(rounds.map((r) => r[name].p99)),
      non2xx: rounds.reduce((sum, r) => sum + r[name].non2xx, 0),
      ratio: median(rounds.map((r) => r[name].rps / r.bare.rps)),
    });
    const bareFigure = summary('bare');
    const me = summary('me');
    const crossing = summary('crossing');
    const ratio = (f: { ratio: number }) => f.ratio;
    const rows = [
      [
        `figure (50 connections, median of ${ROUNDS} rounds of ${DURATION} s)`,
        'req/s',
        'p50',
        'p99',
        'errors',
        'vs bare',
        'target',
      ],
      [
        'bare Fastify GET /hello',
        bareFigure.rps.toFixed(0),
        `${bareFigure.p50} ms`,
        `${bareFigure.p99} ms`,
        String(bareFigure.non2xx),
        '1.00',
        'baseline',
      ],
      [
        'GET /api/v1/auth/me',
        me.rps.toFixed(0),
        `${me.p50} ms`,
        `${me.p99} ms`,
        String(me.non2xx),
        ratio(me).toFixed(2),
        '',
      ],
      [
        'GET /api/v1/services/audit/status (NATS)',
        crossing.rps.toFixed(0),
        `${crossing.p50} ms`,
        `${crossing.p99} ms`,
        String(crossing.non2xx),
        ratio(crossing).toFixed(2),
        `>= 0.15 ${ratio(crossing) >= 0.15 ? 'ok' : 'MISSED'}; p99 < 50 ms ${crossing.p99 < 50 ? 'ok' : 'MISSED'}`,
      ],
    ];
    printTable(rows);
    const unkeyed = summary('signUnkeyed');
    const againstUnkeyed = (name: Name) =>
      median(rounds.map((r) => r[name].rps / r.signUnkeyed.rps));
    const command = (label: string, name: Name): string[] => {
      const f = summary(name);
      return [
        label,
        f.rps.toFixed(0),
        `${f.p50} ms`,
        `${f.p99} ms`,
        String(f.non2xx),
        againstUnkeyed(name).toFixed(2),
      ];
    };
    printTable([
      ['idempotent command (same rounds)', 'req/s', 'p50', 'p99', 'errors', 'vs no key'],
      command('POST /api/v1/audit/tree-heads, no key', 'signUnkeyed'),
      command('  with a new Idempotency-Key each', 'signKeyed'),
      command('  with one key, replayed', 'signReplayed'),
    ]);
    process.stdout.write(
      `${JSON.stringify({ connections: CONNECTIONS, seconds: DURATION, rounds, bare: bareFigure, me, crossing, idempotency: { unkeyed, keyed: summary('signKeyed'), replayed: summary('signReplayed'), keyedVsUnkeyed: againstUnkeyed('signKeyed'), replayedVsUnkeyed: againstUnkeyed('signReplayed') } })}\n`,
    );
  } finally {
    await bare.stop('SIGTERM', 5_000);
    await stack.stop('SIGTERM', 60_000);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
