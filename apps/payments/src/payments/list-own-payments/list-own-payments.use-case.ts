import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PaymentsPage, RequestActor } from '#contracts';
import { paymentView } from '../payment.js';
import { PaymentRepository } from '../payment.repository.js';
import { decodeCursor, page } from '#platform';

/** The caller's own payments, newest first, a page at a time. */
@Injectable()
export class ListOwnPaymentsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly payments: PaymentRepository,
  ) {}

  async execute(query: {
    user: RequestActor;
    cursor?: string;
    limit?: number;
  }): Promise<PaymentsPage> {
    const manager = this.dataSource.manager;
    const limit = query.limit ?? 20;
    const rows = await this.payments.listByPayer(
      manager,
      query.user.userId,
      decodeCursor(query.cursor),
      limit + 1,
    );
    const { items, nextCursor } = page(rows, limit, (p) => ({
      at: p.payment.createdAt,
      id: p.payment.id,
    }));
    return { items: items.map((p) => paymentView(p.payment, p)), nextCursor };
  }
}
