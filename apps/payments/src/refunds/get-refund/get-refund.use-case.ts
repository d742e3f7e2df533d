import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  enforce,
  PaymentsAccess,
  PaymentsErrors,
  type RefundDetails,
  type RequestActor,
} from '#contracts';
import { RefundRecordsRepository } from '../refund-records.repository.js';

/** One refund: its payer sees their own, staff who read payments see all. */
@Injectable()
export class GetRefundUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly records: RefundRecordsRepository,
  ) {}

  async execute(query: { refundId: string; user: RequestActor }): Promise<RefundDetails> {
    const refund = await this.records.details(this.dataSource.manager, query.refundId);
    if (!refund) throw PaymentsErrors.refundNotFound();
    enforce(query.user, { ownerId: refund.payerAccountId }, ...PaymentsAccess.read());
    return refund;
  }
}
