import pg from 'pg';
import {
  createInbox,
  headers as natsHeaders,
  type Msg,
  type MsgHdrs,
  type NatsConnection,
  type Subscription,
} from '@nats-io/transport-node';
import type { DataSource } from 'typeorm';
import type { Outbox } from './outbox.js';

export interface OutboxRelayOptions {
  /** The service's schema (names the advisory locks and the relay's session). */
  schema: string;
  databaseUrl: string;
  partitions: number;
  batchSize?: number;
  /** Fallback poll when no commit woke the relay. */
  pollIntervalMs?: number;
  /** How often partition ownership is re-balanced between relays. */
  claimIntervalMs?: number;
  /** Sent rows are deleted after this long. */
  retentionMs?: number;
  onError?: (error: unknown) => void;
  /** Called with the number of rows JetStream acknowledged in each batch, once marked. */
  onPublished?: (count: number) => void;
  /**
   * Called when JetStream has acknowledged a batch and before the rows are marked: the
   * window a crash leaves rows published but unmarked (fault-injection tests kill here).
   */
  beforeMark?: (count: number) => void | Promise<void>;
}

interface PendingRow {
  position: string;
  event_id: string;
  subject: string;
  envelope: string;
  headers: Record<string, string>;
}

const lockKey = (schema: string, partition: number): string => {
  let hash = 0x811c9dc5;
  for (const char of `civic-outbox:${schema}`)
    hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return ((BigInt(hash) << 16n) | BigInt(partition)).toString();
};

/** What JetStream answered a publish: undefined when it stored the message, else why not. */
function failureOf(msg: Msg): string | undefined {
  if (msg.data.length === 0) return `no acknowledgement (status ${msg.headers?.code ?? 'none'})`;
  try {
    const ack = JSON.parse(new TextDecoder().decode(msg.data)) as {
      stream?: string;
      error?: { code?: number; description?: string };
    };
    if (ack.error)
      return `JetStream refused the message: ${ack.error.code} ${ack.error.description}`;
    return ack.stream ? undefined : 'invalid acknowledgement';
  } catch {
    return 'invalid acknowledgement';
  }
}

/**
 * JetStream publishes whose acknowledgements come back on one subscription: each message
 * names a reply subject under this relay's inbox, and JetStream answers there with the
 * stream and sequence it stored the message at, or an error. This is what `js.publish`
 * does per message, without its per-message request, timer and error objects (nats.js
 * builds an Error with a stack trace for every publish it sees acknowledged), which were a
 * large part of the relay's CPU.
 */
class AcknowledgedPublisher {
  private readonly prefix = createInbox();
  private readonly waiting = new Map<string, (failure: string | undefined) => void>();
  private next = 0;
  private readonly subscription: Subscription;

  constructor(private readonly nc: NatsConnection) {
    this.subscription = nc.subscribe(`${this.prefix}.*`, {
      callback: (error, msg) => {
        if (error) return;
        const settle = this.waiting.get(msg.subject);
        this.waiting.delete(msg.subject);
        settle?.(failureOf(msg));
      },
    });
  }

  /**
   * Publishes the messages in order and resolves, once each is acknowledged or refused or
   * `timeoutMs` passed, with undefined for each stored message and the reason for the others.
   */
  async publishAll(
    messages: { subject: string; data: Uint8Array; headers: MsgHdrs }[],
    timeoutMs: number,
  ): Promise<(string | undefined)[]> {
    const replies: string[] = [];
    const outcomes = messages.map(
      ({ subject, data, headers }) =>
        new Promise<string | undefined>((resolve) => {
          const reply = `${this.prefix}.${(this.next++).toString(36)}`;
          replies.push(reply);
          this.waiting.set(reply, resolve);
          try {
            this.nc.publish(subject, data, { reply, headers });
          } catch (error) {
            this.waiting.delete(reply);
            resolve(`not published: ${(error as Error).message}`);
          }
        }),
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(outcomes),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
    // Whatever is still waiting had no answer in time (it may be stored; the row stays
    // unsent and goes out again, and the dedupe window or the inboxes catch a double).
    for (const reply of replies) {
      const settle = this.waiting.get(reply);
      this.waiting.delete(reply);
      settle?.(`no acknowledgement within ${timeoutMs} ms`);
    }
    return Promise.all(outcomes);
  }

  close(): void {
    this.subscription.unsubscribe();
  }
}

/**
 * Publishes outbox rows to JetStream and marks them sent only after JetStream acknowledged
 * them. The event id is the `Nats-Msg-Id`, so a row published twice (a crash between publish
 * and mark) is stored once within the dedupe window, and consumers' inboxes catch the rest.
 *
 * Replicas relay side by side: each holds PostgreSQL advisory locks on a fair share of the
 * partitions (a dead relay's session ends and its locks go with it), and within a partition
 * rows go out in commit order, which keeps each aggregate's events in order.
 */
export class OutboxRelay {
  private publisher: AcknowledgedPublisher | undefined;
  private lockClient: pg.Client | undefined;
  private readonly owned = new Set<number>();
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private lastClaim = 0;
  private lastCleanup = 0;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly nc: NatsConnection,
    private readonly outbox: Outbox,
    private readonly options: OutboxRelayOptions,
  ) {}

