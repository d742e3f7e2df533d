/** What the benches share: percentiles, a data folder, private servers and the table. */
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startInfrastructure } from '#devstack';

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
