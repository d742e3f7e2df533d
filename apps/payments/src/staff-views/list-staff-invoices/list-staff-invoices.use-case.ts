import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  enforce,
  PaymentsAccess,
  type InvoicesPage,
  type InvoiceView,
  type ListStaffInvoicesRequest,
  type RequestActor,
} from '#contracts';
import { invoiceView } from '../../invoices/invoice.js';
import { InvoiceRepository } from '../../invoices/invoice.repository.js';
import { StaffViewsRepository } from '../staff-views.repository.js';
import { page, windowOf } from '#platform';

/** Every payer's invoices by status and issue date, newest first (cashiers, auditors). */
@Injectable()
export class ListStaffInvoicesUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly views: StaffViewsRepository,
    private readonly invoices: InvoiceRepository,
  ) {}

  async execute(query: ListStaffInvoicesRequest & { user: RequestActor }): Promise<InvoicesPage> {
    enforce(query.user, {}, ...PaymentsAccess.readAll());
    const manager = this.dataSource.manager;
    const limit = query.limit ?? 20;
    const ids = await this.views.invoiceIds(
      manager,
      {
        ...(query.status ? { status: query.status } : {}),
        ...windowOf(query),
      },
      limit + 1,
    );
    const rows: InvoiceView[] = (await this.invoices.findMany(manager, ids)).map((found) =>
      invoiceView(found.invoice, found.livePaymentId),
    );
    return page(rows, limit, (i) => ({ at: new Date(i.issuedAt), id: i.id }));
  }
}
