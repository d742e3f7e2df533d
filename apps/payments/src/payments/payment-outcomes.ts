import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  INVOICE_PAID_V1,
  PAYMENT_CANCELLED_V1,
  PAYMENT_CORRECTED_V1,
  PAYMENT_EXPIRED_V1,
  PAYMENT_FAILED_V1,
  PAYMENT_STARTED_V1,
  PAYMENT_SUCCEEDED_V1,
  REFUND_FAILED_V1,
  REFUND_SUBMITTED_V1,
  REFUND_SUCCEEDED_V1,
  SYSTEM_ACTOR,
  formatActor,
  money,
  type Actor,
  type EventSubject,
} from '#contracts';
import { allParts, newId, Outbox, type NewEvent } from '#platform';
import type { PaymentsConfig } from '../config.js';
import { InvoiceRepository } from '../invoices/invoice.repository.js';
import {
  paymentSucceeded,
  refundSucceeded,
  type LedgerAccount,
  type PaymentFacts,
} from '../ledger/ledger.js';
import { LedgerRepository } from '../ledger/ledger.repository.js';
import { PAYMENTS_CONFIG } from '../payments.tokens.js';
import type { ProviderRefund } from '../providers/provider.js';
import { ReceiptRepository, type NewReceipt } from '../receipts/receipt.repository.js';
import {
  AUTOMATIC_REFUND_REASON,
  OVERPAID_REFUND_REASON,
  refundMoves,
  type Refund,
} from '../refunds/refund.js';
import { RefundRepository } from '../refunds/refund.repository.js';
import {
  decide,
  isFinished,
  isSweep,
  outcomeOf,
  paymentEventFacts,
  type FoundBy,
  type Observation,
  type Outcome,
  type Payment,
} from './payment.js';
import { PaymentRepository, type PaymentChange } from './payment.repository.js';
import { ProviderIntentRepository } from './provider-intent.repository.js';

/** What recording changed, and what must follow once it has committed. */
export interface Recorded {
  /** The record moved (false: nothing new, or a conflict left for people). */
  changed: boolean;
  /** Refunds made by this change, to submit to the provider after the commit. */
  refundsToSubmit: string[];
  /** The payment as this change wrote it (when it moved). */
  payment?: Payment;
}

const UNCHANGED: Recorded = { changed: false, refundsToSubmit: [] };

/** How a payment's invoice stands, as the caller's transaction read it locked. */
export interface LockedInvoice {
  readonly status: string;
  readonly amountMinor: number;
  readonly currency: string;
}

/**
 * What a counter records differently from a provider's news: where the money is (a till's
 * cash, the card terminal's acquirer) and who recorded it (the cashier, not the platform).
 */
export interface OutcomeOptions {
  /** The cash account of the money; the payment provider's cash otherwise. */
  readonly cash?: LedgerAccount;
  /** Who recorded it; the platform (`system`) otherwise. */
  readonly actor?: Actor;
  /** The payment as the caller's transaction already read it locked (`findById`, `lock`). */
  readonly locked?: Payment;
  /**
   * The caller's transaction ends with this recording (nothing follows it): a success's last
   * statement commits it, in its round trip (`queryAndCommit`).
   */
  readonly endsTransaction?: boolean;
  /**
   * The payment's invoice as the caller's transaction read it locked (the webhook's claim):
   * a success that closes it exactly (open, the payment's amount) at the end of the
   * transaction is then written in one statement (`succeedWhole`).
   */
  readonly invoice?: LockedInvoice;
}

type AnyEvent = NewEvent<EventSubject>;

const ledgerFactsOf = (payment: Payment): PaymentFacts => ({
  id: payment.id,
  invoiceId: payment.invoiceId,
  payerId: payment.payerId,
  provider: payment.provider,
  amount: money(payment.amountMinor, payment.currency),
  feeMinor: payment.feeMinor,
});

/** The payment as the news `to` leaves it (what its events and ledger entry describe). */
const advanced = (payment: Payment, to: Outcome, observed: Partial<Observation>): Payment => ({
  ...payment,
  status: to.status,
  code: to.code,
  providerRef: payment.providerRef ?? (observed.providerRef || null),
  feeMinor: observed.feeMinor ?? payment.feeMinor,
});

