import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  enforce,
  PaymentsAccess,
  PaymentsErrors,
  type RequestActor,
  type SettlementReportImport,
} from '#contracts';
import { ReconciliationRepository } from '../reconciliation.repository.js';

/** One imported settlement report (cashiers, auditors). */
@Injectable()
export class GetSettlementReportUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reconciliation: ReconciliationRepository,
  ) {}

  async execute(query: { reportId: string; user: RequestActor }): Promise<SettlementReportImport> {
    enforce(query.user, {}, ...PaymentsAccess.readAll());
    const report = await this.reconciliation.report(this.dataSource.manager, query.reportId);
    if (!report) throw PaymentsErrors.settlementReportNotFound();
    return report;
  }
}
