import { createHash, createPublicKey, hash, sign, verify, type KeyObject } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * The audit log's formats, as docs/audit.md defines them for anyone writing a verifier:
 *
 * - an entry's **leaf data** is the RFC 8785 canonical JSON of the CloudEvent as received;
 * - its **entry hash** chains it to the one before: `SHA-256(previous entry hash || leaf hash)`,
 *   the first entry's previous hash being 32 zero bytes;
 * - a **tree head** `{treeSize, rootHash, timestamp, keyId, signature}` is signed with Ed25519
 *   over the UTF-8 bytes of `treeHeadMessage`.
 */

/** RFC 8785 (JCS) canonical JSON of a value, as UTF-8 bytes. */
export function canonicalJson(value: unknown): Buffer {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return Buffer.from(text, 'utf8');
}

/** The previous hash of the first entry. */
export const GENESIS_HASH = Buffer.alloc(32);

/** `SHA-256(previousEntryHash || leafHash)`. */
export const entryHash = (previous: Uint8Array, leaf: Uint8Array): Buffer => {
  const bytes = Buffer.allocUnsafe(previous.length + leaf.length);
  bytes.set(previous, 0);
  bytes.set(leaf, previous.length);
  return hash('sha256', bytes, 'buffer');
};

export interface TreeHead {
  treeSize: number;
  /** Lowercase hex SHA-256. */
  rootHash: string;
  /** RFC 3339 UTC with milliseconds, e.g. 2026-11-23T10:00:00.000Z. */
  timestamp: string;
  /** Which key signed it (see keyIdOf). */
  keyId: string;
  /** Base64 Ed25519 signature over treeHeadMessage(head). */
  signature: string;
}

/** The bytes a tree head's signature covers (one line per field, no trailing newline). */
export const treeHeadMessage = (head: Omit<TreeHead, 'signature'>): Buffer =>
  Buffer.from(
    [
      'civic-audit-tree-head-v1',
      String(head.treeSize),
      head.rootHash,
      head.timestamp,
      head.keyId,
    ].join('\n'),
    'utf8',
  );

/** The raw 32-byte Ed25519 public key of a key object. */
export const rawPublicKey = (key: KeyObject): Buffer => {
  const publicKey = key.type === 'public' ? key : createPublicKey(key);
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return der.subarray(der.length - 32);
};

/** A key's id: the first 16 hex digits of SHA-256 of its raw 32-byte public key. */
export const keyIdOf = (key: KeyObject): string =>
  createHash('sha256').update(rawPublicKey(key)).digest('hex').slice(0, 16);

export function signTreeHead(
  head: Omit<TreeHead, 'signature' | 'keyId'>,
  key: KeyObject,
): TreeHead {
  const unsigned = { ...head, keyId: keyIdOf(key) };
  return { ...unsigned, signature: sign(null, treeHeadMessage(unsigned), key).toString('base64') };
}

/** Checks a tree head's signature with the published key of its keyId. */
export function verifyTreeHead(
  head: TreeHead,
  publicKeys: ReadonlyMap<string, KeyObject>,
): boolean {
  const key = publicKeys.get(head.keyId);
  if (!key || keyIdOf(key) !== head.keyId) return false;
  try {
    return verify(null, treeHeadMessage(head), key, Buffer.from(head.signature, 'base64'));
  } catch {
    return false;
  }
}
