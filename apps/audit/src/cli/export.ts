/**
 * `npm run audit:export -- [--subject S] [--actor A] [--type T] [--from T] [--to T] [--out F]`:
 * writes an export of the audit log (JSON Lines, docs/audit.md) proven against its latest
 * signed tree head, from DATABASE_URL. Without filters, the export is complete.
 */
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { SERVICES } from '#contracts';
import { loadConfig, serviceDataSourceOptions } from '#platform';
import { AuditConfig } from '../config.js';
import { exportLines } from '../log/audit-exporter.js';
import { AuditLogRepository } from '../log/audit-log.repository.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    subject: { type: 'string' },
    actor: { type: 'string' },
    type: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    out: { type: 'string' },
  },
});
const config = loadConfig('audit', AuditConfig);
const dataSource = new DataSource(
  serviceDataSourceOptions({
    url: config.DATABASE_URL,
    schema: SERVICES.audit.schema as string,
    applicationName: 'audit-export',
    poolSize: 2,
  }),
);
await dataSource.initialize();
try {
  const store = new AuditLogRepository(dataSource);
  const head = await store.latestTreeHead();
  if (!head) throw new Error('the audit log has no signed tree head yet');
  const out: NodeJS.WritableStream = values.out ? createWriteStream(values.out) : process.stdout;
  const { out: _out, ...query } = values;
  for await (const line of exportLines(dataSource, head, await store.publicKeys(), query))
    if (!out.write(`${line}\n`))
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  if (values.out) await new Promise<void>((resolve) => out.end(() => resolve()));
} catch (error) {
  process.stderr.write(`✖ ${(error as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await dataSource.destroy();
}
