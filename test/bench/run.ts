/**
 * `npm run bench`: figures of the foundation, printed as a table and as JSON.
 *
 * - Cold `npm start` to all-healthy (fresh data folder: initdb, new NATS and Temporal
 *   stores) and warm (second start on the same data), in seconds, next to the time a bare
 *   Node.js process takes to start and exit, measured in the same run.
 * - Idle resident memory (RSS) of each app after it has been idle, next to a bare Node.js
 *   process that only keeps a timer (the floor any Node service starts from).
 *
 * The stack runs in its own data folder and on its own free ports, so a running `npm start`
 * is not disturbed. Targets: each app under 150 MB, the worker under 400 MB.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_NAMES, type ServiceName } from '#contracts';
import { freePort, portsEnvironment, randomPorts, spawnStack } from '#devstack';
import { benchDataDir, printTable } from './report.js';

const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 15);
const TARGET_MB: Record<ServiceName, number> = {
  gateway: 150,
  permits: 150,
  payments: 150,
  complaints: 150,
  audit: 150,
  worker: 400,
  insights: 150,
};

const rssMb = (pid: number): number => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
};

async function bareNode(): Promise<{ startupMs: number; rssMb: number }> {
  const runs: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const began = performance.now();
    await new Promise<void>((resolve) =>
      spawn(process.execPath, ['-e', '0']).once('exit', () => resolve()),
    );
    runs.push(performance.now() - began);
  }
  const idle = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
  await new Promise((r) => setTimeout(r, 1_000));
  const rss = rssMb(idle.pid as number);
  idle.kill();
  return { startupMs: runs.sort((a, b) => a - b)[2] as number, rssMb: rss };
}

async function startStack(dataDir: string, env: NodeJS.ProcessEnv) {
  const began = performance.now();
  const { proc, lines } = spawnStack({ ...env, CIVIC_DATA_DIR: dataDir });
  for (;;) {
    if (lines.some((l) => l.includes('apps healthy in'))) break;
    if (proc.hasExited)
      throw new Error(`the stack did not come up:\n${lines.slice(-20).join('\n')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { proc, seconds: (performance.now() - began) / 1000 };
}

async function main(): Promise<void> {
  const dataDir = benchDataDir('stack');
  const ports = await randomPorts();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_LEVEL: 'warn',
    // Private servers for a true cold start, whatever this shell has set.
    NATS_URL: `nats://127.0.0.1:${await freePort()}`,
    ...portsEnvironment(ports),
  };
  try {
    const baseline = await bareNode();
    process.stderr.write('bench: cold start (fresh data folder)...\n');
    const cold = await startStack(dataDir, env);
    process.stderr.write(`bench: healthy; idling ${IDLE_SECONDS} s before reading memory...\n`);
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1_000));
    const stack = JSON.parse(readFileSync(join(dataDir, 'stack.json'), 'utf8')) as {
      apps: Record<ServiceName, { pid: number }>;
    };
    const memory = Object.fromEntries(
      SERVICE_NAMES.map((n) => [n, rssMb(stack.apps[n].pid)]),
    ) as Record<ServiceName, number>;
    await cold.proc.stop('SIGINT', 60_000);
    process.stderr.write('bench: warm start (same data folder)...\n');
    const warm = await startStack(dataDir, env);
    await warm.proc.stop('SIGINT', 60_000);

    const rows = [
      ['figure', 'value', 'baseline (same run)', 'target'],
      [
        'cold npm start -> all healthy',
        `${cold.seconds.toFixed(1)} s`,
        `bare node start+exit ${baseline.startupMs.toFixed(0)} ms`,
        '',
      ],
      [
        'warm npm start -> all healthy',
        `${warm.seconds.toFixed(1)} s`,
        `bare node start+exit ${baseline.startupMs.toFixed(0)} ms`,
        '',
      ],
      ...SERVICE_NAMES.map((n) => [
        `idle RSS ${n}`,
        `${memory[n].toFixed(0)} MB`,
        `bare node ${baseline.rssMb.toFixed(0)} MB (x${(memory[n] / baseline.rssMb).toFixed(1)})`,
        `< ${TARGET_MB[n]} MB ${memory[n] < TARGET_MB[n] ? 'ok' : 'MISSED'}`,
      ]),
    ];
    printTable(rows);
    process.stdout.write(
      `${JSON.stringify({ coldStartSeconds: cold.seconds, warmStartSeconds: warm.seconds, idleRssMb: memory, bareNode: baseline, idleSeconds: IDLE_SECONDS })}\n`,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
