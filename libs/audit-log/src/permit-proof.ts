import {
  checkEntryData,
  createExportVerifier,
  ed25519PublicKey,
  EXPORT_FORMAT,
  type EntryData,
  type ExportEntry,
  type ExportHeader,
} from './export-format.js';
import { verifyTreeHead, type TreeHead } from './log-format.js';
import { MerkleFrontier } from './merkle-frontier.js';
import { EMPTY_TREE_HASH, inclusionChecker } from './merkle.js';

/**
 * The proof of a permit (docs/audit.md, "Proving a permit"): the audit-log entries whose
 * subject is the permit number (its issuance, and any later revocation or expiry), each with its
 * inclusion proof in one signed tree head. Checked offline with nothing but this library and
 * keys the checker trusts; with a complete export of the log it also proves what the proof
 * alone cannot: that no entry of the permit was left out, up to the export's tree head.
 */
export const PERMIT_PROOF_FORMAT = 'civic-permit-proof-v1';

/** The events of a permit's life: `gov.permits.permit.<event>.v<N>`, subject = permit number. */
export const PERMIT_EVENT_PREFIX = 'gov.permits.permit.';

export interface PermitProofEntry extends EntryData {
  seq: number;
  occurredAt: string;
  /** The entry's audit path in the tree head (RFC 6962), lowercase hex. */
  inclusionProof: string[];
}

export interface PermitProofDocument {
  format: typeof PERMIT_PROOF_FORMAT;
  permitNumber: string;
  treeHead: TreeHead;
  /** In increasing `seq`. */
  entries: PermitProofEntry[];
}

export type PermitStatus = 'issued' | 'revoked' | 'expired';

/** One event of a permit's life as a verified entry tells it. */
export interface PermitEvent {
  seq: number;
  type: string;
  occurredAt: string;
  /** What it does to the permit's status (`other`: nothing this verifier knows of). */
  kind: PermitStatus | 'other';
  /** The event's `data` (ids and facts: the holder only as a salted hash). */
  facts: Record<string, unknown>;
}

export interface PermitProofResult {
  ok: boolean;
  /** Why it does not verify: each names the entry (or the tree head) and the reason. */
  failures: string[];
  permitNumber: string;
  treeHead: TreeHead | undefined;
  /** The permit's events in the proof, in log order. */
  events: PermitEvent[];
  /** The status the proven events give, as of the tree head (undefined: no issuance proven). */
  status: PermitStatus | undefined;
}

const KIND = /^gov\.permits\.permit\.(issued|revoked|expired)\.v\d+$/;

export const permitEventKind = (type: string): PermitEvent['kind'] =>
  (KIND.exec(type)?.[1] as PermitStatus | undefined) ?? 'other';

/**
 * The status of a permit after its events, in log order: issued by its issuance; revoked or
 * expired by the first revocation or expiry after it (a revoked permit does not expire later).
 */
export function permitStatus(
  events: readonly Pick<PermitEvent, 'kind'>[],
): PermitStatus | undefined {
  let status: PermitStatus | undefined;
  for (const { kind } of events)
    if (kind === 'issued' && status === undefined) status = 'issued';
    else if ((kind === 'revoked' || kind === 'expired') && status === 'issued') status = kind;
  return status;
}

const keyObjects = (trusted: ReadonlyMap<string, string>) =>
  new Map(
    [...trusted].map(([keyId, key]) => [keyId, ed25519PublicKey(Buffer.from(key, 'base64'))]),
  );

/** The tree head's failures with the trusted keys: an unknown key, or a bad signature. */
function checkTreeHead(
  head: TreeHead | undefined,
  trustedKeys: ReadonlyMap<string, string>,
  what: string,
): string[] {
  if (
    !head ||
    typeof head !== 'object' ||
    !Number.isInteger(head.treeSize) ||
    head.treeSize < 1 ||
    typeof head.rootHash !== 'string' ||
    typeof head.keyId !== 'string' ||
    typeof head.signature !== 'string'
  )
    return [`${what}: missing or malformed`];
  if (!trustedKeys.has(head.keyId))
    return [
      `${what} of size ${head.treeSize} is signed by key ${head.keyId}, which is not one of the trusted keys`,
    ];
  let verified: boolean;
  try {
    verified = verifyTreeHead(head, keyObjects(trustedKeys));
  } catch {
    verified = false; // a trusted key that is not a raw Ed25519 key
  }
  return verified
    ? []
    : [
        `${what} of size ${head.treeSize}: signature does not verify with the trusted key ${head.keyId}`,
      ];
}