/** The change the news `to` writes to the payment's row. */
const changeOf = (to: Outcome, observed: Partial<Observation>, at: Date): PaymentChange => ({
  status: to.status,
  code: to.code,
  providerCode: observed.code ?? null,
  providerRef: observed.providerRef ?? null,
  nextUrl: observed.nextUrl ?? null,
  feeMinor: observed.feeMinor ?? null,
  at,
});

/** The payment was `created` and the news starts it (its page can be visited). */
const startsPayment = (payment: Pick<Payment, 'status'>, to: Outcome): boolean =>
  payment.status === 'created' && (to.status === 'started' || to.status === 'submitted');

const startedEvent = (after: Payment): NewEvent<typeof PAYMENT_STARTED_V1> => ({
  subject: PAYMENT_STARTED_V1,
  aggregateId: after.invoiceId,
  actor: SYSTEM_ACTOR,
  data: {
    ...paymentEventFacts(after),
    ...(after.providerRef ? { providerRef: after.providerRef } : {}),
  },
});

/** The events that come before a move's own: its correction (a sweep's), its start. */
const eventsBefore = (
  payment: Payment,
  to: Outcome,
  after: Payment,
  correcting: boolean,
  foundBy: FoundBy,
): AnyEvent[] => {
  const events: AnyEvent[] = [];
  if (correcting || isSweep(foundBy))
    events.push({
      subject: PAYMENT_CORRECTED_V1,
      aggregateId: payment.invoiceId,
      actor: SYSTEM_ACTOR,
      data: { ...paymentEventFacts(after), from: payment.status, to: to.status, foundBy },
    });
  if (startsPayment(payment, to)) events.push(startedEvent(after));
  return events;
};

/**
 * Records what a provider said about a payment or a refund, inside the caller's transaction
 * (a webhook's, a sweep's, a call's), so that the record, its ledger entries, its receipt and
 * its events commit together or not at all: a crash before the commit leaves everything as it
 * was, and the provider is asked again.
 *
 * A success books the payment (the payer's debt becomes cash at the provider, less its fee),
 * issues its receipt and closes the invoice as paid; a success for an invoice already closed
 * (paid by another payment, cancelled, expired) is refunded automatically, with its event. A
 * sweep that finds the provider disagreeing with the record corrects it with
 * `payment.corrected` before the events of the new state.
 */
@Injectable()
export class PaymentOutcomes {
  private readonly logger = new Logger('PaymentOutcomes');

  constructor(
    private readonly outbox: Outbox,
    private readonly payments: PaymentRepository,
    private readonly invoices: InvoiceRepository,
    private readonly refunds: RefundRepository,
    private readonly intents: ProviderIntentRepository,
    private readonly ledger: LedgerRepository,
    private readonly receipts: ReceiptRepository,
    @Inject(PAYMENTS_CONFIG)
    private readonly config: Pick<
      PaymentsConfig,
      'PAYMENTS_TIME_ZONE' | 'PAYMENTS_FISCAL_YEAR_START_MONTH'
    >,
  ) {}

  /** What the provider says of the payment `paymentId` (its reference). */
  record(
    tx: EntityManager,
    paymentId: string,
    observed: Observation,
    foundBy: FoundBy,
    options: OutcomeOptions = {},
  ): Promise<Recorded> {
    return this.recordOutcome(
      tx,
      paymentId,
      outcomeOf(observed, foundBy),
      observed,
      foundBy,
      options,
    );
  }

  /**
   * The answer of the call that created `payment` at its provider, as the start just wrote it
   * (`created`, its create intent submitted), when that answer only starts it (the usual case):
   * the move, its transition, the settled intent and `payment.started` are one statement and
   * one commit, with no transaction around them. Undefined when the answer does more than start
   * the payment, or the payment moved meanwhile (nothing written): the caller then records the
   * answer the usual way (`record`, in a transaction).
   */
  async recordStart(
    manager: EntityManager,
    payment: Payment,
    intentId: string,
    observed: Observation,
  ): Promise<Payment | undefined> {
    const to = outcomeOf(observed, 'create');
    if (!startsPayment(payment, to) || decide(payment, to).kind !== 'advance') return undefined;
    const after = advanced(payment, to, observed);
    const written = await this.payments.advanceIfUnmoved(
      manager,
      payment,
      changeOf(to, observed, new Date()),
      'create',
      { id: intentId, outcome: observed },
      (firstParam) => this.outbox.guardedAppend(startedEvent(after), 'u', firstParam),
    );
    if (written) this.outbox.notifyCommitted();
    return written;
  }

