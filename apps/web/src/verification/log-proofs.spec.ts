import { describe, expect, it } from '@jest/globals';
import canonicalize from 'canonicalize';
import {
  bytesToHex,
  checkEntryInHead,
  checkTreeHead,
  hexToBytes,
  keyIdOf,
  leafHash,
  nodeHash,
  treeHeadMessage,
  utf8,
  verifyInclusion,
  type TreeHead,
  type TrustedKey,
} from './log-proofs.js';
import { verifyPermitProof, type PermitProof } from './permit-proof.js';

/*
 * The browser's checks, run in Node 24 (the same Web Crypto as Chromium's): the Certificate
 * Transparency vectors that libs/audit-log's tests use, proofs and heads made here with Web
 * Crypto, and tampered inputs, each rejected with its reason. test/integration/web-log-proofs
 * checks proofs that the real audit service made.
 */

// RFC 6962's reference leaves and MTH(D[1..8]) (libs/audit-log/src/merkle.spec.ts).
const LEAF_DATA = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const LEAF_5_OF_8 = [
  'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
  'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
];

const bytes = (hex: string) => hexToBytes(hex) as Uint8Array<ArrayBuffer>;
const split = (n: number) => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};
/** MTH and PATH of RFC 6962 §2.1, for the test's own trees. */
const mth = async (leaves: Uint8Array[]): Promise<Uint8Array> => {
  if (leaves.length === 1) return leaves[0] as Uint8Array;
  const k = split(leaves.length);
  return nodeHash(await mth(leaves.slice(0, k)), await mth(leaves.slice(k)));
};
const path = async (m: number, leaves: Uint8Array[]): Promise<Uint8Array[]> => {
  if (leaves.length <= 1) return [];
  const k = split(leaves.length);
  return m < k
    ? [...(await path(m, leaves.slice(0, k))), await mth(leaves.slice(k))]
    : [...(await path(m - k, leaves.slice(k))), await mth(leaves.slice(0, k))];
};
const flip = (data: Uint8Array, at = 0): Uint8Array => {
  const copy = Uint8Array.from(data);
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
};

const ctLeaves = () => Promise.all(LEAF_DATA.map((hex) => leafHash(bytes(hex))));

describe('RFC 6962 in the browser (Web Crypto)', () => {
  it('gives the Certificate Transparency roots of 1 to 8 leaves', async () => {
    const leaves = await ctLeaves();
    for (let n = 1; n <= 8; n += 1)
      expect({ n, root: bytesToHex(await mth(leaves.slice(0, n))) }).toEqual({
        n,
        root: ROOTS[n - 1],
      });
  });

  it('verifies the known audit path of leaf 5 in the tree of 8, and every leaf of every tree', async () => {
    const leaves = await ctLeaves();
    const root8 = bytes(ROOTS[7] as string);
    expect(
      await verifyInclusion(leaves[5] as Uint8Array, 5, 8, LEAF_5_OF_8.map(bytes), root8),
    ).toBe(true);
    for (let n = 1; n <= 8; n += 1)
      for (let m = 0; m < n; m += 1) {
        const proof = await path(m, leaves.slice(0, n));
        const ok = await verifyInclusion(
          leaves[m] as Uint8Array,
          m,
          n,
          proof,
          bytes(ROOTS[n - 1] as string),
        );
        expect({ n, m, ok }).toEqual({ n, m, ok: true });
      }
  });

  it('rejects a flipped byte in the leaf, the path or the root, a wrong index, and a path from another tree', async () => {
    const leaves = await ctLeaves();
    const leaf = leaves[5] as Uint8Array;
    const proof = LEAF_5_OF_8.map(bytes);
    const root = bytes(ROOTS[7] as string);
    expect(await verifyInclusion(flip(leaf), 5, 8, proof, root)).toBe(false);
    expect(
      await verifyInclusion(
        leaf,
        5,
        8,
        [flip(proof[0] as Uint8Array, 31), ...proof.slice(1)],
        root,
      ),
    ).toBe(false);
    expect(await verifyInclusion(leaf, 5, 8, proof, flip(root, 7))).toBe(false);
    expect(await verifyInclusion(leaf, 4, 8, proof, root)).toBe(false);
    expect(await verifyInclusion(leaf, 5, 8, proof.slice(0, 2), root)).toBe(false);
    expect(await verifyInclusion(leaf, 8, 8, proof, root)).toBe(false);
    // Leaf 5's path in the tree of 7, against the tree of 8's root (and the other way round).
    const of7 = await path(5, leaves.slice(0, 7));
    expect(await verifyInclusion(leaf, 5, 7, of7, bytes(ROOTS[6] as string))).toBe(true);
    expect(await verifyInclusion(leaf, 5, 8, of7, root)).toBe(false);
    expect(await verifyInclusion(leaf, 5, 7, proof, bytes(ROOTS[6] as string))).toBe(false);
  });
});

