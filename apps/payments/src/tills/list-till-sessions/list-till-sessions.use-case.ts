import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  enforce,
  PaymentsAccess,
  type ListTillSessionsRequest,
  type RequestActor,
  type TillSessionsPage,
} from '#contracts';
import { tillSessionView } from '../till.js';
import { TillRepository } from '../till.repository.js';
import { page, windowOf } from '#platform';

/** Till sessions by status and opening time, newest first (cashiers, auditors). */
@Injectable()
export class ListTillSessionsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tills: TillRepository,
  ) {}

  async execute(
    query: ListTillSessionsRequest & { user: RequestActor },
  ): Promise<TillSessionsPage> {
    enforce(query.user, {}, ...PaymentsAccess.readAll());
    const manager = this.dataSource.manager;
    const limit = query.limit ?? 20;
    const rows = await this.tills.list(
      manager,
      {
        ...(query.status ? { status: query.status } : {}),
        ...windowOf(query),
      },
      limit + 1,
    );
    const { items, nextCursor } = page(rows, limit, (s) => ({ at: s.openedAt, id: s.id }));
    const views = [];
    for (const session of items)
      views.push(tillSessionView(session, await this.tills.totals(manager, session.id)));
    return { items: views, nextCursor };
  }
}
