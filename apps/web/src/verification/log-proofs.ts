import canonicalize from 'canonicalize';

/**
 * The audit log's proofs checked in the browser (docs/audit.md), with Web Crypto only:
 * `crypto.subtle.digest('SHA-256')` for the RFC 6962 leaf and node hashes and
 * `crypto.subtle.verify('Ed25519')` for signed tree heads. The same checks as the offline
 * verifiers (`libs/audit-log`, `npm run audit:verify` and `npm run permit:verify`), written
 * again without Node so that a page can run them; the keys come from the caller (the build's
 * pinned keys, `trusted-keys.ts`), never from the server whose answers are being checked.
 *
 * Every failure is a code with the facts it names (`Failure`), which the pages put into words
 * in the reader's language.
 */

/** A tree head as the log signs it: `{treeSize, rootHash, timestamp, keyId, signature}`. */
export interface TreeHead {
  treeSize: number;
  /** SHA-256, lowercase hex. */
  rootHash: string;
  /** RFC 3339 UTC with milliseconds. */
  timestamp: string;
  /** The first 16 hex digits of SHA-256 of the raw 32-byte public key. */
  keyId: string;
  /** Ed25519 over `treeHeadMessage`, base64. */
  signature: string;
}

/** A key the reader trusts: the raw 32-byte Ed25519 public key in base64, by its id. */
export interface TrustedKey {
  keyId: string;
  publicKey: string;
}

/** Why something does not verify. */
export type Failure =
  | { code: 'not-a-proof' }
  | { code: 'head-malformed' }
  | { code: 'head-unknown-key'; treeSize: number; keyId: string }
  | { code: 'head-bad-signature'; treeSize: number; keyId: string }
  | { code: 'no-entries' }
  | { code: 'entry-outside-tree'; seq: number; treeSize: number }
  | { code: 'entry-out-of-order'; seq: number }
  | { code: 'entry-not-json'; seq: number }
  | { code: 'entry-not-canonical'; seq: number }
  | { code: 'entry-fields-differ'; seq: number }
  | { code: 'entry-leaf-mismatch'; seq: number }
  | { code: 'entry-not-included'; seq: number; treeSize: number }
  | { code: 'entry-other-subject'; seq: number }
  | { code: 'entry-not-permit-event'; seq: number }
  | { code: 'issuance-other-permit'; seq: number }
  | { code: 'no-issuance' };

export type FailureCode = Failure['code'];

// ---- bytes -------------------------------------------------------------------------------

const encoder = new TextEncoder();

export const utf8 = (text: string): Uint8Array<ArrayBuffer> => encoder.encode(text);

const HEX = /^(?:[0-9a-f]{2})*$/;

/** Lowercase hex to bytes; undefined when it is not hex. */
export function hexToBytes(hex: string): Uint8Array<ArrayBuffer> | undefined {
  if (typeof hex !== 'string' || !HEX.test(hex)) return undefined;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

export const bytesToHex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** Base64 to bytes; undefined when it is not base64. */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    const binary = atob(text);
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

const equalBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((byte, i) => byte === b[i]);

const concat = (...parts: Uint8Array[]): Uint8Array<ArrayBuffer> => {
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
};

// ---- RFC 6962 hashing ----------------------------------------------------------------------

export const sha256 = async (data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', data));

/** `SHA-256(0x00 || data)`. */
export const leafHash = (data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> =>
  sha256(concat(Uint8Array.of(0), data));

/** `SHA-256(0x01 || left || right)`. */
export const nodeHash = (left: Uint8Array, right: Uint8Array): Promise<Uint8Array<ArrayBuffer>> =>
  sha256(concat(Uint8Array.of(1), left, right));

/**
 * RFC 9162 §2.1.3.2: does `proof` (the audit path) put `leaf` at `index` of the tree of `size`
 * leaves whose root is `root`?
 */
export async function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): Promise<boolean> {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size)
    return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      if (fn % 2 === 0)
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
    } else r = await nodeHash(r, p);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equalBytes(r, root);
}

/** `verifyInclusion` with the audit path and root in hex, as the API gives them. */
export async function verifyInclusionHex(
  leaf: Uint8Array,
  index: number,
  head: Pick<TreeHead, 'treeSize' | 'rootHash'>,
  auditPath: readonly string[],
): Promise<boolean> {
  const root = hexToBytes(head.rootHash);
  if (!root || root.length !== 32 || !Array.isArray(auditPath)) return false;
  const path: Uint8Array[] = [];
  for (const node of auditPath as readonly unknown[]) {
    const bytes = typeof node === 'string' ? hexToBytes(node) : undefined;
    if (!bytes || bytes.length !== 32) return false;
    path.push(bytes);
  }
  return verifyInclusion(leaf, index, head.treeSize, path, root);
}

// ---- signed tree heads ---------------------------------------------------------------------

