import { describe, expect, it } from '@jest/globals';
import type { DomainError } from '#contracts';
import { InMemoryAuditLog } from '../testing/in-memory-audit-log.js';
import { GetTreeRoot } from './get-tree-root.use-case.js';

describe('GetTreeRoot', () => {
  it('gives the root each signed head was signed over, for every size', async () => {
    const log = new InMemoryAuditLog();
    const root = new GetTreeRoot(log.asRepository());
    for (let size = 1; size <= 17; size += 1) {
      log.append('case', { size });
      const head = log.sign();
      expect(await root.execute({ size })).toEqual({ size, rootHash: head.rootHash });
    }
    // Earlier sizes still answer from the stored subtrees of the grown log.
    expect((await root.execute({ size: 5 })).rootHash).toBe(log.heads[4]?.rootHash);
  });

  it('refuses a size beyond the log as AUDIT.INVALID_RANGE', async () => {
    const log = new InMemoryAuditLog();
    log.append('case', {});
    const failure = await new GetTreeRoot(log.asRepository())
      .execute({ size: 2 })
      .catch((e: unknown) => e);
    expect((failure as DomainError).code).toBe('AUDIT.INVALID_RANGE');
  });
});
