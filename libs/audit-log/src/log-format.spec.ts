import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import {
  canonicalJson,
  entryHash,
  GENESIS_HASH,
  keyIdOf,
  signTreeHead,
  verifyTreeHead,
} from './log-format.js';

describe('audit log formats', () => {
  it('writes RFC 8785 canonical JSON: sorted keys, no spaces, shortest numbers, escapes', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 1e21, 0.000001], é: 'x\u2028"' }).toString()).toBe(
      '{"a":[true,null,1e+21,0.000001],"b":1,"é":"x\u2028\\""}',
    );
    // Keys sort by UTF-16 code units (RFC 8785 §3.2.3).
    expect(canonicalJson({ '\u20ac': 1, '\r': 2, '1': 3, '\ud83d\ude00': 4 }).toString()).toBe(
      '{"\\r":2,"1":3,"\u20ac":1,"\ud83d\ude00":4}',
    );
  });

  it('chains entries from 32 zero bytes', () => {
    expect(GENESIS_HASH.equals(Buffer.alloc(32))).toBe(true);
    const first = entryHash(GENESIS_HASH, Buffer.alloc(32, 1));
    expect(first).toHaveLength(32);
    expect(
      entryHash(first, Buffer.alloc(32, 2)).equals(entryHash(GENESIS_HASH, Buffer.alloc(32, 2))),
    ).toBe(false);
  });

  it('signs tree heads with Ed25519; another key, field or signature fails', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const other = generateKeyPairSync('ed25519');
    const head = signTreeHead(
      { treeSize: 8, rootHash: 'ab'.repeat(32), timestamp: '2026-11-23T10:00:00.000Z' },
      privateKey,
    );
    const keys = new Map([[keyIdOf(publicKey), publicKey]]);
    expect(head.keyId).toBe(keyIdOf(publicKey));
    expect(verifyTreeHead(head, keys)).toBe(true);
    expect(verifyTreeHead({ ...head, treeSize: 9 }, keys)).toBe(false);
    expect(verifyTreeHead({ ...head, rootHash: 'cd'.repeat(32) }, keys)).toBe(false);
    expect(verifyTreeHead(head, new Map([[head.keyId, other.publicKey]]))).toBe(false);
    const forged = signTreeHead(
      { treeSize: 8, rootHash: 'ab'.repeat(32), timestamp: head.timestamp },
      other.privateKey,
    );
    expect(verifyTreeHead(forged, keys)).toBe(false);
  });
});
