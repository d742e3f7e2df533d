import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { newId } from '#platform';

export type ReceiptOutcome = 'accepted' | 'duplicate' | 'ignored' | 'refused';

export interface WebhookAttempt {
  provider: string;
  providerEventId?: string;
  refusal?: string;
  bodySha256: string;
  bodySize: number;
  paymentId?: string;
  refundId?: string;
}

/**
 * Every webhook that reached the service: accepted (or ignored) once per provider event id,
 * a repeat recorded as a duplicate, a refused one with its reason. The body itself is not
 * kept (a forged one may hold anything): its SHA-256 and size identify it.
 */
@Injectable()
export class WebhookReceiptRepository {
  /**
   * Records the first receipt of a provider event; false when the event was received before
   * (then nothing is written: the caller records a duplicate). A concurrent first receipt of
   * the same event waits here until that one commits or rolls back.
   */
  async claim(
    tx: EntityManager,
    outcome: 'accepted' | 'ignored',
    attempt: WebhookAttempt,
  ): Promise<boolean> {
    const rows = await tx.query<unknown[]>(
      `INSERT INTO webhook_receipts (id, provider, provider_event_id, outcome, body_sha256, body_size,
                                     payment_id, refund_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (provider, provider_event_id) WHERE outcome IN ('accepted', 'ignored') DO NOTHING
       RETURNING 1`,
      [
        newId(),
        attempt.provider,
        attempt.providerEventId ?? null,
        outcome,
        attempt.bodySha256,
        attempt.bodySize,
        attempt.paymentId ?? null,
        attempt.refundId ?? null,
      ],
    );
    return rows.length > 0;
  }

  /** Records a duplicate or a refused attempt. */
  async record(
    manager: EntityManager,
    outcome: 'duplicate' | 'refused',
    attempt: WebhookAttempt,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO webhook_receipts (id, provider, provider_event_id, outcome, refusal, body_sha256,
                                     body_size, payment_id, refund_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        newId(),
        attempt.provider,
        attempt.providerEventId ?? null,
        outcome,
        outcome === 'refused' ? (attempt.refusal ?? 'refused') : null,
        attempt.bodySha256,
        attempt.bodySize,
        attempt.paymentId ?? null,
        attempt.refundId ?? null,
      ],
    );
  }
}
