import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FaultInjection } from '../faults.js';
import { PaymentProviders } from '../providers/payment-providers.js';
import {
  ProviderRequestRefusedError,
  ProviderUnavailableError,
  type PaymentProvider,
  type ProviderPayment,
  type ProviderRefund,
} from '../providers/provider.js';
import { RefundRepository } from '../refunds/refund.repository.js';
import { Outbox } from '#platform';
import { EXPIRED, isFinished, type FoundBy, type Payment } from './payment.js';
import { PaymentOutcomes } from './payment-outcomes.js';
import { PaymentRepository } from './payment.repository.js';
import { ProviderIntentRepository, type ProviderIntent } from './provider-intent.repository.js';

/** The provider understood the call and refused it: asking again will not change the answer. */
const isRefusal = (error: unknown): error is ProviderRequestRefusedError =>
  error instanceof ProviderRequestRefusedError;

/**
 * The calls to providers, each one made through its intent (`provider-intent.repository.ts`):
 * marked `submitted` before the call, settled with the answer by the transaction (or, for an
 * answer that only starts a payment, the one statement) that records it. A call whose intent was already `submitted` (a crash, a timeout) first asks the provider
 * what it has under the reference, and is made again only when the provider has nothing: the
 * reference is also the provider's idempotency key, so nothing is made twice either way.
 *
 * A provider that does not answer leaves the intent unsettled and throws
 * `ProviderUnavailableError`; the sweeper settles it later (`RecoverProviderCallsUseCase`).
 */
