import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { newId } from '#platform';
import type { Payment } from '../payments/payment.js';
import {
  paymentColumns,
  SELECT_PAYMENT,
  toPayment,
  UUID,
  type PaymentRow,
} from '../payments/payment.repository.js';

/** The payment's columns from the claim's `p` (made once, not per webhook). */
const P_COLUMNS = paymentColumns('p');

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

  /**
   * `claim` for a payment's event, in the statement that reads the payment locked (as
   * `PaymentRepository.findById` with `lock`): accepted when the payment is known, ignored when
   * not. A concurrent delivery of the same event waits on the payment's row, then finds the
   * first's receipt.
   */
  async claimForPayment(
    tx: EntityManager,
    paymentId: string,
    attempt: Omit<WebhookAttempt, 'paymentId' | 'refundId'>,
  ): Promise<{ claimed: boolean; payment: Payment | undefined }> {
    if (!UUID.test(paymentId)) {
      const claimed = await this.claim(tx, 'ignored', attempt);
      return { claimed, payment: undefined };
    }
    const rows = await tx.query<(Partial<PaymentRow> & { claimed: boolean })[]>(
      `WITH p AS (${SELECT_PAYMENT} WHERE p.id = $1 FOR UPDATE OF p),
       c AS (
         INSERT INTO webhook_receipts (id, provider, provider_event_id, outcome, body_sha256,
                                       body_size, payment_id, refund_id)
         SELECT $2, $3, $4, CASE WHEN p.id IS NULL THEN 'ignored' ELSE 'accepted' END,
                $5, $6, p.id, NULL
         FROM (SELECT 1) AS one LEFT JOIN p ON true
         ON CONFLICT (provider, provider_event_id) WHERE outcome IN ('accepted', 'ignored')
           DO NOTHING
         RETURNING 1)
       SELECT ${P_COLUMNS}, p.case_context, p.case_id, EXISTS (SELECT 1 FROM c) AS claimed
       FROM (SELECT 1) AS one LEFT JOIN p ON true`,
      [
        paymentId,
        newId(),
        attempt.provider,
        attempt.providerEventId ?? null,
        attempt.bodySha256,
        attempt.bodySize,
      ],
    );
    const row = rows[0];
    return {
      claimed: row?.claimed ?? false,
      payment: row?.id ? toPayment(row as PaymentRow) : undefined,
    };
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
