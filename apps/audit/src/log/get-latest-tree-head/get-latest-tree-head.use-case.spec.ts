import { describe, expect, it } from '@jest/globals';
import { InMemoryAuditLog } from '../testing/in-memory-audit-log.js';
import { GetLatestTreeHead } from './get-latest-tree-head.use-case.js';

describe('GetLatestTreeHead', () => {
  it('is null before the first head, then the latest signed', async () => {
    const log = new InMemoryAuditLog();
    const latest = new GetLatestTreeHead(log.asRepository());
    expect(await latest.execute()).toBeNull();
    log.append('case', {});
    log.sign();
    log.append('case', {});
    const head = log.sign();
    expect(await latest.execute()).toEqual(head);
  });
});
