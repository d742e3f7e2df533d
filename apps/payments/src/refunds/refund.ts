import type { ProviderRefundStatus } from '../providers/provider.js';

/**
 * A refund as the service holds it. Today the platform makes one kind itself: the automatic
 * refund of a payment that succeeded for an invoice already closed (`reason: invoice_closed`).
 * Cashiers' and workflows' refunds (with the `refundAmountAvailable` guard) build on this.
 */
export interface Refund {
  readonly id: string;
  readonly paymentId: string;
  readonly invoiceId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly status: ProviderRefundStatus;
  readonly reasonCode: string;
  readonly automatic: boolean;
  readonly requestedBy: string;
  readonly providerRef: string | null;
  readonly code: string | null;
}

export const AUTOMATIC_REFUND_REASON = 'invoice_closed';

/**
 * The automatic refund of what a payment paid beyond its invoice: a reduction approved after
 * the payment started (its amount was fixed then) and before it succeeded.
 */
export const OVERPAID_REFUND_REASON = 'invoice_reduced';

/** A refund's states move forward only: `submitted → success | error`. */
export const refundMoves = (from: ProviderRefundStatus, to: ProviderRefundStatus): boolean =>
  from === 'submitted' && to !== 'submitted';
