import { Injectable } from '@nestjs/common';
import { AuditErrors, type AuditEntry, type GetAuditEntryRequest } from '#contracts';
import { AuditLogRepository } from '../audit-log.repository.js';
import { entryView } from '../entry-view.js';
import { TrailReads } from '../trail-reads.js';

/** One entry of the trail by its sequence number (the read is recorded). */
@Injectable()
export class GetEntry {
  constructor(
    private readonly log: AuditLogRepository,
    private readonly reads: TrailReads,
  ) {}

  async execute({ seq }: GetAuditEntryRequest): Promise<AuditEntry> {
    const row = await this.log.entry(seq);
    if (!row) throw AuditErrors.notFound(`no entry ${seq}`);
    await this.reads.record({ read: 'entry', seq, subject: row.subject, entries: 1 });
    return entryView(row);
  }
}
