import { randomBytes, randomUUID } from 'node:crypto';
import { transaction } from '../store/database.js';
import type { PaymentRow, PaymentStatus, RefundRow, SandboxStore } from '../store/sandbox.store.js';
import { feeFor, type FeeSchedule } from './fees.js';
import type { TestCard } from './test-cards.js';
import {
  paymentEventType,
  paymentView,
  refundEventType,
  refundView,
  type PaymentView,
  type RefundView,
} from './views.js';

export interface CardProviderSettings {
  readonly publicUrl: string;
  readonly fees: FeeSchedule;
  readonly lateSuccessDelayMs: number;
  readonly refundDelayMs: number;
  readonly paymentExpiryMs: number;
}

export interface CreatePaymentInput {
  readonly reference: string;
  readonly amount: number;
  readonly currency: string;
  readonly description: string;
  readonly return_url: string;
}

export type CreatePaymentResult =
  | { readonly outcome: 'created' | 'existing'; readonly payment: PaymentView }
  | { readonly outcome: 'reference_conflict' };

export interface CreateRefundInput {
  readonly reference: string;
  readonly amount: number;
  /** When given, must be the payment's currency. */
  readonly currency?: string | undefined;
}

export type CreateRefundResult =
  | { readonly outcome: 'created' | 'existing'; readonly refund: RefundView }
  | { readonly outcome: 'payment_not_found' | 'reference_conflict' | 'currency_mismatch' }
  | { readonly outcome: 'payment_not_refundable'; readonly status: PaymentStatus }
  | { readonly outcome: 'amount_exceeds_available'; readonly amountAvailable: number };

/** What the hosted page's form did. */
export type PageResult =
  { readonly outcome: 'done'; readonly payment: PaymentRow } | { readonly outcome: 'not_found' };

const NO_REFUNDS = { submitted: 0, succeeded: 0 } as const;

const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

/**
 * The sandbox's business: payments and refunds with their states, the timers that finish
 * them late, and the webhook written in the same transaction as each change it reports (so a
 * change is never reported twice or lost across a crash). Synchronous over SQLite: each call
 * runs whole, without interleaving.
 */
export class CardProvider {
  constructor(
    private readonly store: SandboxStore,
    private readonly settings: CardProviderSettings,
    private readonly hooks: {
      /** A webhook was written (after commit). */
      readonly enqueued: () => void;
      /** A timer was set for `at` (after commit). */
      readonly timerSet: (at: number) => void;
    },
  ) {}

  // --- payments -------------------------------------------------------------------------

  createPayment(input: CreatePaymentInput, now: number): CreatePaymentResult {
    const existing = this.store.paymentByReference(input.reference);
    if (existing) {
      const same =
        existing.amount === input.amount &&
        existing.currency === input.currency &&
        existing.description === input.description &&
        existing.return_url === input.return_url;
      return same
        ? { outcome: 'existing', payment: this.view(existing, true) }
        : { outcome: 'reference_conflict' };
    }
    const row: PaymentRow = {
      id: newId('pay'),
      reference: input.reference,
      page_token: randomBytes(24).toString('base64url'),
      amount: input.amount,
      currency: input.currency,
      description: input.description,
      return_url: input.return_url,
      status: 'created',
      code: null,
      fee: null,
      refunds_fail: 0,
      created_at: now,
      updated_at: now,
      expires_at: now + this.settings.paymentExpiryMs,
      complete_at: null,
      succeeded_at: null,
    };
    this.store.insertPayment(row);
    this.hooks.timerSet(row.expires_at);
    return { outcome: 'created', payment: this.view(row) };
  }

  payment(id: string): PaymentView | undefined {
    const row = this.store.paymentById(id);
    return row && this.view(row);
  }

  paymentByReference(reference: string): PaymentView | undefined {
    const row = this.store.paymentByReference(reference);
    return row && this.view(row);
  }

  /** The payment behind a hosted page. */
  pagePayment(token: string): PaymentRow | undefined {
    return this.store.paymentByToken(token);
  }

  /**
   * The payer submitted a test card on the page. Only a payment still waiting for its card
   * changes; a repeated post (a double click, a reload) changes nothing.
   */
  submitCard(token: string, card: TestCard, now: number): PageResult {
    const row = this.store.paymentByToken(token);
    if (!row) return { outcome: 'not_found' };
    if (row.status !== 'created') return { outcome: 'done', payment: row };
    const outcome = card.outcome;
    let moved: PaymentRow | undefined;
    switch (outcome.kind) {
      case 'success':
        moved = this.movePayment(row, 'success', now, {
          refunds_fail: outcome.refunds === 'fail' ? 1 : 0,
        });
        break;
      case 'declined':
        moved = this.movePayment(row, 'failed', now, { code: outcome.code });
        break;
      case 'error':
        moved = this.movePayment(row, 'error', now, { code: outcome.code });
        break;
      case 'late_success': {
        const at = now + this.settings.lateSuccessDelayMs;
        moved = this.movePayment(row, 'submitted', now, { complete_at: at });
        this.hooks.timerSet(at);
        break;
      }
      default: {
        const never: never = outcome;
        throw new Error(`unknown card outcome ${JSON.stringify(never)}`);
      }
    }
    // Moved meanwhile (another post of the page): as it is now.
    return { outcome: 'done', payment: moved ?? (this.store.paymentById(row.id) as PaymentRow) };
  }

  /** The payer pressed "Cancel payment" on the page (GOV.UK Pay: failed, cancelled by user). */
  payerCancels(token: string, now: number): PageResult {
    const row = this.store.paymentByToken(token);
    if (!row) return { outcome: 'not_found' };
    if (row.status === 'created')
      this.movePayment(row, 'failed', now, { code: 'cancelled_by_payer' });
    return { outcome: 'done', payment: this.store.paymentById(row.id) as PaymentRow };
  }

