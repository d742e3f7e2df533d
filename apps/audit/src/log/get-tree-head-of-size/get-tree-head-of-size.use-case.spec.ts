import { describe, expect, it } from '@jest/globals';
import type { DomainError } from '#contracts';
import { InMemoryAuditLog } from '../testing/in-memory-audit-log.js';
import { GetTreeHeadOfSize } from './get-tree-head-of-size.use-case.js';

describe('GetTreeHeadOfSize', () => {
  it('gives the head of that size, or AUDIT.NOT_FOUND', async () => {
    const log = new InMemoryAuditLog();
    log.append('case', {});
    const first = log.sign();
    log.append('case', {});
    log.sign();
    const ofSize = new GetTreeHeadOfSize(log.asRepository());
    expect(await ofSize.execute({ size: 1 })).toEqual(first);
    const failure = await ofSize.execute({ size: 3 }).catch((e: unknown) => e);
    expect((failure as DomainError).code).toBe('AUDIT.NOT_FOUND');
  });
});
