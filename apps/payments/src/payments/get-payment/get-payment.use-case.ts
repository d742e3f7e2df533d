import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  enforce,
  PaymentsAccess,
  PaymentsErrors,
  type PaymentView,
  type RequestActor,
} from '#contracts';
import { paymentView } from '../payment.js';
import { PaymentRepository } from '../payment.repository.js';

/** One payment, with its state, next URL while unfinished, receipt and refund summary. */
@Injectable()
export class GetPaymentUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly payments: PaymentRepository,
  ) {}

  async execute(query: { paymentId: string; user: RequestActor }): Promise<PaymentView> {
    const manager = this.dataSource.manager;
    const found = await this.payments.findWithExtras(manager, query.paymentId);
    if (!found) throw PaymentsErrors.paymentNotFound();
    enforce(query.user, { ownerId: found.payment.payerId }, ...PaymentsAccess.read());
    return paymentView(found.payment, found);
  }
}