  /** A decided outcome (e.g. the expiry of a payment the provider never had). */
  async recordOutcome(
    tx: EntityManager,
    paymentId: string,
    to: Outcome,
    observed: Partial<Observation>,
    foundBy: FoundBy,
    options: OutcomeOptions = {},
  ): Promise<Recorded> {
    const payment = options.locked ?? (await this.payments.findById(tx, paymentId, { lock: true }));
    if (!payment) return UNCHANGED;
    const decision = decide(payment, to);
    if (decision.kind === 'none') {
      if (!isFinished(payment.status) && (observed.providerRef || observed.nextUrl))
        await this.payments.noteProvider(tx, payment.id, observed.providerRef, observed.nextUrl);
      return UNCHANGED;
    }
    if (decision.kind === 'conflict') {
      this.logger.error(
        { paymentId, recorded: payment.status, provider: to.status, foundBy },
        'the provider disagrees with a recorded success: left unchanged for people to look at',
      );
      return UNCHANGED;
    }
    const now = new Date();
    const after = advanced(payment, to, observed);
    const actor = options.actor ?? SYSTEM_ACTOR;
    const invoice = options.invoice;
    if (
      to.status === 'success' &&
      options.endsTransaction &&
      invoice?.status === 'open' &&
      invoice.amountMinor === payment.amountMinor &&
      invoice.currency === payment.currency
    )
      return this.succeedWhole(tx, payment, after, to, observed, foundBy, {
        correcting: decision.kind === 'correct',
        actor,
        invoice,
        now,
        ...(options.cash ? { cash: options.cash } : {}),
      });
    // A success books the payment and closes its invoice in the statement that moves it.
    const booking =
      to.status === 'success'
        ? this.ledger.bookingPart(
            paymentSucceeded(ledgerFactsOf(after), now, options.cash),
            formatActor(actor),
          )
        : undefined;
    const closing =
      to.status === 'success'
        ? this.invoices.closePaidPart(payment.invoiceId, `payment:${payment.id}`, now)
        : undefined;
    const { payment: written, row } = await this.payments.changeWith(
      tx,
      payment,
      changeOf(to, observed, now),
      foundBy,
      // A finished payment's create call is no longer needed.
      { abandonCreate: isFinished(to.status) },
      booking && closing ? [booking.part, closing.part] : [],
    );
    booking?.booked(row);
    const facts = paymentEventFacts(after);
    const events = eventsBefore(payment, to, after, decision.kind === 'correct', foundBy);
    const refundsToSubmit: string[] = [];
    const receipts: NewReceipt[] = [];
    switch (to.status) {
      case 'created':
      case 'started':
      case 'submitted':
        break;
      case 'success':
        refundsToSubmit.push(
          ...(await this.succeed(tx, after, now, events, receipts, actor, closing?.paid(row))),
        );
        break;
      case 'failed':
        events.push(
          to.code === 'P0020'
            ? {
                subject: PAYMENT_EXPIRED_V1,
                aggregateId: payment.invoiceId,
                actor: SYSTEM_ACTOR,
                data: facts,
              }
            : {
                subject: PAYMENT_FAILED_V1,
                aggregateId: payment.invoiceId,
                actor: SYSTEM_ACTOR,
                data: { ...facts, status: 'failed', code: to.code ?? 'P0010' },
              },
        );
        break;
      case 'cancelled':
        events.push({
          subject: PAYMENT_CANCELLED_V1,
          aggregateId: payment.invoiceId,
          actor: SYSTEM_ACTOR,
          data: { ...facts, code: to.code ?? 'P0040' },
        });
        break;
      case 'error':
        events.push({
          subject: PAYMENT_FAILED_V1,
          aggregateId: payment.invoiceId,
          actor: SYSTEM_ACTOR,
          data: { ...facts, status: 'error', code: to.code ?? 'P0050' },
        });
        break;
    }
    const [receipt, ...more] = receipts;
    if (receipt && more.length === 0 && events.length > 0)
      // A success: its events and its receipt are one statement, the transaction's last.
      await this.receipts.issue(
        tx,
        receipt,
        this.config,
        (firstParam) => this.outbox.appendAllCtes(events, firstParam),
        options.endsTransaction,
      );
    else {
      await this.outbox.appendAll(tx, events);
      for (const r of receipts) await this.receipts.issue(tx, r, this.config);
    }
    return { changed: true, refundsToSubmit, payment: written };
  }

