import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { InvoicesPage, RequestActor } from '#contracts';
import { invoiceView } from '../invoice.js';
import { InvoiceRepository } from '../invoice.repository.js';
import { decodeCursor, page } from '#platform';

/** The caller's own invoices, newest first, a page at a time. */
@Injectable()
export class ListOwnInvoicesUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly invoices: InvoiceRepository,
  ) {}

  async execute(query: {
    user: RequestActor;
    cursor?: string;
    limit?: number;
  }): Promise<InvoicesPage> {
    const limit = query.limit ?? 20;
    const rows = await this.invoices.listByPayer(
      this.dataSource.manager,
      query.user.userId,
      decodeCursor(query.cursor),
      limit + 1,
    );
    const { items, nextCursor } = page(rows, limit, (r) => ({
      at: r.invoice.issuedAt,
      id: r.invoice.id,
    }));
    return { items: items.map((r) => invoiceView(r.invoice, r.livePaymentId)), nextCursor };
  }
}
