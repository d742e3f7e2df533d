import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  enforce,
  PaymentsAccess,
  type ListSettlementReportsRequest,
  type RequestActor,
  type SettlementReportsPage,
} from '#contracts';
import { ReconciliationRepository } from '../reconciliation.repository.js';
import { page, windowOf } from '#platform';

/** The settlement reports imported, newest first (cashiers, auditors). */
@Injectable()
export class ListSettlementReportsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reconciliation: ReconciliationRepository,
  ) {}

  async execute(
    query: ListSettlementReportsRequest & { user: RequestActor },
  ): Promise<SettlementReportsPage> {
    enforce(query.user, {}, ...PaymentsAccess.readAll());
    const limit = query.limit ?? 20;
    const rows = await this.reconciliation.reports(
      this.dataSource.manager,
      {
        ...windowOf(query),
      },
      limit + 1,
    );
    return page(rows, limit, (r) => ({ at: new Date(r.importedAt), id: r.reportId }));
  }
}
