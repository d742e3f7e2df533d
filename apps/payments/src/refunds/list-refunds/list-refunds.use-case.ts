import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  enforce,
  PaymentsAccess,
  type ListRefundsRequest,
  type RefundsPage,
  type RequestActor,
} from '#contracts';
import { RefundRecordsRepository } from '../refund-records.repository.js';
import { page, windowOf } from '#platform';

/** Everyone's refunds by status and request time, newest first (cashiers, auditors). */
@Injectable()
export class ListRefundsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly records: RefundRecordsRepository,
  ) {}

  async execute(query: ListRefundsRequest & { user: RequestActor }): Promise<RefundsPage> {
    enforce(query.user, {}, ...PaymentsAccess.readAll());
    const limit = query.limit ?? 20;
    const rows = await this.records.list(
      this.dataSource.manager,
      {
        ...(query.status ? { status: query.status } : {}),
        ...windowOf(query),
      },
      limit + 1,
    );
    const { items, nextCursor } = page(rows, limit, (r) => r.position);
    return { items: items.map((r) => r.refund), nextCursor };
  }
}
