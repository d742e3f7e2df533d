import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { EXPORT_FORMAT, type ExportEntry, type ExportHeader } from './export-format.js';
import {
  canonicalJson,
  entryHash,
  GENESIS_HASH,
  keyIdOf,
  rawPublicKey,
  signTreeHead,
  type TreeHead,
} from './log-format.js';
import { inclusionProof, leafHash, rangeHasherOf, treeRoot, type Hash } from './merkle.js';
import {
  createPermitHistoryCheck,
  PERMIT_PROOF_FORMAT,
  verifyPermitProof,
  type PermitProofDocument,
} from './permit-proof.js';

const PERMIT = 'BLD-P-2026-000042';
const OTHER = 'BLD-P-2026-000043';

/** An audit log built with the library itself: events, leaves, signed heads, proofs, exports. */
class Log {
  readonly events: Record<string, unknown>[] = [];
  readonly key = generateKeyPairSync('ed25519');

  constructor(private readonly salt = 'a') {}

  add(type: string, subject: string, data: Record<string, unknown> = {}): number {
    const seq = this.events.length;
    this.events.push({
      id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
      type,
      subject,
      source: '/gov/permits',
      time: new Date(Date.UTC(2026, 10, 1, 0, seq)).toISOString(),
      actor: 'system',
      correlationid: `${this.salt}-${seq}`,
      data,
    });
    return seq;
  }

  filler(n: number): void {
    for (let i = 0; i < n; i += 1)
      this.add('gov.permits.application.submitted.v1', `app-${this.events.length}`, { i });
  }

  issue(permitNumber = PERMIT): number {
    return this.add('gov.permits.permit.issued.v1', permitNumber, {
      permitNumber,
      applicationId: '0190a0c2-0000-7000-8000-000000000001',
      permitType: 'building.small-extension',
      typeVersion: 1,
      holderHash: 'ab'.repeat(32),
      validFrom: '2026-11-01T00:00:00.000Z',
      validUntil: '2027-11-01T00:00:00.000Z',
    });
  }

  revoke(permitNumber = PERMIT): number {
    return this.add('gov.permits.permit.revoked.v1', permitNumber, {
      permitNumber,
      reasonCode: 'CONDITIONS_BREACHED',
    });
  }

  private bytes = (seq: number) => canonicalJson(this.events[seq]);
  private leaves = (size = this.events.length): Hash[] =>
    Array.from({ length: size }, (_, seq) => leafHash(this.bytes(seq)));

  head(size = this.events.length, key: KeyObject = this.key.privateKey): TreeHead {
    return signTreeHead(
      {
        treeSize: size,
        rootHash: treeRoot(rangeHasherOf(this.leaves(size)), size).toString('hex'),
        timestamp: '2026-11-23T10:00:00.000Z',
      },
      key,
    );
  }

  path(seq: number, size: number): string[] {
    return inclusionProof(rangeHasherOf(this.leaves(size)), seq, size).map((h) =>
      h.toString('hex'),
    );
  }

  /** What the audit service answers: the permit's entries in the tree of `size`. */
  proof(permitNumber = PERMIT, size = this.events.length): PermitProofDocument {
    const head = this.head(size);
    const entries = this.events.flatMap((event, seq) =>
      seq < size && event.subject === permitNumber
        ? [
            {
              seq,
              type: event.type as string,
              subject: permitNumber,
              actor: 'system',
              occurredAt: event.time as string,
              data: this.bytes(seq).toString('utf8'),
              leafHash: leafHash(this.bytes(seq)).toString('hex'),
              inclusionProof: this.path(seq, size),
            },
          ]
        : [],
    );
    return { format: PERMIT_PROOF_FORMAT, permitNumber, treeHead: head, entries };
  }

  /** `npm run audit:export` of the whole log (or of one subject): JSON Lines. */
  exportLines(options: { size?: number; subject?: string } = {}): string[] {
    const size = options.size ?? this.events.length;
    const leaves = this.leaves(size);
    const hashRange = rangeHasherOf(leaves);
    const header: ExportHeader = {
      kind: 'header',
      format: EXPORT_FORMAT,
      query: options.subject ? { subject: options.subject } : {},
      treeHead: this.head(size),
      publicKeys: [this.trusted()].flatMap((m) =>
        [...m].map(([keyId, publicKey]) => ({ keyId, publicKey })),
      ),
      complete: options.subject === undefined,
    };
    const lines = [JSON.stringify(header)];
    let previous: Buffer = GENESIS_HASH;
    leaves.forEach((leaf, seq) => {
      const link = entryHash(previous, leaf);
      const event = this.events[seq] as Record<string, string>;
      const entry: ExportEntry = {
        kind: 'entry',
        seq,
        type: event.type as string,
        subject: event.subject as string,
        actor: event.actor as string,
        occurredAt: event.time as string,
        data: this.bytes(seq).toString('utf8'),
        leafHash: leaf.toString('hex'),
        previousEntryHash: previous.toString('hex'),
        entryHash: link.toString('hex'),
        inclusionProof: inclusionProof(hashRange, seq, size).map((h) => h.toString('hex')),
      };
      if (options.subject === undefined || entry.subject === options.subject)
        lines.push(JSON.stringify(entry));
      previous = link;
    });
    return lines;
  }

