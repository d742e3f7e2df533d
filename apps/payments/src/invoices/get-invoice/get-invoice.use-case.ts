import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  enforce,
  PaymentsAccess,
  PaymentsErrors,
  type InvoiceView,
  type RequestActor,
} from '#contracts';
import { invoiceView } from '../invoice.js';
import { InvoiceRepository } from '../invoice.repository.js';

/** One invoice: its payer sees it, and staff who read payments. */
@Injectable()
export class GetInvoiceUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly invoices: InvoiceRepository,
  ) {}

  async execute(query: { invoiceId: string; user: RequestActor }): Promise<InvoiceView> {
    const found = await this.invoices.findById(this.dataSource.manager, query.invoiceId);
    if (!found) throw PaymentsErrors.invoiceNotFound();
    enforce(query.user, { ownerId: found.invoice.payerId }, ...PaymentsAccess.read());
    return invoiceView(found.invoice, found.livePaymentId);
  }
}