  /**
   * A success whose invoice the caller's transaction holds locked, open and asking exactly the
   * payment's amount (the usual case), as that transaction's last writes: the move and its
   * transition, the ledger entry, the invoice's close, the events and the receipt are one
   * statement, which commits the transaction in its round trip (`queryAndCommit`). Its writes
   * all run before the receipt counter is taken (`readFirst`), so the counter's lock is the
   * last taken, as on the usual path.
   */
  private async succeedWhole(
    tx: EntityManager,
    payment: Payment,
    after: Payment,
    to: Outcome,
    observed: Partial<Observation>,
    foundBy: FoundBy,
    context: {
      correcting: boolean;
      actor: Actor;
      invoice: LockedInvoice;
      now: Date;
      cash?: LedgerAccount;
    },
  ): Promise<Recorded> {
    const { actor, invoice, now } = context;
    const booking = this.ledger.bookingPart(
      paymentSucceeded(ledgerFactsOf(after), now, context.cash),
      formatActor(actor),
    );
    const closing = this.invoices.closePaidPart(payment.invoiceId, `payment:${payment.id}`, now);
    const events = eventsBefore(payment, to, after, context.correcting, foundBy);
    const receipts: NewReceipt[] = [];
    const paid = { amountMinor: invoice.amountMinor, currency: invoice.currency };
    // Nothing paid beyond what the invoice asks: no refund, nothing written here.
    await this.succeed(tx, after, now, events, receipts, actor, paid);
    const [receipt] = receipts;
    if (!receipt) throw new Error(`payment ${payment.id}: a success without its receipt`);
    const issued = await this.receipts.issue(
      tx,
      receipt,
      this.config,
      allParts(
        this.payments.changePart(payment, changeOf(to, observed, now), foundBy, {
          abandonCreate: true,
        }),
        booking.part,
        closing.part,
        (firstParam) => this.outbox.appendAllCtes(events, firstParam),
      ),
      true,
    );
    booking.booked(issued.columns);
    if (
      issued.columns.payment_changed !== true ||
      closing.paid(issued.columns)?.amountMinor !== invoice.amountMinor
    )
      // Cannot happen while the payment and its invoice are held locked since the claim; the
      // statement has committed, so it is told, not undone.
      this.logger.error(
        { paymentId: payment.id, invoiceId: payment.invoiceId },
        'a success written in one statement did not move its payment or close its invoice as read',
      );
    return {
      changed: true,
      refundsToSubmit: [],
      payment: {
        ...after,
        providerCode: observed.code ?? payment.providerCode,
        nextUrl: null,
        updatedAt: now,
        finishedAt: payment.finishedAt ?? now,
      },
    };
  }

