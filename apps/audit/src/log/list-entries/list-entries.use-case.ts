import { Injectable } from '@nestjs/common';
import type { AuditEntriesPage, ListAuditEntriesRequest } from '#contracts';
import { AuditLogRepository } from '../audit-log.repository.js';
import { recordedFilters } from '../entry-filters.js';
import { entryView } from '../entry-view.js';
import { TrailReads } from '../trail-reads.js';

/** A page of the entries a query selects, in log order (the read is recorded). */
@Injectable()
export class ListEntries {
  constructor(
    private readonly log: AuditLogRepository,
    private readonly reads: TrailReads,
  ) {}

  async execute(request: ListAuditEntriesRequest): Promise<AuditEntriesPage> {
    const { cursor, limit: asked, ...filters } = request;
    const limit = Math.min(Math.max(asked ?? 100, 1), 500);
    // One more than the page: whether there is a next page.
    const rows = await this.log.entries(filters, cursor, limit + 1);
    const page = rows.slice(0, limit).map(entryView);
    await this.reads.record({ read: 'entries', ...recordedFilters(filters), entries: page.length });
    return {
      entries: page,
      nextCursor: rows.length > limit ? (page.at(-1)?.seq ?? null) : null,
    };
  }
}
