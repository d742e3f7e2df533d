import { Inject, Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import {
  enforce,
  PAYMENTS_PAYMENT_START,
  PaymentsAccess,
  PaymentsErrors,
  type PaymentView,
  type RequestActor,
} from '#contracts';
import { IdempotentCommands, newId } from '#platform';
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
  error instanceof QueryFailedError &&
  (error.driverError as { code?: string; constraint?: string }).code === '23505' &&
  (error.driverError as { constraint?: string }).constraint === LIVE_PAYMENT_INDEX;

/**
 * The payer starts paying an invoice. In one transaction, once per request key (the gateway's
 * hash of the `Idempotency-Key`, recorded last with the reply): the invoice is read locked,
 * checked (the payer's, open, no payment in progress: the database's unique index holds that
 * too, and refuses a payment that another start committed while this one waited for the lock),
 * and the payment is written in `created` with the intent of its create call. Then the call is made (amount and currency from
 * the invoice, the return URL from configuration) and its answer recorded: the payment is
 * `started` with the provider's `nextUrl`.
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

  async execute(
    command: { invoiceId: string; user: RequestActor },
    attempt = 1,
  ): Promise<PaymentView> {
    // What this request wrote (not a repeat's stored reply): the call needs not read it back.
    let justWritten: { payment: Payment; intentId: string } | undefined;
    let paymentId: string;
    try {
      ({ paymentId } = await this.commands.run(
        PAYMENTS_PAYMENT_START,
        (tx) => this.start(tx, command, (written) => (justWritten = written)),
        { recordKeyLast: true },
      ));
    } catch (error) {
      // Another start committed a payment while this one waited for the invoice's lock: the
      // invoice as it is now says why not (a payment in progress, or closed by it).
      if (!isLivePaymentTaken(error) || attempt >= 3) throw error;
      const found = await this.invoices.findById(this.dataSource.manager, command.invoiceId);
      if (!found) throw PaymentsErrors.invoiceNotFound();
      decideStartPayment(found.invoice, found.livePaymentId);
      return this.execute(command, attempt + 1);
    }
    // A repeat's reply is the first request's payment; what this run wrote was rolled back.
    if (justWritten?.payment.id !== paymentId) justWritten = undefined;
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

  /** The start's transaction: the invoice read locked and checked, the payment written. */
  private async start(
    tx: EntityManager,
    command: { invoiceId: string; user: RequestActor },
    wrote: (written: { payment: Payment; intentId: string }) => void,
  ): Promise<{ paymentId: string }> {
    const found = await this.invoices.findForStart(tx, command.invoiceId);
    if (!found) throw PaymentsErrors.invoiceNotFound();
    const { invoice, livePaymentId } = found;
    enforce(command.user, { ownerId: invoice.payerId }, ...PaymentsAccess.pay());
    decideStartPayment(invoice, livePaymentId);
    const id = newId();
    const now = new Date();
    const provider = this.providers.current().name;
    const payment: Payment = {
      id,
      invoiceId: invoice.id,
      caseRef: invoice.caseRef,
      payerId: invoice.payerId,
      amountMinor: invoice.amountMinor,
      currency: invoice.currency,
      provider,
      providerRef: null,
      status: 'created',
      code: null,
      providerCode: null,
      nextUrl: null,
      returnUrl: returnUrlOf(this.config.PAYMENTS_RETURN_URL, id),
      feeMinor: null,
      createdAt: now,
      updatedAt: now,
      expiresAt: new Date(now.getTime() + this.config.PAYMENTS_PAYMENT_EXPIRY_SECONDS * 1_000),
      finishedAt: null,
    };
    const intentId = newId();
    await this.payments.insert(tx, payment, { id: intentId });
    wrote({ payment, intentId });
    return { paymentId: id };
  }
}
