import pg from 'pg';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
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
  private readonly js: JetStreamClient;
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
    nc: NatsConnection,
    private readonly outbox: Outbox,
    private readonly options: OutboxRelayOptions,
  ) {
    this.js = jetstream(nc);
  }

  get partitionsOwned(): number[] {
    return [...this.owned].sort((a, b) => a - b);
  }

  async start(): Promise<void> {
    this.lockClient = new pg.Client({
      connectionString: this.options.databaseUrl,
      application_name: this.sessionName,
    });
    await this.lockClient.connect();
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
    const encoder = new TextEncoder();
    const results = await Promise.allSettled(
      rows.map((row) => {
        const headers = natsHeaders();
        for (const [key, value] of Object.entries(row.headers ?? {})) headers.set(key, value);
        return this.js.publish(row.subject, encoder.encode(row.envelope), {
          msgID: row.event_id,
          headers,
          timeout: 10_000,
        });
      }),
    );
    const acked = rows.filter((_, i) => results[i]?.status === 'fulfilled').map((r) => r.position);
    if (acked.length > 0) await this.options.beforeMark?.(acked.length);
    if (acked.length > 0)
      await this.dataSource.query(
        'UPDATE outbox SET sent_at = now() WHERE position = ANY($1::bigint[])',
        [acked],
      );
    if (acked.length > 0) this.options.onPublished?.(acked.length);
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
    return acked.length;
  }

  private async cleanUp(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM outbox WHERE sent_at < now() - ($1::bigint * interval '1 millisecond')`,
      [this.options.retentionMs ?? 24 * 3_600_000],
    );
  }
}
