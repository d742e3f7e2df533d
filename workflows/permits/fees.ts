import { condition, patched } from '@temporalio/workflow';
import type { CaseAssessment, PermitCaseState } from '#contracts/temporal';
import {
  acts,
  closing,
  finalState,
  nowIso,
  record,
  section,
  type Case,
  type Invoice,
} from './case.js';

/*
 * The case's money: invoices asked of payments and waited for (reminder, lapse), refunds (partial, after a missed deadline, and the
 * compensation of a withdrawal, which waits for its refunds before it records `withdrawn`).
 */

/**
 * A refund's result signalled before its activity's result was seen settles it (before this
 * patch the refund stayed pending forever and a withdrawal never closed).
 */
const REFUND_SETTLED_EARLY = 'permits-refund-settled-before-its-activity';

/** Refunds what is paid and not yet refunded, invoice by invoice (at most `limit` in all). */
export async function refundPaid(
  c: Case,
  reasonCode: string,
  limit = Number.MAX_SAFE_INTEGER,
): Promise<number> {
  const { applicationId } = c.input;
  let refunded = 0;
  for (const invoice of c.invoices.values()) {
    const available = invoice.status === 'paid' ? invoice.amountMinor - invoice.refundedMinor : 0;
    const amountMinor = Math.min(available, limit - refunded);
    if (amountMinor <= 0) continue;
    const { refundId } = await acts.paymentsRefund({
      applicationId,
      invoiceId: invoice.id,
      amountMinor,
      reasonCode,
      refundKey: `${applicationId}-${invoice.id}-${invoice.refundedMinor}`,
      ...(invoice.paymentId ? { paymentId: invoice.paymentId } : {}),
      refundAmountAvailable: available,
    });
    invoice.refundedMinor += amountMinor;
    refunded += amountMinor;
    c.lastRefundId = refundId;
    const early = c.settledEarly.get(refundId);
    if (early !== undefined && patched(REFUND_SETTLED_EARLY)) {
      c.settledEarly.delete(refundId);
      if (early === 'refund-failed') c.failedRefunds.push(invoice.id);
      continue;
    }
    c.pendingRefunds.add(refundId);
  }
  return refunded;
}

/** Asks for a fee and waits for it: paid (or waived), lapsed, or the case is ending. */
export async function collect(
  c: Case,
  purpose: string,
  lines: CaseAssessment['lines'],
): Promise<'paid' | 'lapsed' | 'ending'> {
  const { s, input } = c;
  const created = await section(c, async () => {
    if (closing(c)) return undefined;
    const deadline = await acts.permitsDeadline({
      from: nowIso(),
      workingDays: input.rules.paymentDays,
    });
    const made = await acts.paymentsCreateInvoice({
      applicationId: input.applicationId,
      applicantId: input.applicantId,
      purpose,
      lines,
      dueAt: deadline.dueAt,
    });
    const invoice: Invoice = {
      id: made.invoiceId,
      purpose,
      amountMinor: made.amountMinor,
      status: 'open',
      refundedMinor: 0,
      ...c.early.get(made.invoiceId),
    };
    c.invoices.set(invoice.id, invoice);
    s.invoiceIds.push(invoice.id);
    s.paymentDueAt = deadline.dueAt;
    await record(c, 'payment-requested', {
      facts: {
        status: 'awaiting_payment',
        step: 'awaiting_payment',
        invoiceId: invoice.id,
        purpose,
        feeMinor: made.amountMinor,
        currency: made.currency,
        paymentDueAt: deadline.dueAt,
      },
    });
    return { invoice, waitMs: deadline.waitMs };
  });
  if (!created) return 'ending';
  const { invoice } = created;
  const settled = (): boolean => invoice.status !== 'open' || closing(c);
  if (!(await condition(settled, Math.max(1, Math.floor(created.waitMs / 2))))) {
    await section(c, async () => {
      if (settled()) return;
      await record(c, 'payment-reminded', {
        facts: { invoiceId: invoice.id, paymentDueAt: s.paymentDueAt ?? undefined },
      });
    });
  }
  await condition(settled);
  if (closing(c)) return 'ending';
  return invoice.status === 'paid' || invoice.status === 'waived' ? 'paid' : 'lapsed';
}

/** The fee was not paid in time: the case lapses. */
export async function lapse(c: Case): Promise<PermitCaseState> {
  await section(c, async () => {
    if (closing(c)) return;
    c.ending = 'lapsed';
    await record(c, 'lapsed', { facts: { status: 'lapsed', step: 'closed' } });
    c.s.clock = 'done';
  });
  return close(c);
}

/** Ends the case: a withdrawal waits for its refunds, then records `withdrawn`. */
export async function close(c: Case): Promise<PermitCaseState> {
  const { s } = c;
  await condition(() => !s.pendingDecision);
  if (c.ending === 'withdrawing' && s.status !== 'withdrawn') {
    for (;;) {
      await condition(() => c.pendingRefunds.size === 0 || c.failedRefunds.length > 0);
      if (c.failedRefunds.length === 0) break;
      c.failedRefunds.length = 0;
      // A failed refund is asked again (what it refunded is available again).
      for (const invoice of c.invoices.values()) invoice.refundedMinor = 0;
      await refundPaid(c, 'application_withdrawn');
    }
    await record(c, 'withdrawn', {
      ...(c.withdrawActor ? { actor: c.withdrawActor } : {}),
      facts: {
        status: 'withdrawn',
        step: 'closed',
        compensation: 'refunded',
        ...(c.lastRefundId ? { refundId: c.lastRefundId } : {}),
      },
    });
    s.clock = 'done';
  }
  return finalState(c);
}