  trusted(): Map<string, string> {
    return new Map([
      [keyIdOf(this.key.publicKey), rawPublicKey(this.key.publicKey).toString('base64')],
    ]);
  }
}

/** A log with the permit issued among other cases' events, and another permit after it. */
const givenIssued = () => {
  const log = new Log();
  log.filler(11);
  const issued = log.issue();
  log.filler(6);
  log.issue(OTHER);
  log.filler(3);
  return { log, issued };
};

const copy = (proof: PermitProofDocument): PermitProofDocument =>
  JSON.parse(JSON.stringify(proof)) as PermitProofDocument;

const history = (proof: PermitProofDocument, lines: string[], trusted: Map<string, string>) => {
  const check = createPermitHistoryCheck(proof, { trustedKeys: trusted });
  lines.forEach((line) => check.push(line));
  return check.finish();
};

describe('verifyPermitProof', () => {
  it('accepts a genuine proof: issued, proven, as of its tree head', () => {
    const { log, issued } = givenIssued();
    const result = verifyPermitProof(log.proof(), { trustedKeys: log.trusted() });
    expect(result).toMatchObject({
      ok: true,
      failures: [],
      permitNumber: PERMIT,
      status: 'issued',
      treeHead: { treeSize: 22 },
      events: [
        {
          seq: issued,
          type: 'gov.permits.permit.issued.v1',
          kind: 'issued',
          facts: expect.objectContaining({ validUntil: '2027-11-01T00:00:00.000Z' }) as unknown,
        },
      ],
    });
  });

  it('says revoked when the proof holds the revocation after the issuance', () => {
    const { log } = givenIssued();
    log.filler(4);
    const revoked = log.revoke();
    const result = verifyPermitProof(log.proof(), { trustedKeys: log.trusted() });
    expect(result.ok).toBe(true);
    expect(result.status).toBe('revoked');
    expect(result.events.map((e) => [e.seq, e.kind])).toEqual([
      [11, 'issued'],
      [revoked, 'revoked'],
    ]);
  });

  it('rejects an entry with one byte flipped', () => {
    const { log, issued } = givenIssued();
    const proof = copy(log.proof());
    const entry = proof.entries[0] as PermitProofDocument['entries'][number];
    entry.data = entry.data.replace('2027-11-01', '2029-11-01');
    const result = verifyPermitProof(proof, { trustedKeys: log.trusted() });
    expect(result.ok).toBe(false);
    expect(result.status).toBeUndefined();
    expect(result.failures).toEqual([
      `entry ${issued}: leaf hash does not match the data (the event was changed)`,
      `entry ${issued}: not in the signed tree of size 22 (inclusion proof fails)`,
    ]);
  });

  it('rejects a forged entry whose leaf hash was made to fit', () => {
    const { log, issued } = givenIssued();
    const proof = copy(log.proof());
    const entry = proof.entries[0] as PermitProofDocument['entries'][number];
    entry.data = entry.data.replace('2027-11-01', '2029-11-01');
    entry.leafHash = leafHash(Buffer.from(entry.data)).toString('hex');
    expect(verifyPermitProof(proof, { trustedKeys: log.trusted() }).failures).toEqual([
      `entry ${issued}: not in the signed tree of size 22 (inclusion proof fails)`,
    ]);
  });

  it('rejects an audit path taken from another tree', () => {
    const { log, issued } = givenIssued();
    // Another log of the same size, where the same entry sits among other events.
    const other = new Log('b');
    other.filler(11);
    other.issue();
    other.filler(10);
    const proof = copy(log.proof());
    (proof.entries[0] as PermitProofDocument['entries'][number]).inclusionProof = other.path(
      issued,
      22,
    );
    expect(verifyPermitProof(proof, { trustedKeys: log.trusted() }).failures).toEqual([
      `entry ${issued}: not in the signed tree of size 22 (inclusion proof fails)`,
    ]);
    // A path of this log, but for a larger tree than the signed head.
    log.filler(9);
    const stale = copy(proof);
    (stale.entries[0] as PermitProofDocument['entries'][number]).inclusionProof = log.path(
      issued,
      31,
    );
    expect(verifyPermitProof(stale, { trustedKeys: log.trusted() }).ok).toBe(false);
  });

  it('rejects a tree head signed by a key it does not trust, or whose signature does not fit', () => {
    const { log } = givenIssued();
    const stranger = generateKeyPairSync('ed25519');
    const proof = copy(log.proof());
    proof.treeHead = log.head(22, stranger.privateKey);
    expect(verifyPermitProof(proof, { trustedKeys: log.trusted() }).failures).toEqual([
      `tree head of size 22 is signed by key ${keyIdOf(stranger.publicKey)}, which is not one of the trusted keys`,
    ]);
    // The trusted key's id on a head the stranger signed.
    const forged = copy(log.proof());
    forged.treeHead = { ...log.head(22, stranger.privateKey), keyId: keyIdOf(log.key.publicKey) };
    expect(verifyPermitProof(forged, { trustedKeys: log.trusted() }).failures).toEqual([
      `tree head of size 22: signature does not verify with the trusted key ${keyIdOf(log.key.publicKey)}`,
    ]);
    // A genuine head whose size was changed.
    const resized = copy(log.proof());
    resized.treeHead.treeSize = 23;
    expect(verifyPermitProof(resized, { trustedKeys: log.trusted() }).ok).toBe(false);
  });

  it("rejects another permit's entries, and a proof without an issuance", () => {
    const { log } = givenIssued();
    const proof = copy(log.proof());
    const theirs = log.proof(OTHER).entries[0] as PermitProofDocument['entries'][number];
    proof.entries = [theirs];
    expect(verifyPermitProof(proof, { trustedKeys: log.trusted() }).failures).toEqual([
      `entry ${theirs.seq}: about ${OTHER}, not ${PERMIT}`,
      `entry ${theirs.seq}: the issuance names permit ${OTHER}`,
    ]);
    const empty = { ...copy(log.proof()), entries: [] };
    expect(verifyPermitProof(empty, { trustedKeys: log.trusted() }).failures).toEqual([
      'no entries',
    ]);
    const revokedOnly = new Log();
    revokedOnly.filler(2);
    revokedOnly.revoke();
    expect(
      verifyPermitProof(revokedOnly.proof(), { trustedKeys: revokedOnly.trusted() }).failures,
    ).toEqual([`no issuance of permit ${PERMIT} is among the entries`]);
    expect(
      verifyPermitProof({ format: 'x' } as unknown as PermitProofDocument, {
        trustedKeys: log.trusted(),
      }).failures,
    ).toEqual([`not a ${PERMIT_PROOF_FORMAT} document`]);
  });
});

