import {
  DomainError,
  PaymentsErrors,
  type AdjustmentKind,
  type AdjustmentStatus,
  type AdjustmentView,
} from '#contracts';
import type { Invoice } from '../invoices/invoice.js';

/*
 * A waiver or reduction of an invoice: proposed by one person, decided by another (the four-eyes
 * rule itself is `Policy.notProposer`, libs/contracts/src/access, applied by the use case). The
 * rules here are pure functions of the invoice and the adjustment.
 */

export interface Adjustment {
  readonly id: string;
  readonly invoiceId: string;
  readonly kind: AdjustmentKind;
  /** What it takes off (a waiver: all the invoice asked for when proposed). */
  readonly amountMinor: number;
  /** What the invoice asked for when proposed. */
  readonly invoiceAmountMinor: number;
  readonly currency: string;
  readonly reasonCode: string;
  readonly note: string | null;
  readonly status: AdjustmentStatus;
  readonly proposedBy: string;
  readonly proposedAt: Date;
  readonly decidedBy: string | null;
  readonly decidedAt: Date | null;
  readonly decisionCode: string | null;
}

/**
 * What a proposal takes off the invoice: an open invoice without another proposal waiting; a
 * waiver all it asks for, a reduction less than that (to take all, waive it).
 */
export function decideProposal(
  invoice: Pick<Invoice, 'status' | 'amountMinor'>,
  pendingAdjustmentId: string | null,
  ask: { kind: AdjustmentKind; amountMinor?: number },
): { amountMinor: number } {
  if (ask.kind === 'waiver' && ask.amountMinor !== undefined)
    throw new DomainError('PLATFORM.VALIDATION_FAILED', 'A waiver takes off all that is due', {
      errors: [
        {
          field: 'amountMinor',
          code: 'NOT_TAKEN',
          message: 'amountMinor is only for a reduction: a waiver takes off all that is due',
        },
      ],
    });
  if (invoice.status !== 'open') throw PaymentsErrors.invoiceNotOpen(invoice.status);
  if (pendingAdjustmentId) throw PaymentsErrors.adjustmentPending(pendingAdjustmentId);
  return { amountMinor: amountToTake(invoice, ask) };
}

/**
 * Approving: the invoice is still open and no payment of it is in progress (the payment's
 * amount was fixed when it started); what it takes is counted again on the invoice as it is now.
 */
export function decideApproval(
  adjustment: Pick<Adjustment, 'status' | 'kind' | 'amountMinor'>,
  invoice: Pick<Invoice, 'status' | 'amountMinor'>,
  livePaymentId: string | null,
): { amountMinor: number; invoiceAmountMinor: number; invoiceStatus: 'open' | 'waived' } {
  assertProposed(adjustment);
  if (invoice.status !== 'open') throw PaymentsErrors.invoiceNotOpen(invoice.status);
  if (livePaymentId) throw PaymentsErrors.paymentInProgress(livePaymentId);
  const amountMinor = amountToTake(invoice, adjustment);
  return adjustment.kind === 'waiver'
    ? { amountMinor, invoiceAmountMinor: 0, invoiceStatus: 'waived' }
    : { amountMinor, invoiceAmountMinor: invoice.amountMinor - amountMinor, invoiceStatus: 'open' };
}

/** Only a proposed adjustment is decided (approved or rejected once). */
export function assertProposed(adjustment: Pick<Adjustment, 'status'>): void {
  if (adjustment.status !== 'proposed')
    throw PaymentsErrors.adjustmentNotProposed(adjustment.status);
}

function amountToTake(
  invoice: Pick<Invoice, 'amountMinor'>,
  ask: { kind: AdjustmentKind; amountMinor?: number },
): number {
  if (ask.kind === 'waiver') return invoice.amountMinor;
  const amount = ask.amountMinor ?? 0;
  if (amount >= invoice.amountMinor) throw PaymentsErrors.adjustmentTooLarge(invoice.amountMinor);
  return amount;
}

export function adjustmentView(
  adjustment: Adjustment,
  invoice: Pick<Invoice, 'caseRef' | 'payerId'>,
): AdjustmentView {
  return {
    id: adjustment.id,
    invoiceId: adjustment.invoiceId,
    caseRef: { context: invoice.caseRef.context, id: invoice.caseRef.id },
    payerAccountId: invoice.payerId,
    kind: adjustment.kind,
    amount: { amountMinor: adjustment.amountMinor, currency: adjustment.currency },
    invoiceAmount: { amountMinor: adjustment.invoiceAmountMinor, currency: adjustment.currency },
    reasonCode: adjustment.reasonCode,
    note: adjustment.note,
    status: adjustment.status,
    proposedBy: adjustment.proposedBy,
    proposedAt: adjustment.proposedAt.toISOString(),
    decidedBy: adjustment.decidedBy,
    decidedAt: adjustment.decidedAt?.toISOString() ?? null,
    decisionCode: adjustment.decisionCode,
  };
}
