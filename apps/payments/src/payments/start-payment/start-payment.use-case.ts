import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  DomainError,
  enforce,
  PAYMENTS_PAYMENT_START,
  PaymentsAccess,
  PaymentsErrors,
  type PaymentView,
  type RequestActor,
} from '#contracts';
import { currentRequestKey, IdempotentCommands, isUniqueViolation, newId } from '#platform';
import type { PaymentsConfig } from '../../config.js';
import { decideStartPayment } from '../../invoices/invoice.js';
import { InvoiceRepository, LIVE_PAYMENT_INDEX } from '../../invoices/invoice.repository.js';
import { PAYMENTS_CONFIG } from '../../payments.tokens.js';
import { PaymentProviders } from '../../providers/payment-providers.js';
import { ProviderUnavailableError } from '../../providers/provider.js';
import { isFinished, paymentView, returnUrlOf, type Payment } from '../payment.js';
import { PaymentRepository } from '../payment.repository.js';
import { ProviderCalls } from '../provider-calls.js';

/** The insert refused by the database's one live payment per invoice. */
const isLivePaymentTaken = (error: unknown): boolean =>
  isUniqueViolation(error, LIVE_PAYMENT_INDEX);

/**
 * The payer starts paying an invoice. One statement, with no transaction around it, once per
 * request key (the gateway's hash of the `Idempotency-Key`, recorded in that statement with the
 * reply): the invoice is read locked and checked (the payer's, open; no payment in progress,
 * which the database's unique index holds), and the payment is written in `created` with the
 * intent of its create call. A repeat of the key fails that statement whole and gets the first
 * reply; a refused start writes nothing and the invoice as it is says why. Then the call is
 * made (amount and currency from the invoice, the return URL from configuration) and its
 * answer recorded: the payment is `started` with the provider's `nextUrl`.
 *
 * A provider that does not answer: `PAYMENTS.PROVIDER_UNAVAILABLE` (503, not kept by the
 * gateway), the payment kept in `created`; the same request again finishes it (the request key
 * finds the payment, the intent asks the provider what it has first), and so does the sweeper.
 */
@Injectable()
export class StartPaymentUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: IdempotentCommands,
    private readonly invoices: InvoiceRepository,
    private readonly payments: PaymentRepository,
    private readonly providers: PaymentProviders,
    private readonly calls: ProviderCalls,
    @Inject(PAYMENTS_CONFIG)
    private readonly config: Pick<
      PaymentsConfig,
      'PAYMENTS_RETURN_URL' | 'PAYMENTS_PAYMENT_EXPIRY_SECONDS' | 'PAYMENTS_SWEEP_INTERVAL_SECONDS'
    >,
  ) {}

  execute(command: { invoiceId: string; user: RequestActor }): Promise<PaymentView> {
    return this.start(command, 1, command.user.userId);
  }

  /** One attempt, as `payerId` (the user, or the invoice's payer when the policy let another pay). */
  private async start(
    command: { invoiceId: string; user: RequestActor },
    attempt: number,
    payerId: string,
  ): Promise<PaymentView> {
    const key = currentRequestKey();
    const id = newId();
    const intentId = newId();
    const now = new Date();
    let written: Payment | undefined;
    try {
      written = await this.payments.startOnInvoice(
        this.dataSource.manager,
        {
          id,
          invoiceId: command.invoiceId,
          payerId,
          provider: this.providers.current().name,
          returnUrl: returnUrlOf(this.config.PAYMENTS_RETURN_URL, id),
          at: now,
          expiresAt: new Date(now.getTime() + this.config.PAYMENTS_PAYMENT_EXPIRY_SECONDS * 1_000),
          intentId,
        },
        key ? [this.commands.keyPart(PAYMENTS_PAYMENT_START, key, { paymentId: id }, 'p')] : [],
      );
    } catch (error) {
      // Refused whole: a repeat of the key, or a payment in progress (said below).
      if (!this.commands.isKeyTaken(error) && !isLivePaymentTaken(error)) throw error;
    }
    if (!written) {
      // Nothing written. A repeat of a start that was made gets its payment (whatever became
      // of the invoice since); otherwise the invoice as it is says why not.
      const done = key
        ? await this.commands.storedReply<{ paymentId: string }>(PAYMENTS_PAYMENT_START, key)
        : undefined;
      if (done) return this.call(done.paymentId, undefined);
      const found = await this.invoices.findById(this.dataSource.manager, command.invoiceId);
      if (!found) throw PaymentsErrors.invoiceNotFound();
      enforce(command.user, { ownerId: found.invoice.payerId }, ...PaymentsAccess.pay());
      decideStartPayment(found.invoice, found.livePaymentId);
      // It changed meanwhile (or the policy let someone other than the payer pay): again.
      if (attempt >= 3)
        throw new DomainError(
          'PLATFORM.SERVICE_UNAVAILABLE',
          'the invoice changed under every attempt to start paying it; try again',
          { retryAfterSeconds: 1 },
        );
      return this.start(command, attempt + 1, found.invoice.payerId);
    }
    return this.call(id, { payment: written, intentId });
  }

  /**
   * Makes (or finishes) the create call of the payment `paymentId` and answers its view;
   * `justWritten`: the payment as this request just wrote it, so nothing is read back.
   */
  private async call(
    paymentId: string,
    justWritten: { payment: Payment; intentId: string } | undefined,
  ): Promise<PaymentView> {
    let recorded: Payment | undefined;
    try {
      recorded = await this.calls.create(paymentId, 'create', justWritten);
    } catch (error) {
      if (error instanceof ProviderUnavailableError)
        throw PaymentsErrors.providerUnavailable(
          Math.min(30, this.config.PAYMENTS_SWEEP_INTERVAL_SECONDS),
        );
      throw error;
    }
    // The payment as the provider's answer was just recorded: not finished, it has no receipt
    // and no refund yet (a success gets its receipt, and refunds follow a success).
    if (recorded && !isFinished(recorded.status))
      return paymentView(recorded, { receiptId: null, refunds: [] });
    const found = await this.payments.findWithExtras(this.dataSource.manager, paymentId);
    if (!found) throw PaymentsErrors.paymentNotFound();
    return paymentView(found.payment, found);
  }
}
