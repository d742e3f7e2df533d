import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
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
import { InvoiceRepository } from '../../invoices/invoice.repository.js';
import { PAYMENTS_CONFIG } from '../../payments.tokens.js';
import { PaymentProviders } from '../../providers/payment-providers.js';
import { ProviderUnavailableError } from '../../providers/provider.js';
import { isFinished, paymentView, returnUrlOf, type Payment } from '../payment.js';
import { PaymentRepository } from '../payment.repository.js';
import { ProviderCalls } from '../provider-calls.js';

/**
 * The payer starts paying an invoice. In one transaction, once per request key (the gateway's
 * hash of the `Idempotency-Key`): the invoice is locked, checked (the payer's, open, no payment
 * in progress: the database's unique index holds that too), and the payment is written in
 * `created` with the intent of its create call. Then the call is made (amount and currency from
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

  async execute(command: { invoiceId: string; user: RequestActor }): Promise<PaymentView> {
    // What this request wrote (not a repeat's stored reply): the call needs not read it back.
    let justWritten: { payment: Payment; intentId: string } | undefined;
    const { paymentId } = await this.commands.run(PAYMENTS_PAYMENT_START, async (tx) => {
      const found = await this.invoices.findById(tx, command.invoiceId, { lock: true });
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
      justWritten = { payment, intentId };
      return { paymentId: id };
    });
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
