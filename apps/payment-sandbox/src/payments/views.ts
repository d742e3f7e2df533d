import type { PaymentRow, RefundRow } from '../store/sandbox.store.js';

/** A payment as the API and the webhooks show it (GOV.UK Pay's field names). */
export interface PaymentView {
  object: 'payment';
  payment_id: string;
  reference: string;
  amount: number;
  currency: string;
  description: string;
  status: PaymentRow['status'];
  finished: boolean;
  code?: string;
  /** The provider's fee (minor units), once the payment succeeded. */
  fee?: number;
  /** `amount - fee`, once the payment succeeded. */
  net_amount?: number;
  /** The hosted page, while the payer has not completed it (and in a creation's answer). */
  next_url?: string;
  return_url: string;
  refund_summary: {
    status: 'available' | 'full' | 'pending' | 'unavailable';
    amount_available: number;
    amount_submitted: number;
    amount_refunded: number;
  };
  created_date: string;
  updated_date: string;
}

export interface RefundView {
  object: 'refund';
  refund_id: string;
  reference: string;
  payment_id: string;
  amount: number;
  currency: string;
  status: RefundRow['status'];
  code?: string;
  created_date: string;
  updated_date: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

export const isFinished = (status: PaymentRow['status']): boolean =>
  status !== 'created' && status !== 'submitted';

export function paymentView(
  row: PaymentRow,
  refunds: { submitted: number; succeeded: number },
  publicUrl: string,
  /** The answer to a creation carries the page whatever the state (it sends a finished payer back). */
  withPage = false,
): PaymentView {
  const available =
    row.status === 'success' ? row.amount - refunds.submitted - refunds.succeeded : 0;
  return {
    object: 'payment',
    payment_id: row.id,
    reference: row.reference,
    amount: row.amount,
    currency: row.currency,
    description: row.description,
    status: row.status,
    finished: isFinished(row.status),
    ...(row.code ? { code: row.code } : {}),
    ...(row.fee !== null ? { fee: row.fee, net_amount: row.amount - row.fee } : {}),
    ...(row.status === 'created' || withPage
      ? { next_url: `${publicUrl}/pay/${row.page_token}` }
      : {}),
    return_url: row.return_url,
    refund_summary: {
      status:
        row.status !== 'success'
          ? 'unavailable'
          : available > 0
            ? 'available'
            : refunds.submitted > 0
              ? 'pending'
              : 'full',
      amount_available: available,
      amount_submitted: refunds.submitted,
      amount_refunded: refunds.succeeded,
    },
    created_date: iso(row.created_at),
    updated_date: iso(row.updated_at),
  };
}

export function refundView(row: RefundRow): RefundView {
  return {
    object: 'refund',
    refund_id: row.id,
    reference: row.reference,
    payment_id: row.payment_id,
    amount: row.amount,
    currency: row.currency,
    status: row.status,
    ...(row.code ? { code: row.code } : {}),
    created_date: iso(row.created_at),
    updated_date: iso(row.updated_at),
  };
}

/** The event type a webhook carries for a payment or refund that reached `status`. */
export const paymentEventType = (status: PaymentRow['status']): string =>
  ({
    created: 'payment.created',
    submitted: 'payment.submitted',
    success: 'payment.succeeded',
    failed: 'payment.failed',
    cancelled: 'payment.cancelled',
    error: 'payment.error',
  })[status];

export const refundEventType = (status: RefundRow['status']): string =>
  ({ submitted: 'refund.submitted', success: 'refund.succeeded', error: 'refund.failed' })[status];
