import type { Logger } from 'pino';
import { Pump } from '../pump.js';
import type { DeliveryRow, SandboxStore } from '../store/sandbox.store.js';
import { httpPost } from './http-post.js';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from './signing.js';

export interface WebhookSettings {
  readonly url: string;
  /** Every webhook is signed with each (one `v1=` per secret). */
  readonly secrets: readonly string[];
  readonly timeoutMs: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly maxAttempts: number;
  readonly concurrency: number;
  readonly pollMs: number;
}

/** Wait before attempt `failedAttempts + 1`: doubling from the base, capped, plus up to 10%. */
export function retryDelayMs(
  failedAttempts: number,
  settings: Pick<WebhookSettings, 'retryBaseMs' | 'retryMaxMs'>,
  random: () => number = Math.random,
): number {
  const exponential = settings.retryBaseMs * 2 ** Math.max(0, failedAttempts - 1);
  const capped = Math.min(exponential, settings.retryMaxMs);
  return Math.round(capped * (1 + random() * 0.1));
}

/**
 * Sends the webhooks the state changes wrote, until the receiver answers 2xx: each attempt
 * signed afresh with the moment of sending, failed ones retried with exponential backoff, up
 * to a number of attempts. One object's webhooks go out in order. Pending webhooks are rows,
 * so a restart resumes them.
 */
export class WebhookDeliverer {
  private readonly inFlight = new Map<number, Promise<void>>();
  private readonly pump: Pump;

  constructor(
    private readonly store: SandboxStore,
    private readonly settings: WebhookSettings,
    private readonly logger: Logger,
  ) {
    this.pump = new Pump(
      (now) => this.dispatch(now),
      () => this.store.nextDelivery(),
      settings.pollMs,
      (error) => this.logger.error({ err: error }, 'webhook dispatch failed'),
    );
  }

  start(): void {
    this.pump.start();
  }

  /** Something was written: look for due webhooks now. */
  wake(): void {
    this.pump.wake();
  }

  /** Stops sending; waits (at most `timeoutMs`) for the attempts in flight. */
  async stop(timeoutMs: number): Promise<void> {
    this.pump.stop();
    await Promise.race([
      Promise.allSettled([...this.inFlight.values()]),
      new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
    ]);
  }

  private dispatch(now: number): boolean {
    const free = this.settings.concurrency - this.inFlight.size;
    if (free <= 0) return false;
    const due = this.store.dueDeliveries(now, free, this.inFlight.keys());
    for (const row of due) {
      const attempt = this.attempt(row)
        .catch((error: unknown) =>
          this.logger.error({ err: error, eventId: row.event_id }, 'webhook attempt failed'),
        )
        .finally(() => {
          this.inFlight.delete(row.seq);
          this.pump.wake();
        });
      this.inFlight.set(row.seq, attempt);
    }
    return false;
  }

  private async attempt(row: DeliveryRow): Promise<void> {
    const sentAt = Date.now();
    let status: number | null = null;
    let error: string;
    try {
      status = await httpPost(
        this.settings.url,
        {
          'content-type': 'application/json',
          'user-agent': 'civic-payment-sandbox/1',
          [EVENT_ID_HEADER.toLowerCase()]: row.event_id,
          [SIGNATURE_HEADER.toLowerCase()]: signatureHeader(
            row.body,
            this.settings.secrets,
            Math.floor(sentAt / 1000),
          ),
        },
        row.body,
        this.settings.timeoutMs,
      );
      if (status >= 200 && status < 300) {
        this.store.markDelivered(row.seq, Date.now(), status);
        this.logger.debug(
          { eventId: row.event_id, type: row.type, attempt: row.attempts + 1, status },
          'webhook delivered',
        );
        return;
      }
      error = `HTTP ${status}`;
    } catch (e) {
      error = (e as Error).name === 'TimeoutError' ? 'timed out' : describe(e);
    }
    const attempts = row.attempts + 1;
    const now = Date.now();
    const giveUp = attempts >= this.settings.maxAttempts;
    const nextAttemptAt = giveUp ? null : now + retryDelayMs(attempts, this.settings);
    this.store.markFailed(row.seq, { status, error, nextAttemptAt, now });
    const fields = { eventId: row.event_id, type: row.type, attempt: attempts, status, error };
    if (giveUp) this.logger.error(fields, 'webhook given up after its last attempt');
    else {
      this.logger.warn({ ...fields, retryInMs: (nextAttemptAt as number) - now }, 'webhook failed');
      this.pump.runBy(nextAttemptAt as number);
    }
  }
}

const describe = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
};