  get partitionsOwned(): number[] {
    return [...this.owned].sort((a, b) => a - b);
  }

  async start(): Promise<void> {
    this.lockClient = new pg.Client({
      connectionString: this.options.databaseUrl,
      application_name: this.sessionName,
    });
    await this.lockClient.connect();
    this.publisher = new AcknowledgedPublisher(this.nc);
    this.running = true;
    this.unsubscribe = this.outbox.onCommitted(() => this.wake());
    this.loop = this.run();
  }

  private get sessionName(): string {
    return `civic-relay:${this.options.schema}`;
  }

  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.wake();
    await this.loop;
    this.publisher?.close();
    this.publisher = undefined;
    await this.lockClient?.end().catch(() => undefined);
    this.owned.clear();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const now = Date.now();
        if (now - this.lastClaim >= (this.options.claimIntervalMs ?? 2_000)) {
          await this.claim();
          this.lastClaim = now;
        }
        const published = await this.relayOnce();
        if (now - this.lastCleanup >= 60_000) {
          await this.cleanUp();
          this.lastCleanup = now;
        }
        if (published > 0) continue; // more may be waiting
      } catch (error) {
        this.options.onError?.(error);
      }
      await this.sleep(this.options.pollIntervalMs ?? 250);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        this.woken = false;
        done();
      };
    });
  }

  /** Takes or gives back partitions so that each live relay holds a fair share. */
  private async claim(): Promise<void> {
    const client = this.lockClient as pg.Client;
    const live = await client.query<{ n: string }>(
      'SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1',
      [this.sessionName],
    );
    const share = Math.ceil(this.options.partitions / Math.max(1, Number(live.rows[0]?.n ?? 1)));
    for (const partition of [...this.owned]) {
      if (this.owned.size <= share) break;
      await client.query('SELECT pg_advisory_unlock($1)', [
        lockKey(this.options.schema, partition),
      ]);
      this.owned.delete(partition);
    }
    for (
      let partition = 0;
      partition < this.options.partitions && this.owned.size < share;
      partition += 1
    ) {
      if (this.owned.has(partition)) continue;
      const got = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
        lockKey(this.options.schema, partition),
      ]);
      if (got.rows[0]?.ok) this.owned.add(partition);
    }
  }

  /** Publishes one batch from the owned partitions; returns how many rows went out. */
  async relayOnce(): Promise<number> {
    if (this.owned.size === 0) return 0;
    const rows = await this.dataSource.query<PendingRow[]>(
      `SELECT position, event_id, subject, envelope, headers FROM outbox
       WHERE sent_at IS NULL AND partition = ANY($1) ORDER BY position LIMIT $2`,
      [[...this.owned], this.options.batchSize ?? 500],
    );
    if (rows.length === 0) return 0;
    const publisher = this.publisher;
    if (!publisher) return 0; // stopped
    const encoder = new TextEncoder();
    const failures = await publisher.publishAll(
      rows.map((row) => {
        const headers = natsHeaders();
        for (const [key, value] of Object.entries(row.headers ?? {})) headers.set(key, value);
        // JetStream stores a message id once within its dedupe window.
        headers.set('Nats-Msg-Id', row.event_id);
        return { subject: row.subject, data: encoder.encode(row.envelope), headers };
      }),
      10_000,
    );
    const acked = rows.filter((_, i) => failures[i] === undefined).map((r) => r.position);
    if (acked.length > 0) await this.options.beforeMark?.(acked.length);
    if (acked.length > 0)
      await this.dataSource.query(
        'UPDATE outbox SET sent_at = now() WHERE position = ANY($1::bigint[])',
        [acked],
      );
    if (acked.length > 0) this.options.onPublished?.(acked.length);
    const failure = failures.find((f) => f !== undefined);
    if (failure) throw new Error(`outbox relay: ${failure}`);
    return acked.length;
  }

  private async cleanUp(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM outbox WHERE sent_at < now() - ($1::bigint * interval '1 millisecond')`,
      [this.options.retentionMs ?? 24 * 3_600_000],
    );
  }
}
