import { describe, expect, it } from '@jest/globals';
import { verifyConsistency } from '#audit-log';
import { DomainError } from '#contracts';
import { InMemoryAuditLog, RecordedReads } from '../testing/in-memory-audit-log.js';
import { ProveConsistency } from './prove-consistency.use-case.js';

describe('ProveConsistency', () => {
  it('proves that each signed tree grew into the later ones; the read is recorded', async () => {
    const log = new InMemoryAuditLog();
    const reads = new RecordedReads();
    const prove = new ProveConsistency(log.asRepository(), reads.asTrailReads());
    for (const size of [1, 3, 8, 13]) {
      while (log.rows.length < size) log.append('case', { n: log.rows.length });
      log.sign();
    }
    for (const first of log.heads)
      for (const second of log.heads.filter((h) => h.treeSize >= first.treeSize)) {
        const { proof } = await prove.execute({ first: first.treeSize, second: second.treeSize });
        expect(
          verifyConsistency(
            first.treeSize,
            second.treeSize,
            Buffer.from(first.rootHash, 'hex'),
            Buffer.from(second.rootHash, 'hex'),
            proof.map((h) => Buffer.from(h, 'hex')),
          ),
        ).toBe(true);
      }
    expect(reads.reads[0]).toEqual({ read: 'consistency-proof', entries: 0 });
  });

  it.each([
    [5, 3],
    [2, 9],
  ])('refuses %i -> %i as AUDIT.INVALID_RANGE', async (first, second) => {
    const log = new InMemoryAuditLog();
    for (let i = 0; i < 8; i += 1) log.append('case', { i });
    const reads = new RecordedReads();
    const failure = await new ProveConsistency(log.asRepository(), reads.asTrailReads())
      .execute({ first, second })
      .catch((e: unknown) => e);
    expect((failure as DomainError).code).toBe('AUDIT.INVALID_RANGE');
    expect(reads.reads).toEqual([]);
  });
});