/** A log in memory, hashed and signed as docs/audit.md says, with Web Crypto. */
const aLog = async (events: Record<string, unknown>[]) => {
  const keys = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', keys.publicKey));
  const keyId = await keyIdOf(raw);
  const trusted: TrustedKey = { keyId, publicKey: btoa(String.fromCharCode(...raw)) };
  const datas = events.map((event) => canonicalize(event) as string);
  const leaves = await Promise.all(datas.map((data) => leafHash(utf8(data))));
  const sign = async (head: Omit<TreeHead, 'signature'>, key = keys.privateKey) => ({
    ...head,
    signature: btoa(
      String.fromCharCode(
        ...new Uint8Array(
          await crypto.subtle.sign({ name: 'Ed25519' }, key, treeHeadMessage(head)),
        ),
      ),
    ),
  });
  const head = await sign({
    treeSize: leaves.length,
    rootHash: bytesToHex(await mth(leaves)),
    timestamp: '2026-11-30T10:00:00.000Z',
    keyId,
  });
  const entry = async (seq: number) => {
    const event = events[seq] as Record<string, string>;
    return {
      seq,
      type: event.type as string,
      subject: event.subject as string,
      actor: event.actor as string,
      occurredAt: event.time as string,
      data: datas[seq] as string,
      leafHash: bytesToHex(leaves[seq] as Uint8Array),
      inclusionProof: (await path(seq, leaves)).map(bytesToHex),
    };
  };
  return { trusted, head, sign, entry, keys };
};

const PERMIT = 'BP-P-2026-000007';
const event = (seq: number, type: string, subject: string, data: Record<string, unknown>) => ({
  id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
  type,
  subject,
  time: `2026-11-0${1 + (seq % 8)}T09:00:00.000Z`,
  actor: 'system',
  correlationid: `c-${seq}`,
  data,
});
const permitLog = () =>
  aLog([
    event(0, 'gov.permits.application.submitted.v1', 'app-1', { applicationId: 'app-1' }),
    event(1, 'gov.permits.permit.issued.v1', PERMIT, {
      permitNumber: PERMIT,
      validFrom: '2026-11-02T00:00:00.000Z',
      validUntil: '2027-11-02T00:00:00.000Z',
    }),
    event(2, 'gov.payments.invoice.paid.v1', 'inv-1', { invoiceId: 'inv-1' }),
    event(3, 'gov.permits.permit.issued.v1', 'BP-P-2026-000008', {
      permitNumber: 'BP-P-2026-000008',
    }),
    event(4, 'gov.permits.permit.revoked.v1', PERMIT, {
      permitNumber: PERMIT,
      reasonCode: 'CONDITIONS_BREACHED',
    }),
  ]);

