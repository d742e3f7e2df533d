import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  enforce,
  PaymentsAccess,
  type DiscrepanciesPage,
  type ListDiscrepanciesRequest,
  type RequestActor,
} from '#contracts';
import { ReconciliationRepository } from '../reconciliation.repository.js';
import { page, windowOf } from '#platform';

/** Discrepancies by status, kind and report, newest first (a cashier's queue: `open`). */
@Injectable()
export class ListDiscrepanciesUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reconciliation: ReconciliationRepository,
  ) {}

  async execute(
    query: ListDiscrepanciesRequest & { user: RequestActor },
  ): Promise<DiscrepanciesPage> {
    enforce(query.user, {}, ...PaymentsAccess.readAll());
    const limit = query.limit ?? 20;
    const rows = await this.reconciliation.discrepancies(
      this.dataSource.manager,
      {
        ...(query.status ? { status: query.status } : {}),
        ...(query.kind ? { kind: query.kind } : {}),
        ...(query.reportId ? { reportId: query.reportId } : {}),
        ...windowOf(query),
      },
      limit + 1,
    );
    return page(rows, limit, (d) => ({ at: new Date(d.foundAt), id: d.id }));
  }
}
