import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  enforce,
  PaymentsAccess,
  PaymentsErrors,
  type ReceiptPdf,
  type RequestActor,
} from '#contracts';
import { ReceiptRepository } from '../receipt.repository.js';
import { renderReceiptPdf } from './receipt-pdf.js';

/** A receipt as a PDF: its payer sees their own, staff who read payments see all. */
@Injectable()
export class RenderReceiptPdfUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly receipts: ReceiptRepository,
  ) {}

  async execute(query: { receiptId: string; user: RequestActor }): Promise<ReceiptPdf> {
    const receipt = await this.receipts.findById(this.dataSource.manager, query.receiptId);
    if (!receipt) throw PaymentsErrors.receiptNotFound();
    enforce(query.user, { ownerId: receipt.payerAccountId }, ...PaymentsAccess.read());
    const pdf = await renderReceiptPdf(receipt);
    return { number: receipt.number, contentBase64: pdf.toString('base64') };
  }
}
