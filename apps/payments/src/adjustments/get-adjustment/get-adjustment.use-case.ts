import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  enforce,
  PaymentsAccess,
  PaymentsErrors,
  type AdjustmentView,
  type RequestActor,
} from '#contracts';
import { adjustmentView } from '../adjustment.js';
import { AdjustmentRepository } from '../adjustment.repository.js';

/** One adjustment (cashiers, supervisors, auditors). */
@Injectable()
export class GetAdjustmentUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly adjustments: AdjustmentRepository,
  ) {}

  async execute(query: { adjustmentId: string; user: RequestActor }): Promise<AdjustmentView> {
    enforce(query.user, {}, ...PaymentsAccess.readAdjustments());
    const found = await this.adjustments.findById(this.dataSource.manager, query.adjustmentId);
    if (!found) throw PaymentsErrors.adjustmentNotFound();
    return adjustmentView(found.adjustment, found.invoice);
  }
}
