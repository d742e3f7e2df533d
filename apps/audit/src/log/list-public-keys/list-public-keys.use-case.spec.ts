import { describe, expect, it } from '@jest/globals';
import { ed25519PublicKey, verifyTreeHead } from '#audit-log';
import { InMemoryAuditLog } from '../testing/in-memory-audit-log.js';
import { ListPublicKeys } from './list-public-keys.use-case.js';

describe('ListPublicKeys', () => {
  it('gives the keys that verify the signed heads', async () => {
    const log = new InMemoryAuditLog();
    log.append('case', {});
    const head = log.sign();
    const keys = await new ListPublicKeys(log.asRepository()).execute();
    const byId = new Map(
      keys.map((k) => [k.keyId, ed25519PublicKey(Buffer.from(k.publicKey, 'base64'))]),
    );
    expect(verifyTreeHead(head, byId)).toBe(true);
  });
});
