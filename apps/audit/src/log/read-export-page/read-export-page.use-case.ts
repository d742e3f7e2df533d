import { Injectable } from '@nestjs/common';
import { EXPORT_FORMAT, GENESIS_HASH, type ExportEntry, type ExportHeader } from '#audit-log';
import { AuditErrors, type ExportPage, type ExportPageRequest } from '#contracts';
import { AuditLogRepository } from '../audit-log.repository.js';
import { recordedFilters } from '../entry-filters.js';
import { leafView } from '../entry-view.js';
import { inclusionProofsOf } from '../proof-ranges.js';
import { TrailReads } from '../trail-reads.js';

/**
 * One page of an export (docs/audit.md, "Export format"): on the first page the header with
 * the tree head everything is proven against, then entries with their inclusion proofs. The
 * export is recorded as read once, on its first page.
 */
@Injectable()
export class ReadExportPage {
  constructor(
    private readonly log: AuditLogRepository,
    private readonly reads: TrailReads,
  ) {}

  async execute(request: ExportPageRequest): Promise<ExportPage> {
    const head = request.treeSize
      ? await this.log.treeHeadOfSize(request.treeSize)
      : await this.log.latestTreeHead();
    if (!head) throw AuditErrors.notFound('the log has no signed tree head yet');
    const query = request.query;
    const limit = Math.min(Math.max(request.limit ?? 200, 1), 200);
    const rows = await this.log.chainedEntries(head.treeSize, query, request.cursor, limit + 1);
    const page = rows.slice(0, limit);
    const proofs = await inclusionProofsOf(
      this.log,
      page.map((r) => Number(r.seq)),
      head.treeSize,
    );
    const lines = page.map((r, i) => {
      const entry: ExportEntry = {
        kind: 'entry',
        ...leafView(r),
        previousEntryHash: (r.previous_entry_hash ?? GENESIS_HASH).toString('hex'),
        entryHash: r.entry_hash.toString('hex'),
        inclusionProof: proofs[i] ?? [],
      };
      return JSON.stringify(entry);
    });
    let header: ExportHeader | undefined;
    if (request.cursor === undefined) {
      const keys = await this.log.publicKeys();
      header = {
        kind: 'header',
        format: EXPORT_FORMAT,
        query: { ...query },
        treeHead: head,
        publicKeys: keys.map(({ keyId, publicKey }) => ({ keyId, publicKey })),
        complete: Object.values(query).every((v) => v === undefined),
      };
      await this.reads.record({ read: 'export', ...recordedFilters(query), entries: page.length });
    }
    return {
      treeSize: head.treeSize,
      header: header ? JSON.stringify(header) : null,
      lines,
      nextCursor: rows.length > limit ? Number(page.at(-1)?.seq) : null,
    };
  }
}