describe('signed tree heads in the browser', () => {
  it('verifies a head signed by a pinned key; refuses an unknown key, a changed head and a key that is not its id', async () => {
    const log = await permitLog();
    expect(await checkTreeHead(log.head, [log.trusted])).toBeUndefined();

    const other = await aLog([event(0, 'gov.x.y.z.v1', 's', {})]);
    expect(await checkTreeHead(other.head, [log.trusted])).toEqual({
      code: 'head-unknown-key',
      treeSize: 1,
      keyId: other.trusted.keyId,
    });
    // Another key's bytes under this key's id: not the key of that id.
    expect(
      await checkTreeHead(log.head, [
        { keyId: log.trusted.keyId, publicKey: other.trusted.publicKey },
      ]),
    ).toMatchObject({ code: 'head-unknown-key' });
    // Signed with another key under this key's id.
    const forged = await log.sign(
      {
        treeSize: 5,
        rootHash: log.head.rootHash,
        timestamp: log.head.timestamp,
        keyId: log.trusted.keyId,
      },
      other.keys.privateKey,
    );
    expect(await checkTreeHead(forged, [log.trusted])).toMatchObject({
      code: 'head-bad-signature',
    });
    for (const changed of [
      { ...log.head, treeSize: 6 },
      { ...log.head, rootHash: bytesToHex(flip(bytes(log.head.rootHash), 3)) },
      { ...log.head, timestamp: '2026-11-30T10:00:01.000Z' },
    ])
      expect(await checkTreeHead(changed, [log.trusted])).toMatchObject({
        code: 'head-bad-signature',
      });
    expect(await checkTreeHead({ treeSize: 'x' }, [log.trusted])).toEqual({
      code: 'head-malformed',
    });
  });

  it('proves a shown entry in the head from its data; a changed event or a path of another entry fails', async () => {
    const log = await permitLog();
    const entry = await log.entry(2);
    expect(await checkEntryInHead(entry, entry.inclusionProof, log.head)).toEqual([]);
    const changed = { ...entry, data: entry.data.replace('inv-1', 'inv-2') };
    expect(await checkEntryInHead(changed, entry.inclusionProof, log.head)).toEqual([
      { code: 'entry-leaf-mismatch', seq: 2 },
      { code: 'entry-not-included', seq: 2, treeSize: 5 },
    ]);
    const neighbour = await log.entry(3);
    expect(await checkEntryInHead(entry, neighbour.inclusionProof, log.head)).toEqual([
      { code: 'entry-not-included', seq: 2, treeSize: 5 },
    ]);
    expect(await checkEntryInHead({ ...entry, seq: 5 }, entry.inclusionProof, log.head)).toEqual([
      { code: 'entry-outside-tree', seq: 5, treeSize: 5 },
    ]);
  });
});

