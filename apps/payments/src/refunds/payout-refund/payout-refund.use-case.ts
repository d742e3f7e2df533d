import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  enforce,
  PAYMENTS_REFUND_PAYOUT,
  PaymentsAccess,
  PaymentsErrors,
  type RefundDetails,
  type RequestActor,
} from '#contracts';
import { IdempotentCommands } from '#platform';
import { PaymentRepository } from '../../payments/payment.repository.js';
import { CounterPayouts } from '../counter-payouts.js';
import { RefundRecordsRepository } from '../refund-records.repository.js';
import { isCounterPayment } from '../refund-rules.js';
import { RefundRepository } from '../refund.repository.js';

/**
 * A cashier pays out, from their open till session, the refund of a counter payment that a
 * workflow asked for (it waited `submitted`): once per request key, the refund's row locked.
 */
@Injectable()
export class PayoutRefundUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: IdempotentCommands,
    private readonly payments: PaymentRepository,
    private readonly refunds: RefundRepository,
    private readonly records: RefundRecordsRepository,
    private readonly payouts: CounterPayouts,
  ) {}

  async execute(command: {
    refundId: string;
    tillSessionId: string;
    user: RequestActor;
  }): Promise<RefundDetails> {
    await this.commands.run(PAYMENTS_REFUND_PAYOUT, async (tx) => {
      const refund = await this.refunds.findById(tx, command.refundId, { lock: true });
      if (!refund) throw PaymentsErrors.refundNotFound();
      const payment = await this.payments.findById(tx, refund.paymentId);
      if (!payment) throw PaymentsErrors.paymentNotFound();
      enforce(command.user, { ownerId: payment.payerId }, ...PaymentsAccess.handleMoney());
      if (refund.status !== 'submitted' || !isCounterPayment(payment))
        throw PaymentsErrors.refundNotAwaitingPayout(
          refund.status === 'submitted' ? 'refunded by its provider' : refund.status,
        );
      await this.payouts.payOut(tx, refund, payment, command.tillSessionId, command.user);
      return { refundId: refund.id };
    });
    const details = await this.records.details(this.dataSource.manager, command.refundId);
    if (!details) throw PaymentsErrors.refundNotFound();
    return details;
  }
}
