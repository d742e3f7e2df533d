import { COUNTER_METHODS, PaymentsErrors, type CounterMethod } from '#contracts';
import { refundSummaryOf, type Payment, type RefundLine } from '../payments/payment.js';

/*
 * The rules of refunds asked by a cashier or a workflow (the automatic refund of a payment for
 * a closed invoice is the core's, payment-outcomes.ts). Pure functions of the payment and its
 * refunds; the use case holds the payment's row lock while it applies them, so concurrent
 * refunds are decided one after the other and never take more than was paid (and the
 * database's `refunds_within_payment` trigger refuses it even if the code did not).
 */

/** A payment taken at a counter (cash, card terminal): its `provider` is the method. */
export const isCounterPayment = (payment: Pick<Payment, 'provider'>): boolean =>
  (COUNTER_METHODS as readonly string[]).includes(payment.provider);

export const counterMethodOf = (payment: Pick<Payment, 'provider'>): CounterMethod | undefined =>
  isCounterPayment(payment) ? (payment.provider as CounterMethod) : undefined;

export interface RefundAsk {
  /** Minor units to refund. */
  readonly amount: number;
  /** What the caller believes is still refundable (GOV.UK Pay's `refund_amount_available`). */
  readonly refundAmountAvailable: number;
}

/**
 * Whether this refund may be made now: the payment succeeded, the caller's
 * `refundAmountAvailable` is what remains (otherwise 412: read again), and the amount is within
 * it. Returns what remains before the refund.
 */
export function decideRefund(
  payment: Pick<Payment, 'status' | 'amountMinor'>,
  refunds: readonly RefundLine[],
  ask: RefundAsk,
): { amountAvailable: number } {
  if (payment.status !== 'success') throw PaymentsErrors.refundNotAvailable(payment.status);
  const { amountAvailable } = refundSummaryOf(payment, refunds);
  if (ask.refundAmountAvailable !== amountAvailable)
    throw PaymentsErrors.refundAmountAvailableMismatch(amountAvailable);
  if (ask.amount > amountAvailable) throw PaymentsErrors.refundExceedsAvailable(amountAvailable);
  return { amountAvailable };
}

/**
 * Where a refund is paid out from: a payment made online is refunded by its provider (a till
 * session is not taken); a counter payment at a till, within the cashier's open session. A
 * workflow (no cashier) may ask a counter refund without a session: it then waits, submitted,
 * until a cashier pays it out.
 */
export function refundChannel(
  payment: Pick<Payment, 'provider'>,
  ask: { tillSessionId?: string; byCashier: boolean },
): { channel: 'provider' } | { channel: 'counter'; payOutNow: boolean } {
  if (!isCounterPayment(payment)) {
    if (ask.tillSessionId !== undefined) throw PaymentsErrors.refundNotAtCounter();
    return { channel: 'provider' };
  }
  if (ask.tillSessionId !== undefined) return { channel: 'counter', payOutNow: true };
  if (ask.byCashier) throw PaymentsErrors.refundNeedsTillSession();
  return { channel: 'counter', payOutNow: false };
}
