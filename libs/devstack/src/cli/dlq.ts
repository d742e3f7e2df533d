/**
 * `npm run dlq -- <command>`: the operator's view of the dead-letter stream.
 *
 *   list [--consumer <service>] [--limit <n>] [--json]   what was dead-lettered, oldest first
 *   replay <seq>... [--keep]                             publish again after a fix
 *
 * Replay refuses events older than EVENTS_INBOX_RETENTION_DAYS - EVENTS_MAX_AGE_DAYS days (90
 * and 30 by default, as the services and streams use them): past that the inboxes may have
 * forgotten them.
 *
 * It connects to NATS_URL as NATS_USER / NATS_PASSWORD when NATS_URL is set (an admin user:
 * replay publishes into any context), otherwise to the running local stack as its admin.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  connectNats,
  listDeadLetters,
  replayDeadLetter,
  type DeadLetter,
  type NatsAuth,
} from '#platform';
import { NATS_ADMIN_USER } from '../nats-accounts.js';
import { defaultDataDir } from '../paths.js';

const USAGE = `usage:
  npm run dlq -- list [--consumer <service>] [--limit <n>] [--json]
  npm run dlq -- replay <seq>... [--keep]`;

class UsageError extends Error {}

/** NATS_URL and its user from the environment, else the running local stack's admin. */
function connection(env: NodeJS.ProcessEnv): { servers: string; auth?: NatsAuth } {
  if (env.NATS_URL)
    return {
      servers: env.NATS_URL,
      ...(env.NATS_USER ? { auth: { user: env.NATS_USER, pass: env.NATS_PASSWORD ?? '' } } : {}),
    };
  const stackFile = join(defaultDataDir(), 'stack.json');
  if (!existsSync(stackFile))
    throw new UsageError(
      'no local stack is running here (start it with npm start) and NATS_URL is not set',
    );
  const stack = JSON.parse(readFileSync(stackFile, 'utf8')) as {
    natsUrl?: string;
    natsUsersFile?: string | null;
  };
  if (!stack.natsUrl) throw new UsageError(`${stackFile} names no NATS server; set NATS_URL`);
  if (!stack.natsUsersFile) return { servers: stack.natsUrl };
  const users = (
    JSON.parse(readFileSync(stack.natsUsersFile, 'utf8')) as {
      users: Record<string, { password: string }>;
    }
  ).users;
  const admin = users[NATS_ADMIN_USER];
  if (!admin) throw new UsageError(`${stack.natsUsersFile} has no ${NATS_ADMIN_USER} user`);
  return { servers: stack.natsUrl, auth: { user: NATS_ADMIN_USER, pass: admin.password } };
}

const table = (rows: DeadLetter[]): string => {
  if (rows.length === 0) return 'the dead-letter stream is empty\n';
  const cells = [
    ['seq', 'time', 'consumer', 'subject', 'event id', 'reason'],
    ...rows.map((d) => [String(d.seq), d.time, d.consumer, d.subject, d.eventId ?? '-', d.reason]),
  ];
  const widths = cells[0]?.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length))) ?? [];
  return cells
    .map(
      (r) => `${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')}\n`,
    )
    .join('');
};

export async function dlqMain(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      consumer: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (command !== 'list' && command !== 'replay') throw new UsageError(USAGE);
  const limit = values.limit === undefined ? 100 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new UsageError('--limit must be a positive integer');
  const seqs = rest.map(Number);
  if (
    command === 'replay' &&
    (seqs.length === 0 || seqs.some((n) => !Number.isInteger(n) || n < 1))
  )
    throw new UsageError(`replay takes dead-letter sequence numbers (see list)\n${USAGE}`);
  const { servers, auth } = connection(env);
  const nc = await connectNats({
    name: 'civic-dlq',
    servers,
    auth,
    extra: { maxReconnectAttempts: 0 },
  });
  try {
    if (command === 'list') {
      const rows = await listDeadLetters(nc, { consumer: values.consumer, limit });
      return values.json ? `${rows.map((r) => JSON.stringify(r)).join('\n')}\n` : table(rows);
    }
    const days = (name: string, fallback: number) => {
      const value = Number(env[name] ?? fallback);
      if (!Number.isFinite(value) || value <= 0)
        throw new UsageError(`${name} must be a number of days`);
      return value;
    };
    // A day's margin for clocks that disagree.
    const horizonDays =
      days('EVENTS_INBOX_RETENTION_DAYS', 90) - days('EVENTS_MAX_AGE_DAYS', 30) - 1;
    if (horizonDays <= 0)
      throw new UsageError(
        'EVENTS_INBOX_RETENTION_DAYS must exceed EVENTS_MAX_AGE_DAYS by more than a day: inboxes would forget events the streams still hold',
      );
    const notBefore = new Date(Date.now() - horizonDays * 86_400_000);
    let out = '';
    for (const seq of seqs) {
      try {
        const result = await replayDeadLetter(nc, seq, { keep: values.keep, notBefore });
        out += `replayed #${seq}: ${result.subject}, event ${result.eventId ?? '-'}, stored again as stream seq ${result.replayedAs}\n`;
      } catch (error) {
        // Say what went out before the one that was refused.
        throw new Error(`${out}${(error as Error).message}`, { cause: error });
      }
    }
    return out;
  } finally {
    await nc.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  dlqMain(process.argv.slice(2))
    .then((out) => process.stdout.write(out))
    .catch((error: unknown) => {
      process.stderr.write(`✖ ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(error instanceof UsageError ? 2 : 1);
    });
}
