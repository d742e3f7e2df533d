import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  enforce,
  PaymentsAccess,
  PaymentsErrors,
  type DiscrepancyView,
  type RequestActor,
} from '#contracts';
import { ReconciliationRepository } from '../reconciliation.repository.js';

/** One discrepancy (cashiers, auditors). */
@Injectable()
export class GetDiscrepancyUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reconciliation: ReconciliationRepository,
  ) {}

  async execute(query: { discrepancyId: string; user: RequestActor }): Promise<DiscrepancyView> {
    enforce(query.user, {}, ...PaymentsAccess.readAll());
    const found = await this.reconciliation.discrepancy(
      this.dataSource.manager,
      query.discrepancyId,
    );
    if (!found) throw PaymentsErrors.discrepancyNotFound();
    return found.view;
  }
}
