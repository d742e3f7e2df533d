import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  enforce,
  PAYMENTS_COUNTER_PAYMENT_RECORD,
  PaymentsAccess,
  PaymentsErrors,
  type CounterMethod,
  type PaymentView,
  type RequestActor,
} from '#contracts';
import { IdempotentCommands, newId } from '#platform';
import type { PaymentsConfig } from '../../config.js';
import { decideStartPayment } from '../../invoices/invoice.js';
import { InvoiceRepository } from '../../invoices/invoice.repository.js';
import { PAYMENTS_CONFIG } from '../../payments.tokens.js';
import { PaymentOutcomes } from '../../payments/payment-outcomes.js';
import { paymentView, returnUrlOf, type Payment } from '../../payments/payment.js';
import { PaymentRepository } from '../../payments/payment.repository.js';
import { assertWorkable, cashAccountFor } from '../till.js';
import { TillRepository } from '../till.repository.js';

/**
 * A cashier records a payment taken at the counter, in cash or by card terminal, against an
 * invoice, within their open till session; once per request key. In one transaction: the
 * session and the invoice locked, the invoice checked as for any payment (open, no payment in
 * progress, not the cashier's own), the payment written (`provider` = the method) and recorded
 * as a success through the core's `PaymentOutcomes` with where its money is (cash in the till,
 * or the card terminal's acquirer) and who took it: the ledger entry, the receipt, the invoice
 * paid, `payment.succeeded` and `invoice.paid`.
 */
@Injectable()
export class RecordCounterPaymentUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: IdempotentCommands,
    private readonly tills: TillRepository,
    private readonly invoices: InvoiceRepository,
    private readonly payments: PaymentRepository,
    private readonly outcomes: PaymentOutcomes,
    @Inject(PAYMENTS_CONFIG) private readonly config: Pick<PaymentsConfig, 'PAYMENTS_RETURN_URL'>,
  ) {}

  async execute(command: {
    tillSessionId: string;
    invoiceId: string;
    method: CounterMethod;
    user: RequestActor;
  }): Promise<PaymentView> {
    const { paymentId } = await this.commands.run(PAYMENTS_COUNTER_PAYMENT_RECORD, async (tx) => {
      const session = await this.tills.findById(tx, command.tillSessionId, { lock: true });
      if (!session) throw PaymentsErrors.tillSessionNotFound();
      assertWorkable(session, command.user);
      const found = await this.invoices.findById(tx, command.invoiceId, { lock: true });
      if (!found) throw PaymentsErrors.invoiceNotFound();
      const { invoice, livePaymentId } = found;
      enforce(command.user, { ownerId: invoice.payerId }, ...PaymentsAccess.handleMoney());
      decideStartPayment(invoice, livePaymentId);
      const now = new Date();
      const id = newId();
      const payment: Payment = {
        id,
        invoiceId: invoice.id,
        caseRef: invoice.caseRef,
        payerId: invoice.payerId,
        amountMinor: invoice.amountMinor,
        currency: invoice.currency,
        provider: command.method,
        providerRef: null,
        status: 'created',
        code: null,
        providerCode: null,
        nextUrl: null,
        // The platform's page of the payment (no provider page sends anyone back).
        returnUrl: returnUrlOf(this.config.PAYMENTS_RETURN_URL, id),
        feeMinor: null,
        createdAt: now,
        updatedAt: now,
        expiresAt: now,
        finishedAt: null,
      };
      await this.payments.insert(tx, payment);
      await this.tills.addCounterPayment(tx, {
        paymentId: id,
        tillSessionId: session.id,
        method: command.method,
        amountMinor: payment.amountMinor,
        recordedBy: command.user.userId,
        at: now,
      });
      await this.outcomes.recordOutcome(tx, id, { status: 'success', code: null }, {}, 'counter', {
        cash: cashAccountFor(command.method, session.tillId),
        actor: { kind: 'user', userId: command.user.userId, role: command.user.role },
      });
      return { paymentId: id };
    });
    const manager = this.dataSource.manager;
    const found = await this.payments.findWithExtras(manager, paymentId);
    if (!found) throw PaymentsErrors.paymentNotFound();
    return paymentView(found.payment, found);
  }
}
