import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  enforce,
  PaymentsAccess,
  type AdjustmentsPage,
  type ListAdjustmentsRequest,
  type RequestActor,
} from '#contracts';
import { adjustmentView } from '../adjustment.js';
import { AdjustmentRepository } from '../adjustment.repository.js';
import { page, windowOf } from '#platform';

/** Adjustments by status and proposal time, newest first (a supervisor's queue: `proposed`). */
@Injectable()
export class ListAdjustmentsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly adjustments: AdjustmentRepository,
  ) {}

  async execute(query: ListAdjustmentsRequest & { user: RequestActor }): Promise<AdjustmentsPage> {
    enforce(query.user, {}, ...PaymentsAccess.readAdjustments());
    const limit = query.limit ?? 20;
    const rows = await this.adjustments.list(
      this.dataSource.manager,
      {
        ...(query.status ? { status: query.status } : {}),
        ...windowOf(query),
      },
      limit + 1,
    );
    const { items, nextCursor } = page(rows, limit, (r) => ({
      at: r.adjustment.proposedAt,
      id: r.adjustment.id,
    }));
    return { items: items.map((r) => adjustmentView(r.adjustment, r.invoice)), nextCursor };
  }
}
