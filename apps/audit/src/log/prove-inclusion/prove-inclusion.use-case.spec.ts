import { describe, expect, it } from '@jest/globals';
import { verifyInclusion } from '#audit-log';
import { DomainError } from '#contracts';
import { InMemoryAuditLog, RecordedReads } from '../testing/in-memory-audit-log.js';
import { ProveInclusion } from './prove-inclusion.use-case.js';

const given = (entries: number) => {
  const log = new InMemoryAuditLog();
  for (let i = 0; i < entries; i += 1) log.append(`case-${i % 3}`, { n: i });
  const reads = new RecordedReads();
  return { log, reads, prove: new ProveInclusion(log.asRepository(), reads.asTrailReads()) };
};

describe('ProveInclusion', () => {
  it('proves every entry of the log from the stored subtrees, against its signed root', async () => {
    const { log, prove } = given(23);
    const head = log.sign();
    const root = Buffer.from(head.rootHash, 'hex');
    for (let seq = 0; seq < head.treeSize; seq += 1) {
      const proof = await prove.execute({ seq, treeSize: head.treeSize });
      const leaf = log.rows[seq]?.leaf_hash as Buffer;
      expect(proof).toMatchObject({ leafIndex: seq, treeSize: 23, leafHash: leaf.toString('hex') });
      const path = proof.auditPath.map((h) => Buffer.from(h, 'hex'));
      expect(verifyInclusion(leaf, seq, head.treeSize, path, root)).toBe(true);
    }
  });

  it('proves against an earlier, smaller tree too', async () => {
    const { log, prove } = given(5);
    const head = log.sign();
    for (let i = 0; i < 6; i += 1) log.append('later', { i });
    const proof = await prove.execute({ seq: 3, treeSize: head.treeSize });
    expect(
      verifyInclusion(
        log.rows[3]?.leaf_hash as Buffer,
        3,
        head.treeSize,
        proof.auditPath.map((h) => Buffer.from(h, 'hex')),
        Buffer.from(head.rootHash, 'hex'),
      ),
    ).toBe(true);
  });

  it('records the read of the trail', async () => {
    const { prove, reads } = given(4);
    await prove.execute({ seq: 2, treeSize: 4 });
    // The second, for a tree the log is now known to hold, is recorded while the nodes are read.
    await prove.execute({ seq: 1, treeSize: 3 });
    expect(reads.reads).toEqual([
      { read: 'inclusion-proof', seq: 2, entries: 1 },
      { read: 'inclusion-proof', seq: 1, entries: 1 },
    ]);
  });

  it.each([
    [4, 4, 'an entry outside the tree'],
    [0, 5, 'a tree larger than the log'],
  ])(
    'refuses seq %i in a tree of %i (%s) as AUDIT.INVALID_RANGE, recording nothing',
    async (seq, treeSize) => {
      const { prove, reads } = given(4);
      const failure = await prove.execute({ seq, treeSize }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(DomainError);
      expect((failure as DomainError).code).toBe('AUDIT.INVALID_RANGE');
      expect(reads.reads).toEqual([]);
    },
  );
});