describe('createPermitHistoryCheck', () => {
  it('proves with a complete export that no revocation exists up to its tree head', () => {
    const { log } = givenIssued();
    const proof = log.proof();
    log.filler(7);
    const result = history(proof, log.exportLines(), log.trusted());
    expect(result).toMatchObject({
      ok: true,
      failures: [],
      status: 'issued',
      entries: 29,
      treeHead: { treeSize: 29 },
      events: [{ seq: 11, kind: 'issued' }],
    });
  });

  it('finds a revocation recorded after the proof was taken', () => {
    const { log } = givenIssued();
    const proof = log.proof();
    log.filler(2);
    const revoked = log.revoke();
    const result = history(proof, log.exportLines(), log.trusted());
    expect(result.ok).toBe(true);
    expect(result.status).toBe('revoked');
    expect(result.events.map((e) => [e.seq, e.kind])).toEqual([
      [11, 'issued'],
      [revoked, 'revoked'],
    ]);
  });

  it('names a revocation the proof left out', () => {
    const { log } = givenIssued();
    const revoked = log.revoke();
    const honest = log.proof();
    const lying = { ...honest, entries: honest.entries.slice(0, 1) };
    // The proof alone verifies: an omission is what it cannot show.
    expect(verifyPermitProof(lying, { trustedKeys: log.trusted() }).status).toBe('issued');
    expect(history(lying, log.exportLines(), log.trusted()).failures).toEqual([
      `the proof left out entry ${revoked} (gov.permits.permit.revoked.v1) of permit ${PERMIT}`,
    ]);
  });

  it('refuses an export that is filtered, older than the proof, of another log, or tampered', () => {
    const { log } = givenIssued();
    const proof = log.proof();
    expect(history(proof, log.exportLines({ subject: PERMIT }), log.trusted()).failures).toEqual([
      'the export is not complete (it was filtered): it cannot prove an absence',
    ]);
    expect(history(proof, log.exportLines({ size: 15 }), log.trusted()).failures).toEqual([
      "the export's tree head (size 15) is older than the proof's (size 22): export the log again",
    ]);
    // A log that shares the key but not the history.
    const other = new Log('b');
    Object.assign(other, { key: log.key });
    other.filler(11);
    other.issue();
    other.filler(12);
    expect(history(proof, other.exportLines(), log.trusted()).failures).toEqual([
      "the export's first 22 entries do not hash to the proof's signed root: the two tree heads do not describe one log",
    ]);
    const lines = log.exportLines();
    lines[3] = (lines[3] as string).replace('\\"i\\":2', '\\"i\\":7');
    const tampered = history(proof, lines, log.trusted());
    expect(tampered.ok).toBe(false);
    expect(tampered.status).toBeUndefined();
    expect(tampered.failures).toContain(
      'export line 4 (entry 2): leaf hash does not match the data (the event was changed)',
    );
  });
});
