import {
  checkEntryData,
  checkTreeHead,
  verifyInclusionHex,
  type EntryData,
  type Failure,
  type TreeHead,
  type TrustedKey,
} from './log-proofs.js';

/**
 * A permit's proof (`GET /api/v1/permits/{permitNumber}/proof`, docs/audit.md "Checking a
 * proof") checked in the browser, as `verifyPermitProof` of `libs/audit-log` checks it offline
 * and `npm run permit:verify` reports it: the tree head signed by a pinned key; each entry's
 * bytes, subject, type and inclusion in that head; an issuance of this permit among them. What
 * it proves when ok: the permit was issued, and its status as of the tree head. Not that no
 * later revocation exists (the service could have left one out).
 */
export const PERMIT_PROOF_FORMAT = 'civic-permit-proof-v1';
const PERMIT_EVENT_PREFIX = 'gov.permits.permit.';

export interface PermitProofEntry extends EntryData {
  occurredAt: string;
  inclusionProof: string[];
}

export interface PermitProof {
  format: string;
  permitNumber: string;
  treeHead: TreeHead;
  entries: PermitProofEntry[];
}

export type PermitStatus = 'issued' | 'revoked' | 'expired';

export interface PermitEvent {
  seq: number;
  type: string;
  occurredAt: string;
  /** What it does to the permit's status (`other`: nothing, e.g. a renewal request). */
  kind: PermitStatus | 'other';
  /** The event's facts (ids and dates; the holder only as a salted hash). */
  facts: Record<string, unknown>;
}

export interface PermitProofResult {
  ok: boolean;
  failures: Failure[];
  permitNumber: string;
  treeHead: TreeHead | undefined;
  events: PermitEvent[];
  /** The status the proven events give as of the tree head (undefined unless ok). */
  status: PermitStatus | undefined;
}

const KIND = /^gov\.permits\.permit\.(issued|revoked|expired)\.v\d+$/;

export const permitEventKind = (type: string): PermitEvent['kind'] =>
  (KIND.exec(type)?.[1] as PermitStatus | undefined) ?? 'other';

/** Issued by the issuance; revoked or expired by the first revocation or expiry after it. */
export function permitStatus(
  events: readonly Pick<PermitEvent, 'kind'>[],
): PermitStatus | undefined {
  let status: PermitStatus | undefined;
  for (const { kind } of events)
    if (kind === 'issued' && status === undefined) status = 'issued';
    else if ((kind === 'revoked' || kind === 'expired') && status === 'issued') status = kind;
  return status;
}

const factsOf = (event: Record<string, unknown> | undefined): Record<string, unknown> => {
  const data = event?.data;
  return typeof data === 'object' && data !== null && !Array.isArray(data)
    ? (data as Record<string, unknown>)
    : {};
};

/** Checks a permit proof against the trusted keys; names every failure. */
export async function verifyPermitProof(
  proof: unknown,
  trustedKeys: readonly TrustedKey[],
): Promise<PermitProofResult> {
  const failures: Failure[] = [];
  const document = (
    typeof proof === 'object' && proof !== null ? proof : {}
  ) as Partial<PermitProof>;
  const permitNumber = typeof document.permitNumber === 'string' ? document.permitNumber : '';
  const result = (events: PermitEvent[], head?: TreeHead): PermitProofResult => {
    const status = failures.length === 0 ? permitStatus(events) : undefined;
    if (failures.length === 0 && status === undefined) failures.push({ code: 'no-issuance' });
    return { ok: failures.length === 0, failures, permitNumber, treeHead: head, events, status };
  };
  if (document.format !== PERMIT_PROOF_FORMAT || permitNumber === '') {
    failures.push({ code: 'not-a-proof' });
    return result([]);
  }
  const headFailure = await checkTreeHead(document.treeHead, trustedKeys);
  if (headFailure) {
    failures.push(headFailure);
    return result([]);
  }
  const head = document.treeHead as TreeHead;
  if (!Array.isArray(document.entries) || document.entries.length === 0) {
    failures.push({ code: 'no-entries' });
    return result([], head);
  }
  const events: PermitEvent[] = [];
  let lastSeq = -1;
  for (const entry of document.entries) {
    const seq = entry?.seq;
    if (!Number.isSafeInteger(seq) || seq < 0 || seq >= head.treeSize) {
      failures.push({ code: 'entry-outside-tree', seq, treeSize: head.treeSize });
      continue;
    }
    if (seq <= lastSeq) failures.push({ code: 'entry-out-of-order', seq });
    lastSeq = Math.max(lastSeq, seq);
    const { leaf, event, failures: own } = await checkEntryData(entry);
    failures.push(...own);
    if (entry.subject !== permitNumber) failures.push({ code: 'entry-other-subject', seq });
    if (typeof entry.type !== 'string' || !entry.type.startsWith(PERMIT_EVENT_PREFIX))
      failures.push({ code: 'entry-not-permit-event', seq });
    const path = Array.isArray(entry.inclusionProof) ? entry.inclusionProof : [];
    if (!Array.isArray(entry.inclusionProof) || !(await verifyInclusionHex(leaf, seq, head, path)))
      failures.push({ code: 'entry-not-included', seq, treeSize: head.treeSize });
    const facts = factsOf(event);
    const kind = permitEventKind(String(entry.type));
    if (kind === 'issued' && facts.permitNumber !== permitNumber)
      failures.push({ code: 'issuance-other-permit', seq });
    events.push({
      seq,
      type: String(entry.type),
      occurredAt: String(entry.occurredAt),
      kind,
      facts,
    });
  }
  return result(events, head);
}
