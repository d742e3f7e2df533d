import { createPublicKey, type KeyObject } from 'node:crypto';
import canonicalize from 'canonicalize';
import { entryHash, GENESIS_HASH, verifyTreeHead, type TreeHead } from './log-format.js';
import { inclusionChecker, leafHash } from './merkle.js';

/**
 * An audit export as JSON Lines (docs/audit.md, "Export format"): a header line with the
 * query, the signed tree head everything is proven against and the public keys, then one
 * line per entry with its canonical event, hashes, the previous entry's hash and its
 * inclusion proof in that tree head.
 */
export const EXPORT_FORMAT = 'civic-audit-export-v1';

export interface ExportHeader {
  kind: 'header';
  format: typeof EXPORT_FORMAT;
  query: Record<string, unknown>;
  treeHead: TreeHead;
  /** Raw 32-byte Ed25519 public keys, base64, by key id. */
  publicKeys: { keyId: string; publicKey: string }[];
  /** Whether the export holds every entry of the tree head, in order (then deletions show). */
  complete: boolean;
}

export interface ExportEntry {
  kind: 'entry';
  seq: number;
  type: string;
  subject: string;
  actor: string;
  occurredAt: string;
  /** RFC 8785 canonical JSON of the event as received: the Merkle leaf data. */
  data: string;
  leafHash: string;
  previousEntryHash: string;
  entryHash: string;
  inclusionProof: string[];
}

export interface VerificationFailure {
  /** 1-based line of the export. */
  line: number;
  seq?: number;
  reason: string;
}

export interface VerificationResult {
  ok: boolean;
  entries: number;
  treeSize?: number;
  failures: VerificationFailure[];
}

/** The SPKI DER prefix of an Ed25519 public key (RFC 8410). */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export const ed25519PublicKey = (raw: Buffer): KeyObject =>
  createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });

const HEX64 = /^[0-9a-f]{64}$/;

export interface VerifyOptions {
  /**
   * Public keys the checker already trusts (fetched from the platform's public-key URL), raw
   * 32 bytes base64 by key id. Without them the export's own keys are used, which proves
   * consistency but not who signed.
   */
  trustedKeys?: ReadonlyMap<string, string>;
  /**
   * Called with each entry line after its checks (whether or not they passed: a failure makes
   * the result not ok): what a caller scans the entries for without parsing them again.
   */
  onEntry?: (entry: ExportEntry) => void;
}

/** The fields of an entry that its own bytes vouch for (export and permit-proof entries). */
export interface EntryData {
  type: string;
  subject: string;
  actor: string;
  /** RFC 8785 canonical JSON of the event as received. */
  data: string;
  /** Lowercase hex of `SHA-256(0x00 || UTF-8(data))`. */
  leafHash: string;
}

/**
 * The checks an entry's bytes pass on their own (docs/audit.md, "Verifying an export", 5 to 7):
 * `data` is canonical JSON, `type`, `subject` and `actor` are the event's own, and `leafHash`
 * is the leaf hash of `data`. Returns the leaf hash computed from `data` (what its inclusion
 * proof must prove) and the reasons the entry fails, if any.
 */
export function checkEntryData(entry: EntryData): {
  leaf: Buffer;
  event: Record<string, unknown> | undefined;
  failures: string[];
} {
  const failures: string[] = [];
  const text = typeof entry.data === 'string' ? entry.data : '';
  let event: Record<string, unknown> | undefined;
  try {
    event = JSON.parse(text) as Record<string, unknown>;
    if (canonicalize(event) !== text) failures.push('data is not RFC 8785 canonical JSON');
  } catch {
    failures.push('data is not JSON');
  }
  if (
    event &&
    (event.type !== entry.type || event.subject !== entry.subject || event.actor !== entry.actor)
  )
    failures.push('type, subject or actor differ from the event');
  const leaf = leafHash(Buffer.from(text, 'utf8'));
  if (
    typeof entry.leafHash !== 'string' ||
    !HEX64.test(entry.leafHash) ||
    leaf.toString('hex') !== entry.leafHash
  )
    failures.push('leaf hash does not match the data (the event was changed)');
  return { leaf, event, failures };
}

/**
 * Checks an export offline, line by line as it is read (an export of millions of entries
 * never has to be in memory at once), and names every entry that fails and why: the tree
 * head's signature with the published key of its key id; each entry's canonical bytes, leaf
 * hash, chain link and inclusion proof against that head; fields matching the event; and for
 * a complete export, that the entries are exactly 0 .. treeSize - 1 in order.
 */