@Injectable()
export class ProviderCalls {
  private readonly logger = new Logger('ProviderCalls');

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly providers: PaymentProviders,
    private readonly payments: PaymentRepository,
    private readonly refunds: RefundRepository,
    private readonly intents: ProviderIntentRepository,
    private readonly outcomes: PaymentOutcomes,
    private readonly faults: FaultInjection,
  ) {}

  /**
   * Creates the payment at its provider (or finds what an earlier attempt made there).
   * `justWritten`: the payment and its intent as the caller's transaction just committed them
   * (the intent already `submitted`, `PaymentRepository.insert`), not read again; the call is
   * then the first, so the provider is not asked first. Returns the payment as the answer's
   * record wrote it (undefined when nothing moved, or no call was made).
   */
  async create(
    paymentId: string,
    foundBy: FoundBy = 'create',
    justWritten?: { payment: Payment; intentId: string },
  ): Promise<Payment | undefined> {
    const manager = this.dataSource.manager;
    const intent: ProviderIntent | undefined = justWritten
      ? {
          id: justWritten.intentId,
          provider: justWritten.payment.provider,
          kind: 'create',
          paymentId,
          refundId: null,
          stage: 'submitted',
          attempts: 1,
        }
      : await this.intents.find(manager, { kind: 'create', paymentId });
    const payment = justWritten?.payment ?? (await this.payments.findById(manager, paymentId));
    if (!intent || !payment || !this.unsettled(intent)) return undefined;
    if (isFinished(payment.status) || payment.expiresAt.getTime() <= Date.now()) return undefined;
    const provider = this.providers.get(payment.provider);
    let answer: ProviderPayment;
    try {
      answer = await this.call(intent, Boolean(justWritten), async () => {
        const earlier =
          intent.stage === 'submitted' && !justWritten
            ? await provider.findPayment(paymentId)
            : undefined;
        return (
          earlier ??
          (await provider.createPayment({
            reference: paymentId,
            amount: { amountMinor: payment.amountMinor, currency: payment.currency },
            description: `Invoice ${payment.invoiceId}`,
            returnUrl: payment.returnUrl,
          }))
        );
      });
    } catch (error) {
      if (!isRefusal(error)) throw error;
      // Refused (asking again would not change it): the payment ends in the provider's error.
      answer = {
        providerRef: '',
        reference: paymentId,
        status: 'error',
        amount: { amountMinor: payment.amountMinor, currency: payment.currency },
        code: error.code,
      };
    }
    // The usual case, an answer that starts the payment the start just wrote: one statement.
    if (justWritten) {
      const started = await this.outcomes.recordStart(
        manager,
        justWritten.payment,
        intent.id,
        answer,
      );
      if (started) return started;
    }
    return this.settle(intent, answer, foundBy);
  }

  /**
   * Cancels a payment at its provider because it expired. A payment the provider never had
   * expires here alone; one the provider finished meanwhile is recorded as it finished (a late
   * success included: then the invoice, if closed, is refunded).
   */
  async cancelExpired(paymentId: string): Promise<void> {
    const manager = this.dataSource.manager;
    const payment = await this.payments.findById(manager, paymentId);
    if (!payment || isFinished(payment.status)) return;
    await this.outbox.transaction(manager, (tx) =>
      this.intents.add(tx, { kind: 'cancel', provider: payment.provider, paymentId }),
    );
    const intent = await this.intents.find(manager, { kind: 'cancel', paymentId });
    if (!intent || !this.unsettled(intent)) return;
    const provider = this.providers.get(payment.provider);
    const answer = await this.call(intent, false, async () => {
      // A finished payment is answered as it is: a success that came meanwhile is recorded.
      if (payment.providerRef) return provider.cancelPayment(payment.providerRef);
      const held = await provider.findPayment(paymentId);
      return held ? provider.cancelPayment(held.providerRef) : undefined;
    });
    const recorded = await this.outbox.transaction(manager, async (tx) => {
      await this.intents.settle(tx, intent.id, answer ?? { notAtProvider: true });
      return answer
        ? this.outcomes.record(tx, paymentId, answer, 'expiry')
        : this.outcomes.recordOutcome(tx, paymentId, EXPIRED, {}, 'expiry');
    });
    await this.submitRefunds(recorded.refundsToSubmit);
  }

  /** Submits a refund to the provider of its payment (or finds what an earlier attempt made). */
  async refund(refundId: string): Promise<void> {
    const manager = this.dataSource.manager;
    const refund = await this.refunds.findById(manager, refundId);
    if (!refund || refund.status !== 'submitted') return;
    const intent = await this.intents.find(manager, {
      kind: 'refund',
      paymentId: refund.paymentId,
      refundId,
    });
    const payment = await this.payments.findById(manager, refund.paymentId);
    if (!intent || !payment?.providerRef || !this.unsettled(intent)) return;
    const providerRef = payment.providerRef;
    const provider: PaymentProvider = this.providers.get(payment.provider);
    let answer: ProviderRefund;
    try {
      answer = await this.call(intent, false, async () => {
        const earlier =
          intent.stage === 'submitted' ? await provider.findRefund(refundId) : undefined;
        return (
          earlier ??
          (await provider.refund({
            reference: refundId,
            providerPaymentRef: providerRef,
            amount: { amountMinor: refund.amountMinor, currency: refund.currency },
          }))
        );
      });
    } catch (error) {
      if (!isRefusal(error)) throw error;
      answer = {
        refundRef: '',
        reference: refundId,
        providerPaymentRef: providerRef,
        status: 'error',
        amount: { amountMinor: refund.amountMinor, currency: refund.currency },
        code: error.code,
      };
    }
    await this.outbox.transaction(manager, async (tx) => {
      await this.intents.settle(tx, intent.id, answer);
      await this.outcomes.recordRefund(tx, answer);
    });
  }

  /** Refunds made by a recorded change, submitted once it has committed (best effort). */
  async submitRefunds(refundIds: readonly string[]): Promise<void> {
    for (const id of refundIds)
      await this.refund(id).catch((error: unknown) =>
        this.logger.warn(`refund ${id} not submitted yet: ${(error as Error).message}`),
      );
  }

  /** Settles an unsettled intent of any kind (the sweeper's recovery). */
  async recover(intent: ProviderIntent): Promise<void> {
    switch (intent.kind) {
      case 'create':
        await this.create(intent.paymentId, 'recovery');
        return;
      case 'cancel':
        return this.cancelExpired(intent.paymentId);
      case 'refund':
        return intent.refundId ? this.refund(intent.refundId) : undefined;
    }
  }

  private unsettled(intent: ProviderIntent): boolean {
    return intent.stage === 'ready' || intent.stage === 'submitted';
  }

  /**
   * Marks the intent submitted (committed before the call), makes the call and returns its
   * answer (`markedSubmitted`: it was committed submitted with the change that needs the call).
   * A provider that does not answer leaves the intent unsettled, its error noted.
   */
  private async call<T>(
    intent: ProviderIntent,
    markedSubmitted: boolean,
    work: () => Promise<T>,
  ): Promise<T> {
    if (!markedSubmitted) await this.intents.markSubmitted(this.dataSource.manager, intent.id);
    try {
      const answer = await work();
      this.faults.afterProviderAnswer(answer);
      return answer;
    } catch (error) {
      await this.intents.noteError(this.dataSource.manager, intent.id, (error as Error).message);
      throw error;
    }
  }

  /**
   * Records a create call's answer; a refusal finishes the payment as the provider's error. The
   * intent is settled by the statement that reads the payment locked. Returns the payment as
   * recorded when it moved.
   */
  private async settle(
    intent: ProviderIntent,
    answer: ProviderPayment,
    foundBy: FoundBy,
  ): Promise<Payment | undefined> {
    const recorded = await this.outbox.transaction(this.dataSource.manager, async (tx) => {
      const locked = await this.payments.findById(tx, intent.paymentId, {
        lock: true,
        settleIntent: { id: intent.id, outcome: answer },
      });
      if (!locked) return { changed: false, refundsToSubmit: [] };
      return this.outcomes.record(tx, intent.paymentId, answer, foundBy, { locked });
    });
    await this.submitRefunds(recorded.refundsToSubmit);
    return recorded.payment;
  }

  /** For callers that must tell "not answering" from other failures. */
  static unavailable(error: unknown): boolean {
    return error instanceof ProviderUnavailableError;
  }
}
