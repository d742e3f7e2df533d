import { describe, expect, it } from '@jest/globals';
import { InMemoryAuditLog } from '../testing/in-memory-audit-log.js';
import type { IdempotentCommands } from '#platform';
import type { TreeHeadSigner } from '../tree-head.signer.js';
import { SignTreeHead } from './sign-tree-head.use-case.js';

describe('SignTreeHead', () => {
  it('has the log signed now and answers the latest head', async () => {
    const log = new InMemoryAuditLog();
    log.append('case', {});
    const signer = { signLatest: () => Promise.resolve(log.sign()) };
    // One command, in its own transaction (the real one records the request key there too).
    const patterns: string[] = [];
    const commands = {
      run: (pattern: string, work: (tx: unknown) => Promise<unknown>) => {
        patterns.push(pattern);
        return work({});
      },
    };
    const head = await new SignTreeHead(
      log.asRepository(),
      signer as unknown as TreeHeadSigner,
      commands as unknown as IdempotentCommands,
    ).execute();
    expect(head).toEqual(log.heads[0]);
    expect(head?.treeSize).toBe(1);
    expect(patterns).toEqual(['audit.tree-heads.sign']);
  });
});
