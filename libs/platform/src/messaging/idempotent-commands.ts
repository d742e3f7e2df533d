import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { currentRequestKey } from '../context/request-context.js';
import { deleteInBatches } from '../database/delete-in-batches.js';
import { isUniqueViolation, type SqlPartAt } from '../database/sql-part.js';
import { Outbox } from './outbox.js';

/** How long a service keeps a request key: past the gateway's 24 h and activities' retries. */
export const REQUEST_KEY_RETENTION_MS = 7 * 24 * 3_600_000;
const CLEAN_UP_EVERY_MS = 10 * 60_000;
const CLEAN_UP_BATCH = 1_000;
/** At most this many batches per clean-up round, so one round never holds the pool long. */
const CLEAN_UP_BATCHES = 20;

export interface CommandOptions {
  /** The command's key; default: the current request's (`x-civic-request-key`). `null`: none. */
  requestKey?: string | null;
  /** The data source's manager by default. */
  manager?: EntityManager;
}

interface Stored<T> {
  /** The reply as JSON (`{"reply": ...}`), as it crossed the wire the first time. */
  json: string;
  result?: T;
}

/**
 * Commands that happen once per request key: `commands.run(pattern, tx => ..., options)` runs
 * the work in one transaction (events through the outbox as usual) that also records the
 * request key, unique per pattern (a request that sends two commands gives both its key), with
 * the reply the work returned. A repeat of the key, whether it comes
 * after a crash of the caller, a retry of a workflow activity or a gateway that lost the
 * answer, gets that reply without a second effect; a repeat that arrives while the first is
 * still running waits for its commit (the key's row is locked) and then gets its reply too. A
 * command that fails rolls back and leaves no key, so it may be tried again.
 *
 * The request key is what the gateway sends in `x-civic-request-key` (a hash of account,
 * method, path, the client's `Idempotency-Key` and its body) or a workflow activity's own
 * (workflow, run and activity ids). Where a command's effect is a Temporal Update or a call to
 * a payment provider, the same key is its Update id or the provider's idempotency key, so
 * that effect too happens once. The work must use `tx` alone: a second connection taken from
 * the pool inside it can exhaust the pool under load. Replies are stored as JSON: a repeat gets exactly what crossed
 * the wire the first time. Keys are kept `REQUEST_KEY_RETENTION_MS`, then deleted in batches.
 */
@Injectable()
export class IdempotentCommands implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('IdempotentCommands');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  async run<T>(
    pattern: string,
    work: (tx: EntityManager) => Promise<T>,
    options: CommandOptions = {},
  ): Promise<T> {
    const key = options.requestKey === undefined ? currentRequestKey() : options.requestKey;
    const manager = options.manager ?? this.dataSource.manager;
    if (!key) return this.outbox.transaction(manager, work);
    for (;;) {
      const stored = await this.outbox.transaction(manager, async (tx): Promise<Stored<T>> => {
        // The first of concurrent repeats inserts; the others wait on its row until it commits
        // (then find its reply) or rolls back (then one of them inserts).
        const claimed = await tx.query<unknown[]>(
          `INSERT INTO request_keys (request_key, pattern, reply) VALUES ($1, $2, '')
           ON CONFLICT (request_key, pattern) DO NOTHING RETURNING 1`,
          [key, pattern],
        );
        if (claimed.length === 0) {
          const rows = await tx.query<{ reply: string }[]>(
            'SELECT reply FROM request_keys WHERE request_key = $1 AND pattern = $2',
            [key, pattern],
          );
          return { json: rows[0]?.reply ?? '' };
        }
        const result = await work(tx);
        const json = JSON.stringify({ reply: result });
        await tx.query(
          'UPDATE request_keys SET reply = $3 WHERE request_key = $1 AND pattern = $2',
          [key, pattern, json],
        );
        return { json, result };
      });
      if ('result' in stored) return stored.result as T;
      if (stored.json) return (JSON.parse(stored.json) as { reply: T }).reply;
      // The row went between the conflict and the read (the first rolled back after all, or
      // its retention ended): try again.
    }
  }

  /**
   * The request key recorded with its reply as a part of the caller's own statement (one
   * round trip for the command and its key, with no transaction around them), once for each
   * row of the caller's CTE `source`. A key already recorded fails the whole statement
   * (`isKeyTaken`), so nothing of a repeat is written; the caller answers it with
   * `storedReply`. For a command that is one statement; others use `run`.
   */
  keyPart(pattern: string, key: string, reply: unknown, source: string): SqlPartAt {
    return (first) => ({
      ctes: `request_key_row AS (
         INSERT INTO request_keys (request_key, pattern, reply)
         SELECT $${first}::text, $${first + 1}::text, $${first + 2}::text FROM ${source})`,
      params: [key, pattern, JSON.stringify({ reply })],
    });
  }

  /** The statement failed because its request key was recorded already (`keyPart`). */
  isKeyTaken(error: unknown): boolean {
    return isUniqueViolation(error, 'request_keys_pkey');
  }

  /** The reply stored with a request key, if it was recorded. */
  async storedReply<T>(pattern: string, key: string): Promise<T | undefined> {
    const rows = await this.dataSource.query<{ reply: string }[]>(
      'SELECT reply FROM request_keys WHERE request_key = $1 AND pattern = $2',
      [key, pattern],
    );
    const stored = rows[0]?.reply;
    return stored ? (JSON.parse(stored) as { reply: T }).reply : undefined;
  }

  /** Deletes keys older than the retention, in bounded batches. Returns how many. */
  async deleteExpired(retentionMs = REQUEST_KEY_RETENTION_MS): Promise<number> {
    return deleteInBatches(
      this.dataSource,
      `DELETE FROM request_keys WHERE (request_key, pattern) IN (
         SELECT request_key, pattern FROM request_keys
         WHERE recorded_at < now() - $1 * interval '1 millisecond'
         LIMIT $2)`,
      [retentionMs],
      { batch: CLEAN_UP_BATCH, maxBatches: CLEAN_UP_BATCHES },
    );
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () =>
        void this.deleteExpired().catch((error: unknown) =>
          this.logger.warn(`clean-up: ${(error as Error).message}`),
        ),
      CLEAN_UP_EVERY_MS,
    );
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