  /** The platform cancels an unfinished payment; a finished one is returned as it is. */
  cancel(id: string, now: number): PaymentView | undefined {
    const row = this.store.paymentById(id);
    if (!row) return undefined;
    if (row.status === 'created' || row.status === 'submitted')
      this.movePayment(row, 'cancelled', now, { code: 'cancelled_by_merchant' });
    return this.payment(id);
  }

  // --- refunds --------------------------------------------------------------------------

  refund(paymentId: string, input: CreateRefundInput, now: number): CreateRefundResult {
    const payment = this.store.paymentById(paymentId);
    if (!payment) return { outcome: 'payment_not_found' };
    const existing = this.store.refundByReference(input.reference);
    if (existing)
      return existing.payment_id === paymentId &&
        existing.amount === input.amount &&
        (input.currency === undefined || input.currency === existing.currency)
        ? { outcome: 'existing', refund: refundView(existing) }
        : { outcome: 'reference_conflict' };
    if (input.currency !== undefined && input.currency !== payment.currency)
      return { outcome: 'currency_mismatch' };
    if (payment.status !== 'success')
      return { outcome: 'payment_not_refundable', status: payment.status };
    const taken = this.store.refundedOrPending(paymentId);
    const available = payment.amount - taken.submitted - taken.succeeded;
    if (input.amount > available)
      return { outcome: 'amount_exceeds_available', amountAvailable: available };
    const row: RefundRow = {
      id: newId('rfd'),
      reference: input.reference,
      payment_id: paymentId,
      amount: input.amount,
      currency: payment.currency,
      status: 'submitted',
      code: null,
      created_at: now,
      updated_at: now,
      complete_at: now + this.settings.refundDelayMs,
      succeeded_at: null,
    };
    this.store.insertRefund(row);
    this.hooks.timerSet(row.complete_at as number);
    return { outcome: 'created', refund: refundView(row) };
  }

  refundById(id: string): RefundView | undefined {
    const row = this.store.refundById(id);
    return row && refundView(row);
  }

  refundByReference(reference: string): RefundView | undefined {
    const row = this.store.refundByReference(reference);
    return row && refundView(row);
  }

  // --- timers ---------------------------------------------------------------------------

  /** Finishes what is due: late successes, refunds, expired pages. Returns how many. */
  runTimers(now: number, limit = 500): number {
    let done = 0;
    for (const row of this.store.paymentsDue(now, limit)) {
      if (this.movePayment(row, 'success', now, { complete_at: null })) done += 1;
    }
    for (const row of this.store.paymentsExpired(now, limit)) {
      if (this.movePayment(row, 'failed', now, { code: 'payment_expired' })) done += 1;
    }
    for (const refund of this.store.refundsDue(now, limit)) {
      const payment = this.store.paymentById(refund.payment_id) as PaymentRow;
      const fails = payment.refunds_fail === 1;
      const changed = transaction(this.store.db, () => {
        const moved = this.store.finishRefund(refund.id, {
          status: fails ? 'error' : 'success',
          code: fails ? 'refund_failed' : null,
          updated_at: now,
          succeeded_at: fails ? null : now,
        });
        if (moved) {
          const after = this.store.refundById(refund.id) as RefundRow;
          this.emit(after.id, refundEventType(after.status), refundView(after), now);
        }
        return moved;
      });
      if (changed) done += 1;
    }
    if (done > 0) this.hooks.enqueued();
    return done;
  }

  nextTimer(): number | undefined {
    return this.store.nextTimer();
  }

  // --- internals ------------------------------------------------------------------------

  private view(row: PaymentRow, withPage = false): PaymentView {
    // Only a successful payment has refunds.
    return this.viewOf(
      row,
      row.status === 'success' ? this.store.refundedOrPending(row.id) : NO_REFUNDS,
      withPage,
    );
  }

  private viewOf(
    row: PaymentRow,
    refunds: { submitted: number; succeeded: number },
    withPage = false,
  ): PaymentView {
    return paymentView(row, refunds, this.settings.publicUrl, withPage);
  }

  /**
   * Moves a payment from its current status, with its webhook, in one transaction: the row as
   * moved, or undefined when it had moved meanwhile.
   */
  private movePayment(
    row: PaymentRow,
    to: PaymentStatus,
    now: number,
    extra: { code?: string; complete_at?: number | null; refunds_fail?: number },
  ): PaymentRow | undefined {
    const change = {
      status: to,
      code: extra.code ?? null,
      fee: to === 'success' ? feeFor(row.amount, this.settings.fees) : row.fee,
      updated_at: now,
      complete_at: extra.complete_at === undefined ? row.complete_at : extra.complete_at,
      ...(extra.refunds_fail === undefined ? {} : { refunds_fail: extra.refunds_fail }),
      ...(to === 'success' ? { succeeded_at: now } : {}),
    };
    const moved = transaction(this.store.db, () => {
      if (!this.store.updatePayment(row.id, row.status, change)) return undefined;
      const after: PaymentRow = { ...row, ...change };
      // Written as moved, not read back: a payment only now successful has no refunds yet.
      this.emit(row.id, paymentEventType(to), this.viewOf(after, NO_REFUNDS), now);
      return after;
    });
    if (moved) this.hooks.enqueued();
    return moved;
  }

  private emit(
    objectId: string,
    type: string,
    object: PaymentView | RefundView,
    now: number,
  ): void {
    const eventId = `evt_${randomUUID()}`;
    this.store.insertDelivery({
      event_id: eventId,
      object_id: objectId,
      type,
      body: JSON.stringify({
        id: eventId,
        type,
        created: Math.floor(now / 1000),
        data: { object },
      }),
      created_at: now,
    });
  }
}
