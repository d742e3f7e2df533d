/**
 * The web UI's browser verification library (apps/web/src/verification, Web Crypto only) on what
 * the REAL audit service answers, through the gateway: a permit's proof, an entry's inclusion
 * proof and the latest signed tree head all verify with the service's public key; the same
 * answers tampered with are rejected with their reasons. (The browser tests show the pages
 * running these checks; this one shows that the checks agree with the service's own formats.)
 */
import { generateKeyPairSync, randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { signTreeHead } from '#audit-log';
import { PERMIT_ISSUED_V1, SYSTEM_ACTOR } from '#contracts';
import type { ManagedProcess } from '#devstack';
import { buildEnvelope, connectNats } from '#platform';
import { eventually, testEnv } from '#testing';
import {
  checkEntryInHead,
  checkTreeHead,
  type TreeHead,
  type TrustedKey,
} from '../../apps/web/src/verification/log-proofs.js';
import {
  verifyPermitProof,
  type PermitProof,
} from '../../apps/web/src/verification/permit-proof.js';
import { anAccount, type Account } from '../factories/accounts.js';
import { keyPem, startTestApp } from '../factories/apps.js';
import { call, startGateway, type Gateway } from '../factories/gateway.js';

const permitNumber = () => `WEB-P-2026-${String(randomInt(0, 1e9)).padStart(9, '0')}`;

describe('the browser verification library on the real audit service’s proofs', () => {
  let nc: NatsConnection;
  let db: pg.Client;
  let audit: ManagedProcess;
  let gateway: Gateway;
  let auditor: Account;
  let keys: TrustedKey[];
  const number = permitNumber();

  beforeAll(async () => {
    nc = await connectNats({
      name: 'itest-web-log-proofs',
      servers: testEnv().natsUrl,
      auth: testEnv().natsAuth,
    });
    db = new pg.Client({
      connectionString: testEnv().databaseUrl,
      options: '-c search_path=audit',
    });
    await db.connect();
    [audit, gateway] = await Promise.all([
      startTestApp('audit', { AUDIT_TREE_HEAD_INTERVAL_SECONDS: '1', AUDIT_SIGNING_KEY: keyPem() }),
      startGateway(),
    ]);
    const event = buildEnvelope(
      'permits',
      {
        subject: PERMIT_ISSUED_V1,
        aggregateId: number,
        actor: SYSTEM_ACTOR,
        data: {
          permitNumber: number,
          applicationId: randomUUID(),
          permitType: 'building.small-extension',
          typeVersion: 1,
          holderHash: 'cd'.repeat(32),
          validFrom: '2026-11-01T00:00:00.000Z',
          validUntil: '2027-11-01T00:00:00.000Z',
        },
      },
      1,
      randomUUID(),
    );
    await jetstream(nc).publish(event.type, JSON.stringify(event), { msgID: event.id });
    auditor = await anAccount(gateway, 'auditor');
    // The test's trusted channel to the keys: the service it started, asked once its key has
    // signed the head that covers the permit (the list holds the keys that signed a head).
    await proofOf();
    keys = (await call(gateway, 'GET', '/api/v1/audit/public-keys'))
      .body as unknown as TrustedKey[];
  });

  afterAll(async () => {
    await Promise.all([audit?.stop('SIGTERM', 15_000), gateway?.process.stop('SIGTERM', 15_000)]);
    await nc?.close();
    await db?.end();
  });

  const proofOf = () =>
    eventually(
      async () => {
        const reply = await call(gateway, 'GET', `/api/v1/permits/${number}/proof`);
        return reply.status === 200 ? (reply.body as unknown as PermitProof) : undefined;
      },
      60_000,
      `the proof of ${number}`,
    );

  it('verifies the service’s permit proof, and rejects it tampered with, naming why', async () => {
    const proof = await proofOf();
    const result = await verifyPermitProof(proof, keys);
    expect(result).toMatchObject({ ok: true, failures: [], status: 'issued' });
    const [entry] = proof.entries as [PermitProof['entries'][0]];
    expect(result.events).toEqual([expect.objectContaining({ seq: entry.seq, kind: 'issued' })]);

    const changed = { ...entry, data: entry.data.replace('cdcd', 'cdce') };
    expect((await verifyPermitProof({ ...proof, entries: [changed] }, keys)).failures).toEqual([
      { code: 'entry-leaf-mismatch', seq: entry.seq },
      { code: 'entry-not-included', seq: entry.seq, treeSize: proof.treeHead.treeSize },
    ]);
    // A head re-signed by a key that is not the log's (same fields, another signer).
    const other = generateKeyPairSync('ed25519').privateKey;
    const forged = signTreeHead(
      {
        treeSize: proof.treeHead.treeSize,
        rootHash: proof.treeHead.rootHash,
        timestamp: proof.treeHead.timestamp,
      },
      other,
    );
    expect((await verifyPermitProof({ ...proof, treeHead: forged }, keys)).failures).toEqual([
      { code: 'head-unknown-key', treeSize: forged.treeSize, keyId: forged.keyId },
    ]);
    // The service's own keys, but not the ones the reader pinned: nothing is believed.
    const pinnedElsewhere = [{ keyId: forged.keyId, publicKey: forged.keyId }];
    expect((await verifyPermitProof(proof, pinnedElsewhere)).ok).toBe(false);
  });

  it('verifies the auditor API’s latest head and an entry’s inclusion proof from its data', async () => {
    const proof = await proofOf();
    const seq = (proof.entries[0] as { seq: number }).seq;
    const head = (
      await call(gateway, 'GET', '/api/v1/audit/tree-heads/latest', {
        token: auditor.token,
      })
    ).body as unknown as TreeHead;
    expect(await checkTreeHead(head, keys)).toBeUndefined();
    expect(await checkTreeHead({ ...head, treeSize: head.treeSize + 1 }, keys)).toEqual({
      code: 'head-bad-signature',
      treeSize: head.treeSize + 1,
      keyId: head.keyId,
    });

    const entry = (
      await call(gateway, 'GET', `/api/v1/audit/entries/${seq}`, {
        token: auditor.token,
      })
    ).body as unknown as Parameters<typeof checkEntryInHead>[0];
    const inclusion = (
      await call(
        gateway,
        'GET',
        `/api/v1/audit/entries/${seq}/inclusion-proof?treeSize=${head.treeSize}`,
        {
          token: auditor.token,
        },
      )
    ).body as { auditPath: string[] };
    expect(await checkEntryInHead(entry, inclusion.auditPath, head)).toEqual([]);

    // Another entry's path does not prove this one.
    const neighbour = seq === 0 ? 1 : seq - 1;
    if (neighbour < head.treeSize) {
      const other = (
        await call(
          gateway,
          'GET',
          `/api/v1/audit/entries/${neighbour}/inclusion-proof?treeSize=${head.treeSize}`,
          {
            token: auditor.token,
          },
        )
      ).body as { auditPath: string[] };
      expect(await checkEntryInHead(entry, other.auditPath, head)).toEqual([
        { code: 'entry-not-included', seq, treeSize: head.treeSize },
      ]);
    }
    const changed = { ...entry, actor: 'user:someone:clerk' };
    expect(await checkEntryInHead(changed, inclusion.auditPath, head)).toEqual([
      { code: 'entry-fields-differ', seq },
    ]);
  });
});
