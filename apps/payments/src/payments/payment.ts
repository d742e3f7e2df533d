import type { PaymentState, PaymentStatus, PaymentView, RefundSummary } from '#contracts';
import type { ProviderPayment, ProviderPaymentStatus } from '../providers/provider.js';

/** A payment as the service holds it, with the case of its invoice. */
export interface Payment {
  readonly id: string;
  readonly invoiceId: string;
  readonly caseRef: { readonly context: string; readonly id: string };
  readonly payerId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly provider: string;
  readonly providerRef: string | null;
  readonly status: PaymentStatus;
  /** GOV.UK Pay's code when it did not succeed (`P0010`...). */
  readonly code: string | null;
  readonly providerCode: string | null;
  readonly nextUrl: string | null;
  readonly returnUrl: string;
  readonly feeMinor: number | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly expiresAt: Date;
  readonly finishedAt: Date | null;
}

export const LIVE_STATUSES = ['created', 'started', 'submitted'] as const;
export const isFinished = (status: PaymentStatus): boolean =>
  !(LIVE_STATUSES as readonly string[]).includes(status);

/** GOV.UK Pay's error codes of a payment that did not succeed, and their messages. */
export const PAYMENT_CODES = {
  P0010: 'Payment method rejected',
  P0020: 'Payment expired',
  P0030: 'Payment was cancelled by the user',
  P0040: 'Payment was cancelled by the service',
  P0050: 'Payment provider returned an error',
} as const;
export type PaymentCode = keyof typeof PAYMENT_CODES;

/** How a finished payment came to be what the provider says: its status and code. */
export interface Outcome {
  readonly status: PaymentStatus;
  readonly code: PaymentCode | null;
}

/** What a provider said about a payment (a webhook, a re-check, a call's answer). */
export type Observation = Pick<
  ProviderPayment,
  'status' | 'providerRef' | 'code' | 'feeMinor' | 'nextUrl'
>;

/** Who learnt it: the answer to a call, a webhook, or a sweep. */
export type FoundBy =
  'create' | 'cancel' | 'webhook' | 'sweep' | 'full-sweep' | 'recovery' | 'expiry' | 'counter';

/** Sweeps ask because they have not heard: a change they find is a correction, announced. */
export const isSweep = (foundBy: FoundBy): boolean =>
  foundBy === 'sweep' || foundBy === 'full-sweep';

/**
 * The provider's state as a public state. A payment the provider holds as `created` is
 * `started` here (the payer can go to its page); `cancelled` by the platform because the
 * payment expired is GOV.UK Pay's `failed` / `P0020`.
 */
export function outcomeOf(
  observed: Pick<Observation, 'status' | 'code'>,
  foundBy: FoundBy,
): Outcome {
  const status: Record<ProviderPaymentStatus, PaymentStatus> = {
    created: 'started',
    submitted: 'submitted',
    success: 'success',
    failed: 'failed',
    cancelled: 'cancelled',
    error: 'error',
  };
  switch (observed.status) {
    case 'created':
    case 'submitted':
    case 'success':
      return { status: status[observed.status], code: null };
    case 'failed':
      return {
        status: 'failed',
        code: /cancel|abandon/i.test(observed.code ?? '') ? 'P0030' : 'P0010',
      };
    case 'cancelled':
      return foundBy === 'expiry'
        ? { status: 'failed', code: 'P0020' }
        : { status: 'cancelled', code: 'P0040' };
    case 'error':
      return { status: 'error', code: 'P0050' };
  }
}

/** The local expiry of a payment the provider never had: failed, P0020. */
export const EXPIRED: Outcome = { status: 'failed', code: 'P0020' };

const RANK: Record<PaymentStatus, number> = {
  created: 0,
  started: 1,
  submitted: 2,
  success: 3,
  failed: 3,
  cancelled: 3,
  error: 3,
};