  /** The ledger entry, the invoice (paid, or a refund when closed), the receipt, the events. */
  private async succeed(
    tx: EntityManager,
    payment: Payment,
    now: Date,
    events: AnyEvent[],
    receipts: NewReceipt[],
    actor: Actor,
    /** What the invoice asked when this payment closed it (booked and closed by `change`). */
    paid: { amountMinor: number; currency: string } | undefined,
  ): Promise<string[]> {
    const invoiceClosed = paid === undefined;
    // What the payment paid beyond what the invoice asks goes back: all of it for a closed
    // invoice; for an open one, what a reduction approved after the payment started took off.
    const overpaidMinor = paid
      ? Math.max(0, payment.amountMinor - paid.amountMinor)
      : payment.amountMinor;
    const refundReason = invoiceClosed ? AUTOMATIC_REFUND_REASON : OVERPAID_REFUND_REASON;
    let refundId: string | undefined;
    if (overpaidMinor > 0) {
      refundId = newId();
      const refund: Refund = {
        id: refundId,
        paymentId: payment.id,
        invoiceId: payment.invoiceId,
        amountMinor: overpaidMinor,
        currency: payment.currency,
        status: 'submitted',
        reasonCode: refundReason,
        automatic: true,
        requestedBy: 'system',
        providerRef: null,
        code: null,
      };
      await this.refunds.insert(tx, refund);
      await this.intents.add(tx, {
        kind: 'refund',
        provider: payment.provider,
        paymentId: payment.id,
        refundId,
      });
    }
    // Issued last, after the events (`recordOutcome`): the counter's row lock is held from
    // the receipt's statement to the commit, and serialises every transaction that takes one.
    const receiptId = newId();
    receipts.push({
      id: receiptId,
      kind: 'payment',
      invoiceId: payment.invoiceId,
      paymentId: payment.id,
      payerId: payment.payerId,
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      issuedAt: now,
    });
    const facts = paymentEventFacts(payment);
    events.push({
      subject: PAYMENT_SUCCEEDED_V1,
      aggregateId: payment.invoiceId,
      actor,
      data: {
        ...facts,
        ...(payment.providerRef ? { providerRef: payment.providerRef } : {}),
        ...(payment.feeMinor !== null ? { feeMinor: payment.feeMinor } : {}),
        receiptId,
        invoiceClosed,
      },
    });
    if (paid)
      events.push({
        subject: INVOICE_PAID_V1,
        aggregateId: payment.invoiceId,
        actor,
        data: {
          invoiceId: payment.invoiceId,
          caseContext: facts.caseContext,
          caseId: facts.caseId,
          amountMinor: paid.amountMinor,
          currency: paid.currency,
          paymentId: payment.id,
          paidAt: now.toISOString(),
        },
      });
    if (refundId)
      events.push({
        subject: REFUND_SUBMITTED_V1,
        aggregateId: payment.invoiceId,
        actor: SYSTEM_ACTOR,
        data: {
          ...facts,
          amountMinor: overpaidMinor,
          refundId,
          reasonCode: refundReason,
          automatic: true,
        },
      });
    return refundId ? [refundId] : [];
  }

  /**
   * What the provider says of a refund (`reference` = the refund's id); or, for a counter
   * payment's refund, what the cashier who paid it out says (`options`: the till's cash).
   */
  async recordRefund(
    tx: EntityManager,
    observed: Pick<ProviderRefund, 'reference' | 'refundRef' | 'status' | 'code'>,
    options: OutcomeOptions = {},
  ): Promise<Recorded> {
    const refund = await this.refunds.findById(tx, observed.reference, { lock: true });
    if (!refund) return UNCHANGED;
    if (!refundMoves(refund.status, observed.status)) {
      if (refund.status === 'submitted' && observed.refundRef)
        await this.refunds.noteProvider(tx, refund.id, observed.refundRef);
      return UNCHANGED;
    }
    const payment = await this.payments.findById(tx, refund.paymentId);
    if (!payment) throw new Error(`refund ${refund.id} has no payment ${refund.paymentId}`);
    const now = new Date();
    const status = observed.status === 'success' ? 'success' : 'error';
    await this.refunds.finish(tx, refund.id, {
      status,
      providerRef: observed.refundRef,
      ...(observed.code ? { code: observed.code } : {}),
      at: now,
    });
    const facts = { ...paymentEventFacts(payment), refundId: refund.id };
    const actor = options.actor ?? SYSTEM_ACTOR;
    if (status === 'error') {
      await this.outbox.append(tx, {
        subject: REFUND_FAILED_V1,
        aggregateId: payment.invoiceId,
        actor,
        data: { ...facts, amountMinor: refund.amountMinor, code: observed.code ?? 'error' },
      });
      return { changed: true, refundsToSubmit: [] };
    }
    await this.ledger.record(
      tx,
      refundSucceeded(
        {
          id: refund.id,
          payment: ledgerFactsOf(payment),
          amount: money(refund.amountMinor, refund.currency),
          of: refund.automatic ? 'overpayment' : 'revenue',
          ...(options.cash ? { cash: options.cash } : {}),
        },
        now,
      ),
      formatActor(actor),
    );
    const receipt: NewReceipt = {
      id: newId(),
      kind: 'refund',
      invoiceId: payment.invoiceId,
      paymentId: payment.id,
      refundId: refund.id,
      payerId: payment.payerId,
      amountMinor: refund.amountMinor,
      currency: refund.currency,
      issuedAt: now,
    };
    await this.outbox.append(tx, {
      subject: REFUND_SUCCEEDED_V1,
      aggregateId: payment.invoiceId,
      actor,
      data: { ...facts, amountMinor: refund.amountMinor, receiptId: receipt.id },
    });
    // Last: the counter's row lock is held from here to the commit.
    await this.receipts.issue(tx, receipt, this.config);
    return { changed: true, refundsToSubmit: [] };
  }
}