/** The bytes a tree head's signature covers: five lines joined by `\n`, no trailing newline. */
export const treeHeadMessage = (head: Omit<TreeHead, 'signature'>): Uint8Array<ArrayBuffer> =>
  utf8(
    [
      'civic-audit-tree-head-v1',
      String(head.treeSize),
      head.rootHash,
      head.timestamp,
      head.keyId,
    ].join('\n'),
  );

/** A key's id: the first 16 hex digits of SHA-256 of its raw 32-byte public key. */
export const keyIdOf = async (rawKey: Uint8Array<ArrayBuffer>): Promise<string> =>
  bytesToHex(await sha256(rawKey)).slice(0, 16);

const wellFormedHead = (head: unknown): head is TreeHead => {
  if (typeof head !== 'object' || head === null) return false;
  const h = head as Record<string, unknown>;
  return (
    typeof h.treeSize === 'number' &&
    Number.isSafeInteger(h.treeSize) &&
    h.treeSize >= 1 &&
    typeof h.rootHash === 'string' &&
    /^[0-9a-f]{64}$/.test(h.rootHash) &&
    typeof h.timestamp === 'string' &&
    typeof h.keyId === 'string' &&
    typeof h.signature === 'string'
  );
};

/**
 * A tree head's signature checked with the trusted keys: its key must be one of them (and the
 * key's id must be the id of that key's bytes), and the Ed25519 signature must verify.
 * Returns the failure, or undefined when it verifies.
 */
export async function checkTreeHead(
  head: unknown,
  trustedKeys: readonly TrustedKey[],
): Promise<Failure | undefined> {
  if (!wellFormedHead(head)) return { code: 'head-malformed' };
  const trusted = trustedKeys.find((k) => k.keyId === head.keyId);
  const raw = trusted ? base64ToBytes(trusted.publicKey) : undefined;
  if (!raw || raw.length !== 32 || (await keyIdOf(raw)) !== head.keyId)
    return { code: 'head-unknown-key', treeSize: head.treeSize, keyId: head.keyId };
  const signature = base64ToBytes(head.signature);
  let verified = false;
  if (signature && signature.length === 64)
    try {
      const key = await crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
      verified = await crypto.subtle.verify(
        { name: 'Ed25519' },
        key,
        signature,
        treeHeadMessage(head),
      );
    } catch {
      verified = false;
    }
  return verified
    ? undefined
    : { code: 'head-bad-signature', treeSize: head.treeSize, keyId: head.keyId };
}

// ---- entries -------------------------------------------------------------------------------

/** The fields of an entry that its own bytes vouch for. */
export interface EntryData {
  seq: number;
  type: string;
  subject: string;
  actor: string;
  /** RFC 8785 canonical JSON of the event as received: the Merkle leaf data. */
  data: string;
  /** Lowercase hex of `SHA-256(0x00 || UTF-8(data))`, as the server says. */
  leafHash: string;
}

export interface EntryCheck {
  /** The leaf hash computed from `data` (what an inclusion proof must prove). */
  leaf: Uint8Array;
  /** The event, parsed from `data`. */
  event: Record<string, unknown> | undefined;
  failures: Failure[];
}

/**
 * An entry's bytes on their own (docs/audit.md, "Verifying an export", 5 to 7): `data` is
 * canonical JSON, `type`, `subject` and `actor` are the event's own, and the leaf hash the
 * server gives is the hash of `data`.
 */
export async function checkEntryData(entry: EntryData): Promise<EntryCheck> {
  const failures: Failure[] = [];
  const seq = entry.seq;
  const text = typeof entry.data === 'string' ? entry.data : '';
  let event: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      event = parsed as Record<string, unknown>;
    if (canonicalize(parsed) !== text) failures.push({ code: 'entry-not-canonical', seq });
  } catch {
    failures.push({ code: 'entry-not-json', seq });
  }
  if (
    event &&
    (event.type !== entry.type || event.subject !== entry.subject || event.actor !== entry.actor)
  )
    failures.push({ code: 'entry-fields-differ', seq });
  const leaf = await leafHash(utf8(text));
  if (bytesToHex(leaf) !== entry.leafHash) failures.push({ code: 'entry-leaf-mismatch', seq });
  return { leaf, event, failures };
}

/**
 * One entry of the trail proven in a signed tree head: its bytes (above), and its audit path
 * from the leaf hash **computed from its data** to the head's root. The head's own signature is
 * `checkTreeHead`'s business.
 */
export async function checkEntryInHead(
  entry: EntryData,
  auditPath: readonly string[],
  head: Pick<TreeHead, 'treeSize' | 'rootHash'>,
): Promise<Failure[]> {
  if (!Number.isSafeInteger(entry.seq) || entry.seq < 0 || entry.seq >= head.treeSize)
    return [{ code: 'entry-outside-tree', seq: entry.seq, treeSize: head.treeSize }];
  const { leaf, failures } = await checkEntryData(entry);
  if (!(await verifyInclusionHex(leaf, entry.seq, head, auditPath)))
    failures.push({ code: 'entry-not-included', seq: entry.seq, treeSize: head.treeSize });
  return failures;
}