describe('a permit proof in the browser', () => {
  const proofOf = async (log: Awaited<ReturnType<typeof permitLog>>): Promise<PermitProof> => ({
    format: 'civic-permit-proof-v1',
    permitNumber: PERMIT,
    treeHead: log.head,
    entries: [await log.entry(1), await log.entry(4)],
  });

  it('proves the issuance and the status as of the tree head', async () => {
    const log = await permitLog();
    const result = await verifyPermitProof(await proofOf(log), [log.trusted]);
    expect(result).toMatchObject({
      ok: true,
      failures: [],
      status: 'revoked',
      treeHead: { treeSize: 5 },
      events: [
        { seq: 1, kind: 'issued', facts: { validUntil: '2027-11-02T00:00:00.000Z' } },
        { seq: 4, kind: 'revoked' },
      ],
    });
    const issuedOnly = { ...(await proofOf(log)), entries: [await log.entry(1)] };
    expect(await verifyPermitProof(issuedOnly, [log.trusted])).toMatchObject({
      ok: true,
      status: 'issued',
    });
  });

  it('rejects tampered proofs with the reason', async () => {
    const log = await permitLog();
    const proof = await proofOf(log);
    const [issued, revoked] = proof.entries as [
      PermitProof['entries'][0],
      PermitProof['entries'][0],
    ];
    const failuresOf = async (changed: unknown, keys = [log.trusted]) =>
      (await verifyPermitProof(changed, keys)).failures;

    // A flipped byte in the event: its leaf no longer matches, nor its inclusion.
    const data = utf8(issued.data);
    const flippedData = new TextDecoder().decode(flip(data, data.indexOf(0x32 /* '2' */)));
    expect(
      await failuresOf({ ...proof, entries: [{ ...issued, data: flippedData }, revoked] }),
    ).toEqual(
      expect.arrayContaining([
        { code: 'entry-leaf-mismatch', seq: 1 },
        { code: 'entry-not-included', seq: 1, treeSize: 5 },
      ]),
    );
    // The revocation left out and its hash smuggled in: the leaf hash does not match its data.
    expect(
      await failuresOf({
        ...proof,
        entries: [issued, { ...revoked, leafHash: issued.leafHash }],
      }),
    ).toEqual([{ code: 'entry-leaf-mismatch', seq: 4 }]);
    // A flipped byte in the audit path.
    const badPath = [...issued.inclusionProof];
    badPath[0] = bytesToHex(flip(bytes(badPath[0] as string)));
    expect(
      await failuresOf({ ...proof, entries: [{ ...issued, inclusionProof: badPath }, revoked] }),
    ).toEqual([{ code: 'entry-not-included', seq: 1, treeSize: 5 }]);
    // The path of the same entry in another tree (another log, same events but one).
    const otherTree = await aLog([
      event(0, 'gov.permits.application.submitted.v1', 'app-1', { applicationId: 'app-1' }),
      JSON.parse(issued.data) as Record<string, unknown>,
      event(2, 'gov.payments.invoice.paid.v1', 'inv-9', { invoiceId: 'inv-9' }),
    ]);
    const fromOther = await otherTree.entry(1);
    expect(
      await failuresOf({
        ...proof,
        entries: [{ ...issued, inclusionProof: fromOther.inclusionProof }, revoked],
      }),
    ).toEqual([{ code: 'entry-not-included', seq: 1, treeSize: 5 }]);
    // A head signed by a key nobody pinned: nothing else is believed.
    expect(await failuresOf({ ...proof, treeHead: otherTree.head })).toEqual([
      { code: 'head-unknown-key', treeSize: 3, keyId: otherTree.trusted.keyId },
    ]);
    expect(await failuresOf(proof, [otherTree.trusted])).toEqual([
      { code: 'head-unknown-key', treeSize: 5, keyId: log.trusted.keyId },
    ]);
    // Another permit's issuance offered as this one's.
    const other = await log.entry(3);
    expect(await failuresOf({ ...proof, entries: [other] })).toEqual([
      { code: 'entry-other-subject', seq: 3 },
      { code: 'issuance-other-permit', seq: 3 },
    ]);
    // Not a permit event; no issuance; order; nothing; not a proof.
    const submitted = await log.entry(0);
    expect(await failuresOf({ ...proof, entries: [{ ...submitted, subject: PERMIT }] })).toEqual(
      expect.arrayContaining([{ code: 'entry-not-permit-event', seq: 0 }]),
    );
    expect(await failuresOf({ ...proof, entries: [revoked] })).toEqual([{ code: 'no-issuance' }]);
    expect(await failuresOf({ ...proof, entries: [revoked, issued] })).toEqual([
      { code: 'entry-out-of-order', seq: 1 },
    ]);
    expect(await failuresOf({ ...proof, entries: [] })).toEqual([{ code: 'no-entries' }]);
    expect(await failuresOf({ ...proof, format: 'x' })).toEqual([{ code: 'not-a-proof' }]);
    // Data that is not canonical JSON (same event, other spacing).
    const spaced = JSON.stringify(JSON.parse(issued.data), null, 1);
    expect(await failuresOf({ ...proof, entries: [{ ...issued, data: spaced }, revoked] })).toEqual(
      expect.arrayContaining([{ code: 'entry-not-canonical', seq: 1 }]),
    );
  });
});
