import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { deleteInBatches, poolQuery, type PoolQuery } from '#platform';
import type { GatewayConfig } from '../config.js';
import { GATEWAY_CONFIG } from '../gateway.tokens.js';

/** A stored answer, replayed as it was sent. */
export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'reused' }
  | { kind: 'in-flight'; retryAfterSeconds: number }
  | ({ kind: 'answered' } & StoredAnswer);

const CLEAN_UP_EVERY_MS = 60_000;
const CLEAN_UP_BATCH = 1_000;
const CLEAN_UP_BATCHES = 20;

/**
 * The gateway's `Idempotency-Key` records, in the identity schema (shared by replicas, kept
 * across restarts): claimed while the command runs (with a lease), then the answer, kept until
 * it expires. Expired rows are deleted every minute in bounded batches.
 */
@Injectable()
export class IdempotencyStore implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Idempotency');
  private readonly leaseMs: number;
  private readonly ttlMs: number;
  private timer: NodeJS.Timeout | undefined;
  /** Each statement here stands alone: straight on the pool, without TypeORM's query runner. */
  private readonly query: PoolQuery;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.query = poolQuery(dataSource);
    this.leaseMs = config.GATEWAY_IDEMPOTENCY_LEASE_SECONDS * 1_000;
    this.ttlMs = config.GATEWAY_IDEMPOTENCY_TTL_HOURS * 3_600_000;
  }

  /**
   * Claims `keyHash` for a request of this fingerprint: new, expired, or in flight past its
   * lease with the same request (its gateway died) — else what stands in the way.
   */
  async claim(keyHash: string, fingerprint: string): Promise<Claim> {
    for (let attempt = 0; ; attempt += 1) {
      // First use, the common case: one statement. A conflict takes no lock on the row, so
      // repeats of one key do not queue behind each other.
      const inserted = await this.query<unknown>(
        `INSERT INTO idempotency_keys (key_hash, fingerprint, lease_until, expires_at)
         VALUES ($1, $2, now() + $3 * interval '1 millisecond', now() + $4 * interval '1 millisecond')
         ON CONFLICT (key_hash) DO NOTHING
         RETURNING 1`,
        [keyHash, fingerprint, this.leaseMs, this.ttlMs],
      );
      if (inserted.length > 0) return { kind: 'claimed' };
      const rows = await this.query<{
        fingerprint: string;
        status: number | null;
        headers: Record<string, string> | null;
        body: Buffer | null;
        wait: number | null;
        expired: boolean;
        abandoned: boolean;
      }>(
        `SELECT fingerprint, status, headers, body,
                ceil(extract(epoch FROM lease_until - now()))::int AS wait,
                expires_at <= now() AS expired,
                status IS NULL AND lease_until <= now() AS abandoned
         FROM idempotency_keys WHERE key_hash = $1`,
        [keyHash],
      );
      const row = rows[0];
      // Released between the two statements (its command failed): claim again.
      if (!row) {
        if (attempt < 3) continue;
        return { kind: 'in-flight', retryAfterSeconds: 1 };
      }
      // Expired, or in flight past its lease with this same request (its gateway died):
      // taken over, unless another request took it first.
      if (row.expired || (row.abandoned && row.fingerprint === fingerprint)) {
        const taken = await this.query<unknown>(
          `UPDATE idempotency_keys
           SET fingerprint = $2, lease_until = now() + $3 * interval '1 millisecond',
               expires_at = now() + $4 * interval '1 millisecond', created_at = now(),
               status = NULL, headers = NULL, body = NULL
           WHERE key_hash = $1
             AND (expires_at <= now()
                  OR (status IS NULL AND lease_until <= now() AND fingerprint = $2))
           RETURNING 1`,
          [keyHash, fingerprint, this.leaseMs, this.ttlMs],
        );
        if (taken.length > 0) return { kind: 'claimed' };
        if (attempt < 3) continue;
      }
      if (row.fingerprint !== fingerprint) return { kind: 'reused' };
      // Commands take milliseconds: a short hint, whatever is left of the lease (which only
      // matters when the first request's gateway died).
      if (row.status === null)
        return { kind: 'in-flight', retryAfterSeconds: Math.min(2, Math.max(1, row.wait ?? 1)) };
      return {
        kind: 'answered',
        status: row.status,
        headers: row.headers ?? {},
        body: row.body ?? Buffer.alloc(0),
      };
    }
  }

  /** Keeps the answer of a claimed key. */
  async answer(keyHash: string, answer: StoredAnswer): Promise<void> {
    await this.query(
      `UPDATE idempotency_keys SET status = $2, headers = $3, body = $4, lease_until = NULL
       WHERE key_hash = $1 AND status IS NULL`,
      [keyHash, answer.status, JSON.stringify(answer.headers), answer.body],
    );
  }

  /** Lets a claimed key go without an answer (refused request, failure): it may be used again. */
  async release(keyHash: string): Promise<void> {
    await this.query('DELETE FROM idempotency_keys WHERE key_hash = $1 AND status IS NULL', [
      keyHash,
    ]);
  }

  /** Deletes expired keys in bounded batches; returns how many. */
  async deleteExpired(): Promise<number> {
    return deleteInBatches(
      this.dataSource,
      `DELETE FROM idempotency_keys WHERE key_hash IN (
         SELECT key_hash FROM idempotency_keys WHERE expires_at <= now() LIMIT $1)`,
      [],
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
