import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  enforce,
  PaymentsAccess,
  type ListSettlementReportsRequest,
  type RequestActor,
  type SettlementReportsPage,
} from '#contracts';
import { decodeCursor, page } from '../../cursor.js';
import { ReconciliationRepository } from '../reconciliation.repository.js';

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
    const after = decodeCursor(query.cursor);
    const rows = await this.reconciliation.reports(
      this.dataSource.manager,
      {
        ...(query.from ? { from: new Date(query.from) } : {}),
        ...(query.to ? { to: new Date(query.to) } : {}),
        ...(after ? { after } : {}),
      },
      limit + 1,
    );
    return page(rows, limit, (r) => ({ at: new Date(r.importedAt), id: r.reportId }));
  }
}
