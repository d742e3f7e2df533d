import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { minorUnitsOf } from '#contracts';
import { newId } from '#platform';
import type { LockedInvoice } from '../payments/payment-outcomes.js';
import type { Payment } from '../payments/payment.js';
import {
  paymentColumns,
  toPayment,
  UUID,
  type PaymentRow,
} from '../payments/payment.repository.js';

/** The payment's columns from the claim's `p` (made once, not per webhook). */
const P_COLUMNS = paymentColumns('p');

/** The payment with its invoice's state, as the claim reads them. */
const SELECT_PAYMENT_AND_INVOICE = `
  SELECT ${P_COLUMNS}, i.case_context, i.case_id, i.status AS invoice_status,
         i.amount_minor AS invoice_amount, i.currency AS invoice_currency
  FROM payments p JOIN invoices i ON i.id = p.invoice_id`;

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
    /**
     * Lock the payment's invoice too, and say how it stands (for news that will close it: the
     * success's writes can then all be one statement). Payment, then invoice, as every path
     * that locks both; the invoice as its close would (`FOR NO KEY UPDATE`), so foreign-key
     * checks of rows that name it (a refund's receipt) do not wait on it.
     */
    options: { lockInvoice?: boolean } = {},
  ): Promise<{ claimed: boolean; payment: Payment | undefined; invoice?: LockedInvoice }> {
    if (!UUID.test(paymentId)) {
      const claimed = await this.claim(tx, 'ignored', attempt);
      return { claimed, payment: undefined };
    }
    const rows = await tx.query<
      (Partial<PaymentRow> & {
        claimed: boolean;
        invoice_status?: string;
        invoice_amount?: string;
        invoice_currency?: string;
      })[]
    >(
      `WITH p AS (${SELECT_PAYMENT_AND_INVOICE} WHERE p.id = $1 FOR UPDATE OF p${options.lockInvoice ? ' FOR NO KEY UPDATE OF i' : ''}),
       c AS (
         INSERT INTO webhook_receipts (id, provider, provider_event_id, outcome, body_sha256,
                                       body_size, payment_id, refund_id)
         SELECT $2, $3, $4, CASE WHEN p.id IS NULL THEN 'ignored' ELSE 'accepted' END,
                $5, $6, p.id, NULL
         FROM (SELECT 1) AS one LEFT JOIN p ON true
         ON CONFLICT (provider, provider_event_id) WHERE outcome IN ('accepted', 'ignored')
           DO NOTHING
         RETURNING 1)
       SELECT ${P_COLUMNS}, p.case_context, p.case_id, p.invoice_status, p.invoice_amount,
              p.invoice_currency, EXISTS (SELECT 1 FROM c) AS claimed
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
    const payment = row?.id ? toPayment(row as PaymentRow) : undefined;
    return {
      claimed: row?.claimed ?? false,
      payment,
      ...(payment && options.lockInvoice && row?.invoice_status
        ? {
            invoice: {
              status: row.invoice_status,
              amountMinor: minorUnitsOf(row.invoice_amount ?? '0'),
              currency: row.invoice_currency ?? '',
            },
          }
        : {}),
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
