import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  enforce,
  PaymentsAccess,
  PaymentsErrors,
  REFUND_SUBMITTED_V1,
  type RefundDetails,
} from '#contracts';
import { IdempotentCommands, newId, Outbox } from '#platform';
import { actorText, userOf, type Caller } from '../../actor.js';
import { paymentEventFacts } from '../../payments/payment.js';
import { PaymentRepository } from '../../payments/payment.repository.js';
import { ProviderCalls } from '../../payments/provider-calls.js';
import { ProviderIntentRepository } from '../../payments/provider-intent.repository.js';
import { CounterPayouts } from '../counter-payouts.js';
import type { Refund } from '../refund.js';
import { RefundRecordsRepository } from '../refund-records.repository.js';
import { decideRefund, refundChannel } from '../refund-rules.js';
import { RefundRepository } from '../refund.repository.js';

export interface CreateRefund {
  paymentId: string;
  /** Minor units. */
  amount: number;
  refundAmountAvailable: number;
  reasonCode: string;
  /** A counter payment: the cashier's open till session that pays it out now. */
  tillSessionId?: string;
  /** A workflow names the case of the payment (another case's payment is refused). */
  caseRef?: { context: string; id: string };
  caller: Caller;
}

/**
 * A refund asked by a cashier (`payments.refund.create`) or by a workflow's compensation
 * (`payments.internal.refund.create`), once per request key. In one transaction, with the
 * payment's row locked (so concurrent refunds are decided one after the other): the payment
 * succeeded, `refundAmountAvailable` is what remains (otherwise 412), the amount is within it;
 * the refund is written `submitted` with `refund.submitted`, and either
 *
 * - a payment made online: the intent of its provider call, made after the commit (the core's
 *   `ProviderCalls.refund`; a provider that does not answer leaves it to the sweeper's
 *   recovery); the provider's answer, by the call, a webhook or the re-check sweep, finishes it
 *   through `PaymentOutcomes.recordRefund` (ledger, receipt, `refund.succeeded` or `failed`);
 * - a counter payment: paid out now from the cashier's till session (`CounterPayouts`), or,
 *   asked by a workflow, left submitted until a cashier pays it out.
 */
@Injectable()
export class CreateRefundUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: IdempotentCommands,
    private readonly outbox: Outbox,
    private readonly payments: PaymentRepository,
    private readonly refunds: RefundRepository,
    private readonly records: RefundRecordsRepository,
    private readonly intents: ProviderIntentRepository,
    private readonly calls: ProviderCalls,
    private readonly payouts: CounterPayouts,
  ) {}

  async execute(pattern: string, command: CreateRefund): Promise<RefundDetails> {
    const { refundId, submit } = await this.commands.run(pattern, async (tx) => {
      const payment = await this.payments.findById(tx, command.paymentId, { lock: true });
      if (!payment) throw PaymentsErrors.paymentNotFound();
      if (
        command.caseRef &&
        (command.caseRef.context !== payment.caseRef.context ||
          command.caseRef.id !== payment.caseRef.id)
      )
        throw PaymentsErrors.invoiceCaseMismatch();
      const user = userOf(command.caller);
      if (user) enforce(user, { ownerId: payment.payerId }, ...PaymentsAccess.handleMoney());
      const { refunds } = await this.payments.extrasOf(tx, payment.id);
      decideRefund(payment, refunds, command);
      const channel = refundChannel(payment, {
        ...(command.tillSessionId !== undefined ? { tillSessionId: command.tillSessionId } : {}),
        byCashier: user !== undefined,
      });
      const refund: Refund = {
        id: newId(),
        paymentId: payment.id,
        invoiceId: payment.invoiceId,
        amountMinor: command.amount,
        currency: payment.currency,
        status: 'submitted',
        reasonCode: command.reasonCode,
        automatic: false,
        requestedBy: actorText(command.caller),
        providerRef: null,
        code: null,
      };
      await this.refunds.insert(tx, refund);
      await this.outbox.append(tx, {
        subject: REFUND_SUBMITTED_V1,
        aggregateId: payment.invoiceId,
        actor: command.caller,
        data: {
          ...paymentEventFacts(payment),
          amountMinor: refund.amountMinor,
          refundId: refund.id,
          reasonCode: refund.reasonCode,
          automatic: false,
        },
      });
      if (channel.channel === 'provider')
        await this.intents.add(tx, {
          kind: 'refund',
          provider: payment.provider,
          paymentId: payment.id,
          refundId: refund.id,
        });
      else if (channel.payOutNow && user && command.tillSessionId)
        await this.payouts.payOut(tx, refund, payment, command.tillSessionId, user);
      return { refundId: refund.id, submit: channel.channel === 'provider' };
    });
    // After the commit: the provider is asked (a repeat of the request asks again, harmlessly:
    // a settled intent is not called twice).
    if (submit) await this.calls.submitRefunds([refundId]);
    const details = await this.records.details(this.dataSource.manager, refundId);
    if (!details) throw PaymentsErrors.refundNotFound();
    return details;
  }
}
