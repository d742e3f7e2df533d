import {
  LARGEST_AMOUNT_MINOR,
  PaymentsErrors,
  type InvoiceStatus,
  type InvoiceView,
} from '#contracts';

/** An invoice as the service holds it (`invoices` and its `invoice_lines`). */
export interface Invoice {
  readonly id: string;
  readonly payerId: string;
  readonly caseRef: { readonly context: string; readonly id: string };
  readonly purpose: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly status: InvoiceStatus;
  readonly dueAt: Date;
  readonly issuedBy: string;
  readonly issuedAt: Date;
  readonly closedAt: Date | null;
  readonly closeReason: string | null;
  readonly lines: readonly InvoiceLine[];
}

export interface InvoiceLine {
  readonly revenueCode: string;
  readonly descriptionKey: string;
  readonly amountMinor: number;
}

/** The purpose that asks for the next fee adjustment of a case (`fee-adjustment-<n>`). */
export const NEXT_FEE_ADJUSTMENT = 'fee-adjustment';
const FEE_ADJUSTMENT = /^fee-adjustment-([1-9][0-9]{0,5})$/;

/** `fee-adjustment-<n>` after the adjustments a case already has. */
export function nextFeeAdjustment(purposesOfCase: readonly string[]): string {
  const taken = purposesOfCase
    .map((p) => FEE_ADJUSTMENT.exec(p)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number);
  return `${NEXT_FEE_ADJUSTMENT}-${Math.max(0, ...taken) + 1}`;
}

/** The total of the lines; refused beyond what JSON and the database carry exactly. */
export function totalOf(lines: readonly InvoiceLine[]): number {
  const total = lines.reduce((sum, l) => sum + l.amountMinor, 0);
  if (!Number.isSafeInteger(total) || total > LARGEST_AMOUNT_MINOR)
    throw PaymentsErrors.amountTooLarge();
  return total;
}

/** Whether a repeated request asks for the same invoice (same payer, lines and currency). */
export function sameInvoice(
  existing: Invoice,
  asked: { payerId: string; currency: string; lines: readonly InvoiceLine[] },
): boolean {
  return (
    existing.payerId === asked.payerId &&
    existing.currency === asked.currency &&
    existing.lines.length === asked.lines.length &&
    existing.lines.every(
      (l, i) =>
        l.revenueCode === asked.lines[i]?.revenueCode &&
        l.descriptionKey === asked.lines[i]?.descriptionKey &&
        l.amountMinor === asked.lines[i]?.amountMinor,
    )
  );
}

export type CloseDecision =
  | { kind: 'close' }
  /** Already closed the same way: nothing to do (a repeated request). */
  | { kind: 'unchanged' }
  /** A payment is in progress: the invoice waits until it finishes. */
  | { kind: 'wait'; paymentId: string };

/**
 * Cancelling or expiring an invoice: only an open one, and not while a payment of it is in
 * progress (that payment may still succeed; the invoice closes once it has finished).
 */
export function decideClose(
  invoice: Pick<Invoice, 'status'>,
  to: 'cancelled' | 'expired',
  livePaymentId: string | null,
): CloseDecision {
  if (invoice.status === to) return { kind: 'unchanged' };
  if (invoice.status !== 'open') throw PaymentsErrors.invoiceNotOpen(invoice.status);
  if (livePaymentId) return { kind: 'wait', paymentId: livePaymentId };
  return { kind: 'close' };
}

/** A payment may start on an open invoice without a payment in progress. */
export function decideStartPayment(
  invoice: Pick<Invoice, 'status'>,
  livePaymentId: string | null,
): void {
  if (invoice.status !== 'open') throw PaymentsErrors.invoiceNotOpen(invoice.status);
  if (livePaymentId) throw PaymentsErrors.paymentInProgress(livePaymentId);
}

export function invoiceView(invoice: Invoice, livePaymentId: string | null): InvoiceView {
  return {
    id: invoice.id,
    caseRef: { context: invoice.caseRef.context, id: invoice.caseRef.id },
    purpose: invoice.purpose,
    payerAccountId: invoice.payerId,
    status: invoice.status,
    amount: { amountMinor: invoice.amountMinor, currency: invoice.currency },
    lines: invoice.lines.map((l) => ({
      revenueCode: l.revenueCode,
      descriptionKey: l.descriptionKey,
      amount: { amountMinor: l.amountMinor, currency: invoice.currency },
    })),
    dueAt: invoice.dueAt.toISOString(),
    issuedAt: invoice.issuedAt.toISOString(),
    closedAt: invoice.closedAt?.toISOString() ?? null,
    closeReason: invoice.closeReason,
    livePaymentId,
  };
}

/** The ledger's view of an invoice (ledger.ts `InvoiceFacts`). */
export const ledgerFactsOf = (invoice: Invoice) => ({
  id: invoice.id,
  payerId: invoice.payerId,
  currency: invoice.currency,
  lines: invoice.lines,
  // Less than the lines once a reduction was approved.
  outstandingMinor: invoice.amountMinor,
});

/** The facts every invoice event carries. */
export const invoiceEventFacts = (invoice: Invoice) => ({
  invoiceId: invoice.id,
  caseContext: invoice.caseRef.context,
  caseId: invoice.caseRef.id,
  amountMinor: invoice.amountMinor,
  currency: invoice.currency,
});