const factsOf = (event: Record<string, unknown> | undefined): Record<string, unknown> => {
  const data = event?.data;
  return typeof data === 'object' && data !== null && !Array.isArray(data)
    ? (data as Record<string, unknown>)
    : {};
};

/**
 * Checks a permit proof offline: the tree head's signature with a trusted key; each entry's
 * bytes (canonical JSON, fields, leaf hash), that it is about this permit, and its inclusion
 * proof in the signed tree; and that an issuance of this permit is among them. Names every
 * failure. What it proves when ok: the permit was issued, and the status its proven events
 * give as of the tree head; not that no later revocation exists (the service could have left
 * one out): `createPermitHistoryCheck` proves that with an export.
 */
export function verifyPermitProof(
  proof: PermitProofDocument,
  options: { trustedKeys: ReadonlyMap<string, string> },
): PermitProofResult {
  const failures: string[] = [];
  const permitNumber = typeof proof?.permitNumber === 'string' ? proof.permitNumber : '';
  const result = (events: PermitEvent[], head?: TreeHead): PermitProofResult => {
    const status = failures.length === 0 ? permitStatus(events) : undefined;
    if (failures.length === 0 && status === undefined)
      failures.push(`no issuance of permit ${permitNumber} is among the entries`);
    return { ok: failures.length === 0, failures, permitNumber, treeHead: head, events, status };
  };
  if (proof?.format !== PERMIT_PROOF_FORMAT) {
    failures.push(`not a ${String(PERMIT_PROOF_FORMAT)} document`);
    return result([]);
  }
  if (permitNumber === '') failures.push('no permit number');
  const head = proof.treeHead;
  failures.push(...checkTreeHead(head, options.trustedKeys, 'tree head'));
  if (failures.length > 0) return result([], head);
  if (!Array.isArray(proof.entries) || proof.entries.length === 0) {
    failures.push('no entries');
    return result([], head);
  }
  const included = inclusionChecker(head.treeSize, Buffer.from(head.rootHash, 'hex'));
  const events: PermitEvent[] = [];
  let lastSeq = -1;
  for (const entry of proof.entries) {
    const seq = entry?.seq;
    const fail = (reason: string) => failures.push(`entry ${String(seq)}: ${reason}`);
    if (!Number.isInteger(seq) || seq < 0 || seq >= head.treeSize) {
      fail(`outside the tree head of size ${head.treeSize}`);
      continue;
    }
    if (seq <= lastSeq) fail(`out of order: after entry ${lastSeq}`);
    lastSeq = Math.max(lastSeq, seq);
    const { leaf, event, failures: own } = checkEntryData(entry);
    own.forEach(fail);
    if (entry.subject !== permitNumber) fail(`about ${String(entry.subject)}, not ${permitNumber}`);
    if (typeof entry.type !== 'string' || !entry.type.startsWith(PERMIT_EVENT_PREFIX))
      fail(`${String(entry.type)} is not an event of a permit's life`);
    const proofOk =
      Array.isArray(entry.inclusionProof) &&
      entry.inclusionProof.every((h) => typeof h === 'string') &&
      included(leaf, seq, entry.inclusionProof);
    if (!proofOk) fail(`not in the signed tree of size ${head.treeSize} (inclusion proof fails)`);
    const facts = factsOf(event);
    const kind = permitEventKind(entry.type);
    if (kind === 'issued' && facts.permitNumber !== permitNumber)
      fail(`the issuance names permit ${String(facts.permitNumber)}`);
    events.push({ seq, type: entry.type, occurredAt: entry.occurredAt, kind, facts });
  }
  return result(events, head);
}

