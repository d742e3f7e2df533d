/**
 * The audit log against the real audit process, NATS and PostgreSQL: every event of the
 * context streams appended exactly once (also across a kill -9 in the middle of a burst), the
 * hash chain and the Merkle tree consistent with what is stored, signed tree heads, proofs
 * that verify, and a log the database refuses to change.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { createPublicKey } from 'node:crypto';
import { PERMIT_APPLICATION_SUBMITTED_V1, SYSTEM_ACTOR } from '#contracts';
import { appEntry, freePort, ManagedProcess, repoRoot } from '#devstack';
import { buildEnvelope, connectNats, ServiceClient } from '#platform';
import {
  entryHash,
  GENESIS_HASH,
  leafHash,
  rangeHasherOf,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
  verifyTreeHead,
  type TreeHead,
} from '#platform/audit';
import { eventually, testEnv } from '#testing';

const startAudit = async (): Promise<ManagedProcess> => {
  const env = testEnv();
  const nats = env.serviceNatsAuth('audit');
  const proc = new ManagedProcess({
    name: 'audit',
    command: process.execPath,
    args: [appEntry('audit')],
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: env.databaseUrl,
      NATS_URL: env.natsUrl,
      NATS_USER: nats.user,
      NATS_PASSWORD: nats.pass,
      AUDIT_OPS_PORT: String(await freePort()),
      AUDIT_TREE_HEAD_INTERVAL_SECONDS: '1',
      AUDIT_SIGNING_KEY: SIGNING_KEY,
    },
  });
  return proc;
};

const SIGNING_KEY = (await import('node:crypto'))
  .generateKeyPairSync('ed25519')
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

interface Entry {
  seq: string;
  event_id: string;
  data: Buffer;
  leaf_hash: Buffer;
  entry_hash: Buffer;
}

describe('audit log: complete, exactly once, tamper-evident', () => {
  let nc: NatsConnection;
  let db: pg.Client;
  let client: ServiceClient;
  let audit: ManagedProcess;

  beforeAll(async () => {
    nc = await connectNats({
      name: 'itest-audit',
      servers: testEnv().natsUrl,
      auth: testEnv().natsAuth,
    });
    client = new ServiceClient(nc, 5_000);
    db = new pg.Client({
      connectionString: testEnv().databaseUrl,
      options: '-c search_path=audit',
    });
    await db.connect();
    audit = await startAudit();
  });

  afterAll(async () => {
    await audit?.stop('SIGTERM', 15_000);
    await nc?.close();
    await db?.end();
  });

  const publish = async (count: number) => {
    const js = jetstream(nc);
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const id = randomUUID();
      const event = buildEnvelope(
        'permits',
        {
          subject: PERMIT_APPLICATION_SUBMITTED_V1,
          aggregateId: id,
          actor: SYSTEM_ACTOR,
          data: {
            applicationId: id,
            applicantId: randomUUID(),
            permitType: 'audit.test',
            submittedAt: new Date().toISOString(),
          },
        },
        1,
        `audit-${id}`,
      );
      ids.push(event.id);
      await js.publish(PERMIT_APPLICATION_SUBMITTED_V1, JSON.stringify(event), { msgID: event.id });
      if (i % 7 === 0)
        // The same event again, past the dedupe window (another message id): one entry only.
        await js.publish(PERMIT_APPLICATION_SUBMITTED_V1, JSON.stringify(event), {
          msgID: `again-${event.id}`,
        });
    }
    return ids;
  };

  const entriesOf = async (ids: string[]) =>
    eventually(
      async () => {
        const rows = await db.query<Entry>(
          'SELECT seq, event_id, data, leaf_hash, entry_hash FROM audit_entries WHERE event_id = ANY($1::uuid[])',
          [ids],
        );
        return rows.rows.length === ids.length ? rows.rows : undefined;
      },
      60_000,
      'events in the audit log',
    );

  const wholeLog = async () =>
    (
      await db.query<Entry>(
        'SELECT seq, event_id, data, leaf_hash, entry_hash FROM audit_entries ORDER BY seq',
      )
    ).rows;

  it('appends every event once, chained and hashed as documented', async () => {
    const ids = await publish(40);
    const entries = await entriesOf(ids);
    expect(new Set(entries.map((e) => e.event_id)).size).toBe(40);
    const log = await wholeLog();
    let previous: Buffer = GENESIS_HASH;
    log.forEach((entry, i) => {
      expect(Number(entry.seq)).toBe(i);
      expect(entry.leaf_hash.equals(leafHash(entry.data))).toBe(true);
      previous = entryHash(previous, entry.leaf_hash);
      expect(entry.entry_hash.equals(previous)).toBe(true);
    });
  });

  it('signs tree heads whose root is the Merkle root of the entries, and proofs that verify', async () => {
    const first = await client.request<TreeHead>('audit.tree-heads.sign', {});
    await publish(5);
    const second = await eventually(async () => {
      const head = await client.request<TreeHead>('audit.tree-heads.sign', {});
      return head.treeSize > first.treeSize ? head : undefined;
    });
    const keys = await client.request<{ keyId: string; publicKey: string }[]>(
      'audit.public-keys',
      {},
    );
    const publicKeys = new Map(
      keys.map((k) => [
        k.keyId,
        createPublicKey({
          key: Buffer.concat([
            Buffer.from('302a300506032b6570032100', 'hex'),
            Buffer.from(k.publicKey, 'base64'),
          ]),
          format: 'der',
          type: 'spki',
        }),
      ]),
    );
    expect(verifyTreeHead(first, publicKeys)).toBe(true);
    expect(verifyTreeHead(second, publicKeys)).toBe(true);
    const log = await wholeLog();
    const hashes = rangeHasherOf(log.map((e) => e.leaf_hash));
    expect(treeRoot(hashes, second.treeSize).toString('hex')).toBe(second.rootHash);
    expect(treeRoot(hashes, first.treeSize).toString('hex')).toBe(first.rootHash);

    const seq = Math.floor(second.treeSize / 2);
    const inclusion = await client.request<{ leafHash: string; auditPath: string[] }>(
      'audit.proofs.inclusion',
      {
        seq,
        treeSize: second.treeSize,
      },
    );
    expect(
      verifyInclusion(
        Buffer.from(inclusion.leafHash, 'hex'),
        seq,
        second.treeSize,
        inclusion.auditPath.map((h) => Buffer.from(h, 'hex')),
        Buffer.from(second.rootHash, 'hex'),
      ),
    ).toBe(true);
    const consistency = await client.request<{ proof: string[] }>('audit.proofs.consistency', {
      first: first.treeSize,
      second: second.treeSize,
    });
    expect(
      verifyConsistency(
        first.treeSize,
        second.treeSize,
        Buffer.from(first.rootHash, 'hex'),
        Buffer.from(second.rootHash, 'hex'),
        consistency.proof.map((h) => Buffer.from(h, 'hex')),
      ),
    ).toBe(true);
  });

  it.each([
    ['UPDATE', "UPDATE audit_entries SET type = 'forged' WHERE seq = 0"],
    ['DELETE', 'DELETE FROM audit_entries WHERE seq = 0'],
    ['TRUNCATE', 'TRUNCATE audit_entries'],
    ['UPDATE of a tree head', 'UPDATE tree_heads SET tree_size = tree_size + 1000'],
    ['DELETE of a Merkle node', 'DELETE FROM merkle_nodes'],
  ])('refuses %s of the log in the database itself', async (_label, sql) => {
    await expect(db.query(sql)).rejects.toThrow(/append-only/);
  });

  it('loses and duplicates nothing when killed -9 in the middle of a burst', async () => {
    const burst = publish(300);
    await eventually(async () => {
      const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_entries');
      return (rows.rows[0]?.n ?? 0) > 60 ? true : undefined;
    });
    await audit.stop('SIGKILL', 5_000);
    const ids = await burst;
    audit = await startAudit();
    const entries = await entriesOf(ids);
    expect(new Set(entries.map((e) => e.event_id)).size).toBe(ids.length);
    const log = await wholeLog();
    expect(new Set(log.map((e) => e.event_id)).size).toBe(log.length);
    let previous: Buffer = GENESIS_HASH;
    for (const [i, entry] of log.entries()) {
      expect(Number(entry.seq)).toBe(i);
      previous = entryHash(previous, entry.leaf_hash);
      expect(entry.entry_hash.equals(previous)).toBe(true);
    }
  });
});