export type Decision =
  /** Nothing new: the same state, or older news (a late `created` after `submitted`). */
  | { kind: 'none' }
  /** A move along the states. */
  | { kind: 'advance'; to: Outcome }
  /**
   * The record was finished and the provider says otherwise: the provider holds the money, so
   * its word wins (a success after the platform gave up, a failure recorded as another).
   */
  | { kind: 'correct'; to: Outcome }
  /**
   * The record says success and the provider now says it is not: never changed silently nor
   * by itself (the money was booked); left for people to look at.
   */
  | { kind: 'conflict'; to: Outcome };

/** What to do with what the provider says, given the record. */
export function decide(current: Pick<Payment, 'status' | 'code'>, to: Outcome): Decision {
  if (current.status === to.status && (current.code ?? null) === to.code) return { kind: 'none' };
  if (!isFinished(current.status))
    return RANK[to.status] > RANK[current.status] ? { kind: 'advance', to } : { kind: 'none' };
  if (!isFinished(to.status)) return { kind: 'none' };
  if (current.status === 'success') return { kind: 'conflict', to };
  return { kind: 'correct', to };
}

/** The view's `state`. */
export function stateOf(payment: Pick<Payment, 'status' | 'code'>): PaymentState {
  const finished = isFinished(payment.status);
  const code = payment.code as PaymentCode | null;
  return code && payment.status !== 'success'
    ? { status: payment.status, finished, code, message: PAYMENT_CODES[code] }
    : { status: payment.status, finished };
}

export interface RefundLine {
  readonly amountMinor: number;
  readonly status: 'submitted' | 'success' | 'error';
}

/** GOV.UK Pay's `refund_summary`: what remains refundable of a successful payment. */
export function refundSummaryOf(
  payment: Pick<Payment, 'status' | 'amountMinor'>,
  refunds: readonly RefundLine[],
): RefundSummary {
  const submitted = refunds
    .filter((r) => r.status !== 'error')
    .reduce((sum, r) => sum + r.amountMinor, 0);
  if (payment.status !== 'success')
    return {
      status: isFinished(payment.status) ? 'unavailable' : 'pending',
      amountAvailable: 0,
      amountSubmitted: submitted,
    };
  const available = Math.max(0, payment.amountMinor - submitted);
  return {
    status: available === 0 ? 'full' : 'available',
    amountAvailable: available,
    amountSubmitted: submitted,
  };
}

export function paymentView(
  payment: Payment,
  extra: { receiptId: string | null; refunds: readonly RefundLine[] },
): PaymentView {
  const finished = isFinished(payment.status);
  return {
    id: payment.id,
    invoiceId: payment.invoiceId,
    caseRef: { context: payment.caseRef.context, id: payment.caseRef.id },
    amount: { amountMinor: payment.amountMinor, currency: payment.currency },
    state: stateOf(payment),
    ...(!finished && payment.nextUrl ? { nextUrl: payment.nextUrl } : {}),
    provider: payment.provider,
    providerRef: payment.providerRef,
    returnUrl: payment.returnUrl,
    createdAt: payment.createdAt.toISOString(),
    expiresAt: payment.expiresAt.toISOString(),
    finishedAt: payment.finishedAt?.toISOString() ?? null,
    fee:
      payment.feeMinor === null
        ? null
        : { amountMinor: payment.feeMinor, currency: payment.currency },
    receiptId: extra.receiptId,
    refundSummary: refundSummaryOf(payment, extra.refunds),
  };
}

/** The facts every payment event carries. */
export const paymentEventFacts = (payment: Payment) => ({
  invoiceId: payment.invoiceId,
  caseContext: payment.caseRef.context,
  caseId: payment.caseRef.id,
  amountMinor: payment.amountMinor,
  currency: payment.currency,
  paymentId: payment.id,
  provider: payment.provider,
});

/** The return URL of a payment: set by the server from its template, never by a client. */
export const returnUrlOf = (template: string, paymentId: string): string =>
  template.replaceAll('{paymentId}', paymentId);
