import { describe, expect, it } from '@jest/globals';
import type { DomainError } from '#contracts';
import { InMemoryAuditLog, RecordedReads } from '../testing/in-memory-audit-log.js';
import { GetEntry } from './get-entry.use-case.js';

describe('GetEntry', () => {
  it('gives the entry as stored, and records who read which case', async () => {
    const log = new InMemoryAuditLog();
    log.append('case-a', { a: 1 });
    const stored = log.append('case-b', { b: 2 });
    const reads = new RecordedReads();
    const entry = await new GetEntry(log.asRepository(), reads.asTrailReads()).execute({ seq: 1 });
    expect(entry).toMatchObject({
      seq: 1,
      subject: 'case-b',
      data: stored.data.toString('utf8'),
      leafHash: stored.leaf_hash.toString('hex'),
      entryHash: stored.entry_hash.toString('hex'),
      streamSeq: 2,
    });
    expect(reads.reads).toEqual([{ read: 'entry', seq: 1, subject: 'case-b', entries: 1 }]);
  });

  it('answers AUDIT.NOT_FOUND for an entry the log does not have, recording nothing', async () => {
    const reads = new RecordedReads();
    const failure = await new GetEntry(new InMemoryAuditLog().asRepository(), reads.asTrailReads())
      .execute({ seq: 0 })
      .catch((e: unknown) => e);
    expect((failure as DomainError).code).toBe('AUDIT.NOT_FOUND');
    expect(reads.reads).toEqual([]);
  });
});
