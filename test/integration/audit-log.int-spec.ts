/**
 * The audit log against the real audit process, NATS and PostgreSQL: every event of the
 * context streams appended exactly once (also across a kill -9 in the middle of a burst), the
 * hash chain and the Merkle tree consistent with what is stored, signed tree heads, proofs
 * that verify, and a log the database refuses to change.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { PERMIT_APPLICATION_SUBMITTED_V1 } from '#contracts';
import { type ManagedProcess, repoRoot, run } from '#devstack';
import {
  buildEnvelope,
  connectNats,
  listDeadLetters,
  runWithContext,
  ServiceClient,
} from '#platform';
import {
  ed25519PublicKey,
  entryHash,
  GENESIS_HASH,
  leafHash,
  rangeHasherOf,
  rawPublicKey,
  signTreeHead,
  verifyExport,
  type ExportEntry,
  type ExportHeader,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
  verifyTreeHead,
} from '#audit-log';
import { eventually, testEnv } from '#testing';
import { keyPem, startTestApp } from '../factories/apps.js';
import { submittedEvent } from '../factories/events.js';

const startAudit = (signingKey = SIGNING_KEY): Promise<ManagedProcess> =>
  startTestApp('audit', {
    AUDIT_TREE_HEAD_INTERVAL_SECONDS: '1',
    AUDIT_SIGNING_KEY: signingKey,
  });

const SIGNING_KEY = keyPem();
const AUDITOR = { userId: randomUUID(), role: 'auditor' } as const;

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
  /** Asks the audit service as an auditor (its patterns are asked for users). */
  const ask: ServiceClient['request'] = (pattern, data, options) =>
    runWithContext({ correlationId: randomUUID(), actor: AUDITOR }, () =>
      client.request(pattern, data, options),
    );
  /** Signs a tree head of the log as it is (the log is never empty when the tests sign). */
  const sign = async () => {
    const head = await ask('audit.tree-heads.sign', {});
    if (!head) throw new Error('the log has no entries to sign');
    return head;
  };

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

  /** A permit-submitted CloudEvent of its own aggregate. */
  const newEvent = (permitType = 'audit.test') => {
    const id = randomUUID();
    return buildEnvelope('permits', submittedEvent(id, permitType), 1, `audit-${id}`);
  };

  const publish = async (count: number) => {
    const js = jetstream(nc);
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const event = newEvent();
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
    const first = await sign();
    await publish(5);
    const second = await eventually(async () => {
      const head = await sign();
      return head.treeSize > first.treeSize ? head : undefined;
    });
    const keys = await ask('audit.public-keys', {});
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
    const inclusion = await ask('audit.proofs.inclusion', {
      seq,
      treeSize: second.treeSize,
    });
    expect(
      verifyInclusion(
        Buffer.from(inclusion.leafHash, 'hex'),
        seq,
        second.treeSize,
        inclusion.auditPath.map((h) => Buffer.from(h, 'hex')),
        Buffer.from(second.rootHash, 'hex'),
      ),
    ).toBe(true);
    const consistency = await ask('audit.proofs.consistency', {
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

  it('checks every request before a handler runs: fields, types and who asks', async () => {
    // Each read the handler answers is recorded in the trail (an outbox row naming the case):
    // a refused request must leave none.
    const marker = `case-${randomUUID()}`;
    const readsOf = async () =>
      (
        await db.query<{ n: string }>(
          `SELECT count(*) AS n FROM outbox WHERE subject = 'gov.audit.trail.read.v1' AND envelope LIKE $1`,
          [`%${marker}%`],
        )
      ).rows[0]?.n;
    // What a caller built against another version of the contract would send.
    const unknownField = { subject: marker, orderBy: 'seq' } as { subject: string };
    await expect(ask('audit.entries.list', unknownField)).rejects.toMatchObject({
      code: 'PLATFORM.VALIDATION_FAILED',
      details: { errors: [{ field: 'orderBy', code: 'UNKNOWN_FIELD' }] },
    });
    const limitAsText = { subject: marker, limit: '5' } as unknown as { limit: number };
    await expect(ask('audit.entries.list', limitAsText)).rejects.toMatchObject({
      code: 'PLATFORM.VALIDATION_FAILED',
      details: {
        errors: expect.arrayContaining([
          expect.objectContaining({ field: 'limit', code: 'IS_INT' }),
        ]),
      },
    });
    await expect(
      runWithContext({ correlationId: randomUUID(), system: true }, () =>
        client.request('audit.entries.list', { subject: marker }),
      ),
    ).rejects.toMatchObject({ code: 'PLATFORM.SYSTEM_ACTOR_REFUSED' });
    await expect(client.request('audit.entries.list', { subject: marker })).rejects.toMatchObject({
      code: 'PLATFORM.ACTOR_REQUIRED',
    });
    expect(await readsOf()).toBe('0');
    // The same request, well formed and asked by an auditor, is answered and recorded once.
    await expect(ask('audit.entries.list', { subject: marker, limit: 5 })).resolves.toEqual({
      entries: [],
      nextCursor: null,
    });
    expect(await readsOf()).toBe('1');
  });

  it('runs as a role that cannot change history, whatever it tries', async () => {
    const asService = new pg.Client({
      connectionString: testEnv().databaseUrl,
      options: '-c search_path=audit -c role=civic_audit_app',
    });
    await asService.connect();
    try {
      // The service's own connections act as this role.
      const sessions = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'audit'`,
      );
      expect(sessions.rows[0]?.n).toBeGreaterThan(0);
      expect((await asService.query<{ r: string }>('SELECT current_user AS r')).rows[0]?.r).toBe(
        'civic_audit_app',
      );
      for (const sql of [
        "UPDATE audit_entries SET type = 'forged' WHERE seq = 0",
        'DELETE FROM audit_entries WHERE seq = 0',
        'TRUNCATE audit_entries',
        'DROP TRIGGER audit_entries_no_change ON audit_entries',
        'ALTER TABLE audit_entries DISABLE TRIGGER ALL',
        'SET session_replication_role = replica',
      ])
        await expect(asService.query(sql)).rejects.toThrow(
          /permission denied|must be owner|append-only/,
        );
      // A grant it tries to give itself gives nothing (it owns nothing).
      await asService.query('GRANT UPDATE ON audit_entries TO civic_audit_app');
      const granted = await asService.query<{ ok: boolean }>(
        "SELECT has_table_privilege('civic_audit_app', 'audit_entries', 'UPDATE') AS ok",
      );
      expect(granted.rows[0]?.ok).toBe(false);
      await expect(asService.query('SELECT count(*) FROM audit_entries')).resolves.toBeDefined();
    } finally {
      await asService.end();
    }
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

  it('detects a gap in a stream (a message gone before it was read) and records it in the log', async () => {
    await audit.stop('SIGTERM', 15_000);
    const js = jetstream(nc);
    const published = [];
    for (let i = 0; i < 3; i += 1) {
      const e = newEvent('audit.gap');
      const ack = await js.publish(PERMIT_APPLICATION_SUBMITTED_V1, JSON.stringify(e), {
        msgID: e.id,
      });
      published.push({ id: e.id, seq: ack.seq });
    }
    const [first, gone, last] = published as [
      { id: string; seq: number },
      { id: string; seq: number },
      { id: string; seq: number },
    ];
    await (await jetstreamManager(nc)).streams.deleteMessage('PERMITS', gone.seq, false);
    audit = await startAudit();
    await entriesOf([first.id, last.id]);
    const missing = await db.query('SELECT 1 FROM audit_entries WHERE event_id = $1', [gone.id]);
    expect(missing.rowCount).toBe(0);
    const gap = await eventually(
      async () => {
        const rows = await db.query<{ data: Buffer }>(
          `SELECT data FROM audit_entries WHERE type = 'gov.audit.log.gap-detected.v1' ORDER BY seq DESC LIMIT 1`,
        );
        return rows.rows[0];
      },
      30_000,
      'the gap recorded in the log',
    );
    expect((JSON.parse(gap.data.toString()) as { data: unknown }).data).toEqual({
      stream: 'PERMITS',
      fromSeq: gone.seq,
      toSeq: gone.seq,
      backfilled: 0,
    });
  });

  it('dead-letters a message that is not an event, with the reason, and records the anomaly in the log', async () => {
    const bytes = Buffer.from('{not json');
    const ack = await jetstream(nc).publish(PERMIT_APPLICATION_SUBMITTED_V1, bytes, {
      msgID: `not-json-${randomUUID()}`,
    });
    const dead = await eventually(
      async () =>
        (await listDeadLetters(nc, { consumer: 'audit', limit: 10_000 })).find(
          (d) => d.originalStream === 'PERMITS' && d.originalSequence === ack.seq,
        ),
      30_000,
      'the message in the dead-letter stream',
    );
    expect(dead).toMatchObject({
      consumer: 'audit',
      subject: PERMIT_APPLICATION_SUBMITTED_V1,
      reason: 'malformed: not UTF-8 JSON',
      eventId: null,
      size: bytes.length,
    });
    const anomaly = await eventually(
      async () => {
        const rows = await db.query<{ data: Buffer; subject: string; actor: string }>(
          `SELECT data, subject, actor FROM audit_entries
           WHERE type = 'gov.audit.log.anomaly-detected.v1'
             AND convert_from(data, 'UTF8')::jsonb -> 'data' ->> 'streamSeq' = $1`,
          [String(ack.seq)],
        );
        return rows.rows.length > 0 ? rows.rows : undefined;
      },
      30_000,
      'the anomaly recorded in the log',
    );
    expect(anomaly).toHaveLength(1);
    const entry = anomaly[0] as { data: Buffer; subject: string; actor: string };
    expect(entry.subject).toBe('anomaly:PERMITS');
    expect(entry.actor).toBe('system');
    expect((JSON.parse(entry.data.toString()) as { data: unknown }).data).toEqual({
      stream: 'PERMITS',
      streamSeq: ack.seq,
      natsSubject: PERMIT_APPLICATION_SUBMITTED_V1,
      reason: 'malformed: not UTF-8 JSON',
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
    });
    // The bytes themselves are not in the log.
    expect(entry.data.includes(bytes)).toBe(false);
  });

  it('rotates its signing key: new heads use the new key, old heads still verify', async () => {
    const before = await sign();
    await audit.stop('SIGTERM', 15_000);
    audit = await startAudit(keyPem());
    await publish(3);
    const after = await eventually(async () => {
      const head = await sign();
      return head.treeSize > before.treeSize ? head : undefined;
    });
    expect(after.keyId).not.toBe(before.keyId);
    const keys = await ask('audit.public-keys', {});
    expect(keys.map((k) => k.keyId)).toEqual(expect.arrayContaining([before.keyId, after.keyId]));
    const publicKeys = new Map(
      keys.map((k) => [k.keyId, ed25519PublicKey(Buffer.from(k.publicKey, 'base64'))]),
    );
    expect(verifyTreeHead(before, publicKeys)).toBe(true);
    expect(verifyTreeHead(after, publicKeys)).toBe(true);
    // Back to the first key for the rest of the file (its exports name both keys).
    await audit.stop('SIGTERM', 15_000);
    audit = await startAudit();
  });

  describe('an export verifies offline, and every tamper is named', () => {
    let lines: string[] = [];
    let trusted: Map<string, string>;
    const dir = mkdtempSync(join(tmpdir(), 'civic-audit-export-'));

    beforeAll(async () => {
      await sign();
      const file = join(dir, 'export.jsonl');
      const exported = await run(
        process.execPath,
        [join(repoRoot, 'dist/apps/audit/src/cli/export.js'), '--out', file],
        {
          cwd: repoRoot,
          env: { PATH: process.env.PATH, DATABASE_URL: testEnv().databaseUrl },
        },
      );
      expect(exported).toMatchObject({ code: 0 });
      lines = readFileSync(file, 'utf8').trim().split('\n');
      const keys = await ask('audit.public-keys', {});
      trusted = new Map(keys.map((k) => [k.keyId, k.publicKey]));
      writeFileSync(join(dir, 'keys.json'), JSON.stringify(keys));
    });

    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const verifyCli = (content: string[]) => {
      const file = join(dir, `${randomUUID()}.jsonl`);
      writeFileSync(file, `${content.join('\n')}\n`);
      return run(
        process.execPath,
        [
          join(repoRoot, 'dist/apps/audit/src/cli/verify.js'),
          file,
          '--trusted-keys',
          join(dir, 'keys.json'),
        ],
        { cwd: repoRoot, env: { PATH: process.env.PATH } },
      );
    };
    const entryLine = (k: number) => k + 1; // line 0 is the header
    /** The first entry at or after `from` that is one of this file's events (other tests share the log). */
    const ownEntry = (from: number) => {
      const k = lines.findIndex((l, i) => i >= entryLine(from) && l.includes('audit.test'));
      if (k < 0) throw new Error('no entry of this test in the export');
      return k - 1;
    };
    const failuresOf = (content: string[]) =>
      verifyExport(content, { trustedKeys: trusted }).failures;

    it('verifies the untouched export, with the command-line tool too', async () => {
      const header = JSON.parse(lines[0] as string) as ExportHeader;
      expect(header.complete).toBe(true);
      expect(lines.length - 1).toBe(header.treeHead.treeSize);
      expect(verifyExport(lines, { trustedKeys: trusted })).toMatchObject({
        ok: true,
        failures: [],
      });
      const result = await verifyCli(lines);
      expect(result.code).toBe(0);
      expect(result.output).toMatch(
        /^OK: \d+ entries verify against the signed tree head of size \d+/,
      );
    });

    it('names the entry whose payload had a byte flipped', async () => {
      const k = ownEntry(7);
      const tampered = [...lines];
      const entry = JSON.parse(tampered[entryLine(k)] as string) as ExportEntry;
      tampered[entryLine(k)] = JSON.stringify({
        ...entry,
        data: entry.data.replace('audit.test', 'audit.tesT'),
      });
      expect(failuresOf(tampered)).toEqual([
        {
          line: entryLine(k) + 1,
          seq: k,
          reason: 'leaf hash does not match the data (the event was changed)',
        },
        {
          line: entryLine(k) + 1,
          seq: k,
          reason: 'entry hash does not chain the previous entry hash and the leaf',
        },
        {
          line: entryLine(k) + 1,
          seq: k,
          reason: expect.stringContaining('inclusion proof fails') as unknown,
        },
      ]);
      const result = await verifyCli(tampered);
      expect(result.code).toBe(1);
      expect(result.output).toContain(
        `FAIL line ${entryLine(k) + 1} (entry ${k}): leaf hash does not match`,
      );
    });

    it('names a deleted entry', () => {
      const k = 11;
      const tampered = lines.filter((_, i) => i !== entryLine(k));
      expect(failuresOf(tampered)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ seq: k + 1, reason: `missing entries ${k}..${k}` }),
        ]),
      );
    });

    it('names two entries that swapped places', () => {
      const k = 4;
      const tampered = [...lines];
      [tampered[entryLine(k)], tampered[entryLine(k + 1)]] = [
        tampered[entryLine(k + 1)] as string,
        tampered[entryLine(k)] as string,
      ];
      const failures = failuresOf(tampered);
      expect(failures).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ seq: k + 1, reason: `missing entries ${k}..${k}` }),
          expect.objectContaining({ seq: k, reason: `out of order: seq ${k} after ${k + 1}` }),
        ]),
      );
    });

    it('names a forged entry slipped in, even with hashes made to fit', () => {
      const k = ownEntry(9);
      const original = JSON.parse(lines[entryLine(k)] as string) as ExportEntry;
      const data = original.data.replace('audit.test', 'forged.one');
      const leaf = leafHash(Buffer.from(data));
      const forged: ExportEntry = {
        ...original,
        data,
        leafHash: leaf.toString('hex'),
        entryHash: entryHash(Buffer.from(original.previousEntryHash, 'hex'), leaf).toString('hex'),
      };
      const tampered = [
        ...lines.slice(0, entryLine(k)),
        JSON.stringify(forged),
        ...lines.slice(entryLine(k)),
      ];
      expect(failuresOf(tampered)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            seq: k,
            line: entryLine(k) + 1,
            reason: expect.stringContaining('inclusion proof fails') as unknown,
          }),
        ]),
      );
    });

    it('names a tree head re-signed with another key', () => {
      const header = JSON.parse(lines[0] as string) as ExportHeader;
      const other = generateKeyPairSync('ed25519');
      const resigned = signTreeHead(
        {
          treeSize: header.treeHead.treeSize,
          rootHash: header.treeHead.rootHash,
          timestamp: header.treeHead.timestamp,
        },
        other.privateKey,
      );
      const swapped: ExportHeader = {
        ...header,
        treeHead: resigned,
        publicKeys: [
          { keyId: resigned.keyId, publicKey: rawPublicKey(other.publicKey).toString('base64') },
        ],
      };
      const failures = failuresOf([JSON.stringify(swapped), ...lines.slice(1)]);
      expect(failures).toEqual([
        {
          line: 1,
          reason: `public key ${resigned.keyId} of the export is not one of the trusted keys`,
        },
        { line: 1, reason: expect.stringContaining('signature does not verify') as unknown },
      ]);
    });
  });
});