export interface PermitHistoryResult {
  ok: boolean;
  failures: string[];
  /** The export's tree head: what the absence is proven up to. */
  treeHead: TreeHead | undefined;
  /** Every event of the permit in the export, in log order. */
  events: PermitEvent[];
  /** The status they give as of the export's tree head. */
  status: PermitStatus | undefined;
  /** Entries of the export checked. */
  entries: number;
}

/**
 * With a verified permit proof and a complete export of the log (`npm run audit:export`
 * format), proves the permit's whole history up to the export's tree head: the export verifies
 * (`createExportVerifier`, with the trusted keys), is complete, reaches at least the proof's
 * tree size, and its first `treeSize` leaves hash to the proof's signed root (the two heads
 * describe one log); then every entry of the permit is in view, so the proof left none out
 * and no revocation or expiry exists beyond those found. Reads the export line by line.
 */
export function createPermitHistoryCheck(
  proof: PermitProofDocument,
  options: { trustedKeys: ReadonlyMap<string, string> },
): { push(line: string): void; finish(): PermitHistoryResult } {
  const permitNumber = proof.permitNumber;
  const proofSize = proof.treeHead.treeSize;
  const frontier = new MerkleFrontier(0);
  let rootAtProofSize: Buffer | undefined = proofSize === 0 ? EMPTY_TREE_HASH : undefined;
  const found: (PermitEvent & { leafHash: string })[] = [];
  let header: ExportHeader | undefined;
  let first = true;
  const verifier = createExportVerifier({
    trustedKeys: options.trustedKeys,
    onEntry: (entry: ExportEntry) => {
      // The export verifier checks each leaf hash against its data and its place in the tree;
      // a failure anywhere makes the result not ok, so these are only relied on when it is.
      if (frontier.size === entry.seq && frontier.size < proofSize) {
        frontier.append(Buffer.from(entry.leafHash, 'hex'));
        if (frontier.size === proofSize) rootAtProofSize = frontier.root();
      }
      if (entry.subject === permitNumber && entry.type.startsWith(PERMIT_EVENT_PREFIX)) {
        let facts: Record<string, unknown> = {};
        try {
          facts = factsOf(JSON.parse(entry.data) as Record<string, unknown>);
        } catch {
          // Named by the export verifier.
        }
        found.push({
          seq: entry.seq,
          type: entry.type,
          occurredAt: entry.occurredAt,
          kind: permitEventKind(entry.type),
          facts,
          leafHash: entry.leafHash,
        });
      }
    },
  });
  const push = (line: string) => {
    if (first && line.trim() !== '') {
      first = false;
      try {
        const record = JSON.parse(line) as ExportHeader;
        if (record.kind === 'header' && record.format === EXPORT_FORMAT) header = record;
      } catch {
        // Named by the export verifier.
      }
    }
    verifier.push(line);
  };
  const finish = (): PermitHistoryResult => {
    const exported = verifier.finish();
    const failures = exported.failures.map(
      (f) => `export line ${f.line}${f.seq === undefined ? '' : ` (entry ${f.seq})`}: ${f.reason}`,
    );
    const head = header?.treeHead;
    if (header && !header.complete)
      failures.push('the export is not complete (it was filtered): it cannot prove an absence');
    else if (head && head.treeSize < proofSize)
      failures.push(
        `the export's tree head (size ${head.treeSize}) is older than the proof's (size ${proofSize}): export the log again`,
      );
    else if (exported.ok && rootAtProofSize?.toString('hex') !== proof.treeHead.rootHash)
      failures.push(
        `the export's first ${proofSize} entries do not hash to the proof's signed root: the two tree heads do not describe one log`,
      );
    if (failures.length === 0) {
      const proven = new Map(proof.entries.map((e) => [e.seq, e.leafHash]));
      for (const event of found)
        if (event.seq < proofSize && proven.get(event.seq) !== event.leafHash)
          failures.push(
            `the proof left out entry ${event.seq} (${event.type}) of permit ${permitNumber}`,
          );
    }
    const ok = failures.length === 0;
    const events = found.map(({ leafHash: _leaf, ...event }) => event);
    return {
      ok,
      failures,
      treeHead: head,
      events,
      status: ok ? permitStatus(events) : undefined,
      entries: exported.entries,
    };
  };
  return { push, finish };
}
