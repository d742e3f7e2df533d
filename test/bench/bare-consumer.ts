/**
 * The bare pipeline's consuming side for `npm run bench:events`: `pg` and nats.js alone, no
 * framework, in its own process as the platform's consumer (test/bench/event-consumer.ts) is.
 * A durable pull consumer on the permits stream; the messages that arrived together are
 * spread over as many lanes by aggregate (one aggregate's events always share a lane, so they
 * are handled in order), and each lane records what it took in one transaction: the event
 * ids in `bare_inbox` (a duplicate is skipped) and each new event's handler row, then acks.
 * It tells its parent which events it handled and when, as the platform's consumer does.
 */
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { JsMsg } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const LANES = Number(process.env.BENCH_CONSUMER_LANES ?? 2);
const BATCH = 256;
const CONSUMER = env('BENCH_CONSUMER');

let unsent: [string, number][] = [];
setInterval(() => {
  if (unsent.length === 0) return;
  process.send?.({ handled: unsent });
  unsent = [];
}, 20);

const pool = new pg.Pool({
  connectionString: env('DATABASE_URL'),
  max: LANES,
  options: `-c search_path=${env('BENCH_SCHEMA')}`,
});
const nc = await connect({
  servers: env('NATS_URL'),
  ...(process.env.NATS_USER ? { user: env('NATS_USER'), pass: env('NATS_PASSWORD') } : {}),
  noAsyncTraces: true,
});
const jsm = await jetstreamManager(nc);
await jsm.consumers.add('PERMITS', {
  durable_name: CONSUMER,
  ack_policy: AckPolicy.Explicit,
  deliver_policy: DeliverPolicy.All,
  filter_subjects: ['gov.permits.bare.>'],
  max_ack_pending: 1_000,
});
const consumer = await jetstream(nc).consumers.get('PERMITS', CONSUMER);
const messages = await consumer.consume({ max_messages: BATCH });

interface Item {
  msg: JsMsg;
  id: string;
  aggregate: string;
}

const laneOf = (key: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1)
    hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return hash % LANES;
};

async function handle(items: Item[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const fresh = await client.query<{ event_id: string }>(
      `INSERT INTO bare_inbox (consumer, event_id)
       SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING RETURNING event_id`,
      [CONSUMER, items.map((i) => i.id)],
    );
    const isNew = new Set(fresh.rows.map((r) => r.event_id));
    for (const item of items) {
      if (!isNew.delete(item.id)) continue;
      await client.query(
        `INSERT INTO bare_projection (id, n) VALUES ($1, 1)
         ON CONFLICT (id) DO UPDATE SET n = bare_projection.n + 1`,
        [item.aggregate],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  const now = Date.now();
  for (const item of items) {
    item.msg.ack();
    unsent.push([item.id, now]);
  }
}

const queues: Item[][] = Array.from({ length: LANES }, () => []);
const wakers: ((() => void) | undefined)[] = [];
const lanes = queues.map(async (queue, lane) => {
  for (;;) {
    if (queue.length === 0) {
      await new Promise<void>((resolve) => (wakers[lane] = resolve));
      continue;
    }
    const batch = queue.splice(0, BATCH);
    await handle(batch).catch((error: unknown) => {
      process.stderr.write(`bare consumer: ${(error as Error).message}\n`);
      for (const { msg } of batch) msg.nak(200);
    });
  }
});
void lanes;
void (async () => {
  for await (const msg of messages) {
    const event = JSON.parse(new TextDecoder().decode(msg.data)) as { id: string; subject: string };
    const lane = laneOf(event.subject);
    queues[lane]?.push({ msg, id: event.id, aggregate: event.subject });
    const wake = wakers[lane];
    wakers[lane] = undefined;
    wake?.();
  }
})();

process.on('message', (message) => {
  if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
});
process.send?.({ ready: true });
process.on('disconnect', () => {
  void messages
    .close()
    .then(() => nc.drain())
    .then(() => pool.end())
    .then(() => process.exit(0));
});
