/**
 * What the benches share: percentiles, a data folder, private servers, CPU per part (Linux /proc)
 * and the table.
 */
import { chmodSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, startInfrastructure } from '#devstack';

export const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

/** The middle value (of rounds' figures). */
export const median = (values: number[]): number => percentile(values, 50);

/** A fresh data folder the servers' own users can read (the postgres user, when root runs). */
export function benchDataDir(name: string): string {
  const dataDir = mkdtempSync(join(tmpdir(), `civic-bench-${name}-`));
  chmodSync(dataDir, 0o755);
  return dataDir;
}

/** PostgreSQL and NATS of the bench's own, whatever this machine already runs. */
export const benchInfrastructure = (dataDir: string) =>
  startInfrastructure({
    dataDir,
    database: 'bench',
    reuse: { postgres: false, nats: false, temporal: false },
    withoutTemporal: true,
  });

/** Prints rows (the first one the header) as aligned columns. */
export function printTable(rows: string[][]): void {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  for (const row of rows)
    process.stdout.write(`${row.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')}\n`);
}

/** CPU seconds used so far by one process (Linux /proc, user + system). */
export function cpuOfPid(pid: number | string): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ
}

const postmasterPid = (dataDir: string): string | undefined =>
  readFileSync(join(dataDir, 'postgres/data/postmaster.pid'), 'utf8').split('\n')[0];

/**
 * Which part of the system under test a process is (Linux /proc): this checkout's apps (`apps`
 * maps an app's folder under dist/apps to the label printed), and the PostgreSQL, NATS and
 * Temporal servers of this run's data folder (other servers on the machine are not counted).
 */
function roleOf(
  pid: string,
  dataDir: string,
  apps: Readonly<Record<string, string>>,
): string | undefined {
  const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  for (const [app, label] of Object.entries(apps))
    if (cmdline.includes(join(repoRoot, 'dist/apps', app, 'src/main.js'))) return label;
  if (cmdline.includes('nats-server') && cmdline.includes(dataDir)) return 'nats';
  if (cmdline.includes('start-dev') && cmdline.includes(dataDir)) return 'temporal';
  const postmaster = postmasterPid(dataDir);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  if (pid === postmaster || stat[1] === postmaster) return 'postgresql';
  return undefined;
}

/**
 * CPU seconds used so far by each part of the system under test (its processes alive now; see
 * `roleOf`), and by this process (the load generator).
 */
export function cpuByRole(
  dataDir: string,
  apps: Readonly<Record<string, string>>,
): Map<string, number> {
  const used = new Map<string, number>();
  const postmaster = postmasterPid(dataDir);
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const role = roleOf(pid, dataDir, apps);
      if (!role) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      // The postmaster's children that ended (backends of closed connections) are counted in
      // its cutime and cstime once it has reaped them.
      const reaped = pid === postmaster ? Number(fields[13]) + Number(fields[14]) : 0;
      const seconds = (Number(fields[11]) + Number(fields[12]) + reaped) / 100; // USER_HZ
      used.set(role, (used.get(role) ?? 0) + seconds);
    } catch {
      // gone meanwhile
    }
  }
  const self = process.cpuUsage();
  used.set('load generator (this process)', (self.user + self.system) / 1e6);
  return used;
}

/** CPU seconds used by each part since `before` (a `cpuByRole` answer). */
export const cpuSince = (
  before: Map<string, number>,
  dataDir: string,
  apps: Readonly<Record<string, string>>,
): Map<string, number> =>
  new Map([...cpuByRole(dataDir, apps)].map(([role, s]) => [role, s - (before.get(role) ?? 0)]));

/** The JSON body of a reply the bench needs to have succeeded (else an error naming `what`). */
export async function json<T>(response: Response, what: string): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** A small PDF (the gateway reads the type from the content: it must start with %PDF-). */
export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);
