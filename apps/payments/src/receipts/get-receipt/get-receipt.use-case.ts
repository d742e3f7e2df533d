import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  enforce,
  PaymentsAccess,
  PaymentsErrors,
  type ReceiptView,
  type RequestActor,
} from '#contracts';
import { ReceiptRepository } from '../receipt.repository.js';

/** A receipt as JSON: its payer sees their own, staff who read payments see all. */
@Injectable()
export class GetReceiptUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly receipts: ReceiptRepository,
  ) {}

  async execute(query: { receiptId: string; user: RequestActor }): Promise<ReceiptView> {
    const receipt = await this.receipts.findById(this.dataSource.manager, query.receiptId);
    if (!receipt) throw PaymentsErrors.receiptNotFound();
    enforce(query.user, { ownerId: receipt.payerAccountId }, ...PaymentsAccess.read());
    return receipt;
  }
}