export function createExportVerifier(options: VerifyOptions = {}): {
  push(line: string): void;
  finish(): VerificationResult;
} {
  const failures: VerificationFailure[] = [];
  let header: ExportHeader | undefined;
  let root: Buffer | undefined;
  let included: ReturnType<typeof inclusionChecker> | undefined;
  let expectedSeq = 0;
  let lastSeq = -1;
  let previous: { seq: number; entryHash: string } | undefined;
  let entries = 0;
  let lineNo = 0;
  let stopped = false;
  const push = (raw: string): void => {
    if (stopped) return;
    lineNo += 1;
    if (raw.trim() === '') return;
    let record: ExportHeader | ExportEntry;
    try {
      record = JSON.parse(raw) as ExportHeader | ExportEntry;
    } catch {
      failures.push({ line: lineNo, reason: 'not JSON' });
      return;
    }
    if (lineNo === 1 || record.kind === 'header') {
      if (record.kind !== 'header' || lineNo !== 1 || record.format !== EXPORT_FORMAT) {
        failures.push({
          line: lineNo,
          reason: `the first line must be the ${EXPORT_FORMAT} header`,
        });
        if (lineNo === 1) stopped = true;
        return;
      }
      header = record;
      const published = new Map(header.publicKeys.map((k) => [k.keyId, k.publicKey]));
      if (options.trustedKeys)
        for (const [keyId, key] of published)
          if (options.trustedKeys.get(keyId) !== key)
            failures.push({
              line: lineNo,
              reason: `public key ${keyId} of the export is not one of the trusted keys`,
            });
      const keys = new Map(
        [...(options.trustedKeys ?? published)].map(([keyId, key]) => [
          keyId,
          ed25519PublicKey(Buffer.from(key, 'base64')),
        ]),
      );
      if (!verifyTreeHead(header.treeHead, keys))
        failures.push({
          line: lineNo,
          reason: `tree head of size ${header.treeHead.treeSize}: signature does not verify with the published key ${header.treeHead.keyId}`,
        });
      root = Buffer.from(header.treeHead.rootHash, 'hex');
      included = inclusionChecker(header.treeHead.treeSize, root);
      return;
    }
    if (!header || !root || !included) return;
    entries += 1;
    const entry = record;
    const at = { line: lineNo, seq: entry.seq };
    const fail = (reason: string) => failures.push({ ...at, reason });
    if (!Number.isInteger(entry.seq) || entry.seq < 0 || entry.seq >= header.treeHead.treeSize) {
      fail(`seq ${entry.seq} is outside the tree head of size ${header.treeHead.treeSize}`);
      return;
    }
    if (entry.seq <= lastSeq) fail(`out of order: seq ${entry.seq} after ${lastSeq}`);
    if (header.complete && entry.seq !== expectedSeq)
      fail(
        entry.seq > expectedSeq
          ? `missing entries ${expectedSeq}..${entry.seq - 1}`
          : `seq ${entry.seq} where ${expectedSeq} was expected`,
      );
    expectedSeq = Math.max(expectedSeq, entry.seq + 1);
    lastSeq = Math.max(lastSeq, entry.seq);
    const { leaf, failures: own } = checkEntryData(entry);
    own.forEach(fail);
    const link = entryHash(Buffer.from(entry.previousEntryHash, 'hex'), leaf).toString('hex');
    if (link !== entry.entryHash)
      fail('entry hash does not chain the previous entry hash and the leaf');
    if (entry.seq === 0 && entry.previousEntryHash !== GENESIS_HASH.toString('hex'))
      fail('the first entry must chain from 32 zero bytes');
    if (
      previous &&
      previous.seq === entry.seq - 1 &&
      previous.entryHash !== entry.previousEntryHash
    )
      fail(`chain broken: the previous entry hash is not entry ${previous.seq}'s`);
    if (
      !Array.isArray(entry.inclusionProof) ||
      entry.inclusionProof.some((h) => typeof h !== 'string') ||
      !included(leaf, entry.seq, entry.inclusionProof)
    )
      fail(`not in the signed tree of size ${header.treeHead.treeSize} (inclusion proof fails)`);
    previous = { seq: entry.seq, entryHash: entry.entryHash };
    options.onEntry?.(entry);
  };
  const finish = (): VerificationResult => {
    if (stopped) return { ok: false, entries: 0, failures };
    if (!header) failures.push({ line: 0, reason: 'no header' });
    else if (header.complete && expectedSeq !== header.treeHead.treeSize)
      failures.push({
        line: lineNo,
        reason: `missing entries ${expectedSeq}..${header.treeHead.treeSize - 1} at the end`,
      });
    return { ok: failures.length === 0, entries, treeSize: header?.treeHead.treeSize, failures };
  };
  return { push, finish };
}

/** `createExportVerifier` over lines already at hand. */
export function verifyExport(
  lines: Iterable<string>,
  options: VerifyOptions = {},
): VerificationResult {
  const verifier = createExportVerifier(options);
  for (const line of lines) verifier.push(line);
  return verifier.finish();
}
