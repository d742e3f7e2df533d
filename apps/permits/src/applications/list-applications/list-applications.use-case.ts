import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  enforce,
  PermitsApplicationsAccess,
  type ApplicationsPage,
  type ListApplicationsRequest,
  type RequestActor,
} from '#contracts';
import { ApplicationRepository } from '../application.repository.js';
import { summaryOf } from '../application-views.js';
import { decodeCursor, page } from '#platform';

/**
 * Applications, newest first, a page at a time: a citizen's own (by status), or for staff who
 * read cases everyone's, by status, permit type, assignee and overdue (`review_due_at < now()`).
 */
@Injectable()
export class ListApplicationsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly applications: ApplicationRepository,
  ) {}

  async execute(
    query: ListApplicationsRequest & { user: RequestActor },
  ): Promise<ApplicationsPage> {
    const limit = query.limit ?? 20;
    const after = decodeCursor(query.cursor);
    const own = query.user.role === 'citizen';
    if (!own) enforce(query.user, {}, ...PermitsApplicationsAccess.readAll());
    const rows = await this.applications.list(this.dataSource.manager, {
      ...(own ? { applicantId: query.user.userId } : {}),
      ...(query.status !== undefined ? { status: query.status } : {}),
      ...(!own && query.permitType !== undefined ? { permitType: query.permitType } : {}),
      ...(!own && query.assigneeId !== undefined ? { assigneeId: query.assigneeId } : {}),
      ...(!own && query.overdue !== undefined ? { overdue: query.overdue } : {}),
      ...(after ? { after } : {}),
      limit,
    });
    const { items, nextCursor } = page(rows, limit, (a) => ({ at: a.createdAt, id: a.id }));
    return { items: items.map(summaryOf), nextCursor };
  }
}
