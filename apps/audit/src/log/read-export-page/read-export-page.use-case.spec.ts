import { describe, expect, it } from '@jest/globals';
import { verifyExport } from '#audit-log';
import type { DomainError, ExportPage } from '#contracts';
import { InMemoryAuditLog, RecordedReads } from '../testing/in-memory-audit-log.js';
import { ReadExportPage } from './read-export-page.use-case.js';

describe('ReadExportPage', () => {
  const given = (entries: number) => {
    const log = new InMemoryAuditLog();
    for (let i = 0; i < entries; i += 1) log.append(i % 4 === 0 ? 'picked' : 'other', { i });
    const reads = new RecordedReads();
    return { log, reads, page: new ReadExportPage(log.asRepository(), reads.asTrailReads()) };
  };

  const exportAll = async (page: ReadExportPage, query: Record<string, string>) => {
    const lines: string[] = [];
    let answer: ExportPage | undefined;
    do {
      answer = await page.execute({
        query,
        limit: 3,
        ...(answer ? { treeSize: answer.treeSize, cursor: answer.nextCursor as number } : {}),
      });
      if (answer.header) lines.push(answer.header);
      lines.push(...answer.lines);
    } while (answer.nextCursor !== null);
    return lines;
  };

  it('writes, page by page, a complete export that verifies against the signed head', async () => {
    const { log, page, reads } = given(10);
    log.sign();
    log.append('after the head', {});
    const lines = await exportAll(page, {});
    expect(lines).toHaveLength(1 + 10);
    expect(verifyExport(lines)).toMatchObject({ ok: true, entries: 10, treeSize: 10 });
    // One read recorded for the whole export, on its first page.
    expect(reads.reads).toEqual([{ read: 'export', entries: 3 }]);
  });

  it('writes a filtered export whose entries verify on their own', async () => {
    const { log, page } = given(13);
    log.sign();
    const lines = await exportAll(page, { subject: 'picked' });
    expect(JSON.parse(lines[0] as string)).toMatchObject({ complete: false });
    expect(verifyExport(lines)).toMatchObject({ ok: true, entries: 4 });
  });

  it('answers AUDIT.NOT_FOUND before the first tree head', async () => {
    const { page } = given(2);
    const failure = await page.execute({ query: {} }).catch((e: unknown) => e);
    expect((failure as DomainError).code).toBe('AUDIT.NOT_FOUND');
  });
});
