/**
 * A permit proven without trusting the city's database, against the real audit process, the
 * gateway, NATS and PostgreSQL: the public proof of an issued permit (its entries as stored,
 * their inclusion proofs, the signed head), checked offline by `npm run permit:verify`; a
 * revocation recorded later, which the proof alone cannot show and a complete export does;
 * the absence of any revocation proven with that export; tampered proofs rejected with the
 * reason; an unknown number refused; reads counted in metrics, never written to the trail,
 * and rate-limited per address.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import type { PermitProofDocument } from '#audit-log';
import { PERMIT_ISSUED_V1, SYSTEM_ACTOR } from '#contracts';
import { type ManagedProcess, repoRoot, run } from '#devstack';
import { buildEnvelope, connectNats, runWithContext, ServiceClient } from '#platform';
import { eventually, testEnv } from '#testing';
import { keyPem, startTestApp } from '../factories/apps.js';
import { call, expectProblem, startGateway, type Gateway } from '../factories/gateway.js';

const AUDITOR = { userId: randomUUID(), role: 'auditor' } as const;
const RATE_LIMIT = 60;
const permitNumber = () => `PRF-P-2026-${String(randomInt(0, 1e9)).padStart(9, '0')}`;

describe('permit proofs: verification without trusting the database', () => {
  let nc: NatsConnection;
  let db: pg.Client;
  let client: ServiceClient;
  let audit: ManagedProcess;
  let gateway: Gateway;
  const dir = mkdtempSync(join(tmpdir(), 'civic-permit-proof-'));
  const file = (name: string) => join(dir, name);
  /** Stays issued. */
  const kept = permitNumber();
  /** Revoked after its first proof was taken. */
  const revoked = permitNumber();
  let revocationId = '';

  const ask: ServiceClient['request'] = (pattern, data, options) =>
    runWithContext({ correlationId: randomUUID(), actor: AUDITOR }, () =>
      client.request(pattern, data, options),
    );

  /** Publishes `event` to the PERMITS stream and waits for the log to hold it. */
  const append = async (event: { id: string; type: string }) => {
    await jetstream(nc).publish(event.type, JSON.stringify(event), { msgID: event.id });
    await eventually(
      async () =>
        (await db.query('SELECT 1 FROM audit_entries WHERE event_id = $1', [event.id])).rowCount
          ? true
          : undefined,
      30_000,
      `event ${event.type} in the log`,
    );
  };

  const issued = (number: string) =>
    buildEnvelope(
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
          holderHash: 'ab'.repeat(32),
          validFrom: '2026-11-01T00:00:00.000Z',
          validUntil: '2027-11-01T00:00:00.000Z',
        },
      },
      1,
      randomUUID(),
    );

  /** Signs a head covering everything appended so far. */
  const sign = async () => {
    const head = await ask('audit.tree-heads.sign', {});
    if (!head) throw new Error('nothing to sign');
    return head;
  };

  const verify = (...args: string[]) =>
    run(
      process.execPath,
      [
        join(repoRoot, 'dist/apps/audit/src/cli/permit-verify.js'),
        ...args,
        '--trusted-keys',
        file('keys.json'),
      ],
      { cwd: repoRoot, env: { PATH: process.env.PATH } },
    );

  beforeAll(async () => {
    nc = await connectNats({
      name: 'itest-permit-proof',
      servers: testEnv().natsUrl,
      auth: testEnv().natsAuth,
    });
    client = new ServiceClient(nc, 5_000);
    db = new pg.Client({
      connectionString: testEnv().databaseUrl,
      options: '-c search_path=audit',
    });
    await db.connect();
    [audit, gateway] = await Promise.all([
      startTestApp('audit', { AUDIT_TREE_HEAD_INTERVAL_SECONDS: '1', AUDIT_SIGNING_KEY: keyPem() }),
      startGateway({ GATEWAY_PUBLIC_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) }),
    ]);
    await Promise.all([append(issued(kept)), append(issued(revoked))]);
    await sign();
    const keys = await call(gateway, 'GET', '/api/v1/audit/public-keys');
    writeFileSync(file('keys.json'), JSON.stringify(keys.body));
  });

  afterAll(async () => {
    await Promise.all([audit?.stop('SIGTERM', 15_000), gateway?.process.stop('SIGTERM', 15_000)]);
    await nc?.close();
    await db?.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the proof of an issued permit to anyone: its entries as stored, proven in the signed head', async () => {
    const reply = await call(gateway, 'GET', `/api/v1/permits/${kept}/proof`);
    expect(reply.status).toBe(200);
    const proof = reply.body as unknown as PermitProofDocument;
    expect(proof).toMatchObject({
      format: 'civic-permit-proof-v1',
      permitNumber: kept,
      entries: [{ type: PERMIT_ISSUED_V1, subject: kept, actor: 'system' }],
    });
    const [stored] = (
      await db.query<{ seq: string; data: Buffer; leaf_hash: Buffer }>(
        'SELECT seq, data, leaf_hash FROM audit_entries WHERE subject = $1',
        [kept],
      )
    ).rows;
    const entry = proof.entries[0] as PermitProofDocument['entries'][number];
    expect(entry.seq).toBe(Number(stored?.seq));
    expect(entry.data).toBe(stored?.data.toString('utf8'));
    expect(entry.leafHash).toBe(stored?.leaf_hash.toString('hex'));
    expect(proof.treeHead.treeSize).toBeGreaterThan(entry.seq);
  });

  it('is checked offline by permit:verify, which says exactly what it proved', async () => {
    const [fetched, savedRevoked] = await Promise.all([
      verify(kept, '--url', gateway.url, '--save', file('kept.json')),
      verify(revoked, '--url', gateway.url, '--save', file('revoked-before.json')),
    ]);
    expect(fetched.code).toBe(0);
    expect(savedRevoked.code).toBe(0);
    const head = (JSON.parse(readFileSync(file('kept.json'), 'utf8')) as PermitProofDocument)
      .treeHead.treeSize;
    expect(fetched.output).toContain(
      `OK: permit ${kept}: issued, proven; status as of tree head ${head}: issued; that no later revocation exists is not proven by this proof`,
    );
    expect(fetched.output).toMatch(/issued, proven: entry \d+ \(gov\.permits\.permit\.issued\.v1/);
    // The saved file verifies the same way, without the gateway.
    const offline = await verify(file('kept.json'));
    expect(offline.code).toBe(0);
    expect(offline.output).toContain(`status as of tree head ${head}: issued`);
  });

  it('refuses an unknown or malformed number with a stable code, changing nothing', async () => {
    const unknown = permitNumber();
    expectProblem(
      await call(gateway, 'GET', `/api/v1/permits/${unknown}/proof`),
      404,
      'AUDIT.PERMIT_NOT_FOUND',
    );
    const malformed = await call(gateway, 'GET', '/api/v1/permits/not-a-permit/proof');
    expectProblem(malformed, 422, 'VALIDATION_FAILED');
    expect(malformed.body.errors).toEqual([
      expect.objectContaining({ field: 'permitNumber' }) as unknown,
    ]);
    const cli = await verify(unknown, '--url', gateway.url);
    expect(cli.code).toBe(1);
    expect(cli.output).toContain('answered 404 (AUDIT.PERMIT_NOT_FOUND');
  });

  it('proves a later revocation, and the absence of any for the other permit, with a complete export', async () => {
    const revocation = {
      ...issued(revoked),
      id: randomUUID(),
      type: 'gov.permits.permit.revoked.v1',
      data: { permitNumber: revoked, reasonCode: 'CONDITIONS_BREACHED' },
      sequence: 2,
    };
    revocationId = revocation.id;
    await append(revocation);
    await sign();
    const exported = await run(
      process.execPath,
      [join(repoRoot, 'dist/apps/audit/src/cli/export.js'), '--out', file('log.jsonl')],
      { cwd: repoRoot, env: { PATH: process.env.PATH, DATABASE_URL: testEnv().databaseUrl } },
    );
    expect(exported.code).toBe(0);
    const exportHead = (
      JSON.parse(readFileSync(file('log.jsonl'), 'utf8').split('\n')[0] as string) as {
        treeHead: { treeSize: number };
      }
    ).treeHead.treeSize;

    const [before, beforeWithExport, keptWithExport, now] = await Promise.all([
      verify(file('revoked-before.json')),
      verify(file('revoked-before.json'), '--export', file('log.jsonl')),
      verify(file('kept.json'), '--export', file('log.jsonl')),
      verify(revoked, '--url', gateway.url),
    ]);
    // The proof taken before the revocation cannot know of it, and says so.
    expect(before.code).toBe(0);
    expect(before.output).toMatch(/: issued; that no later revocation exists is not proven/);
    // With the export, the revocation recorded since is found.
    expect(beforeWithExport.code).toBe(0);
    expect(beforeWithExport.output).toContain(
      `OK: permit ${revoked}: issued, proven; status as of tree head ${exportHead}: revoked`,
    );
    expect(beforeWithExport.output).toMatch(
      /revoked, proven: entry \d+ \(gov\.permits\.permit\.revoked\.v1/,
    );
    // The other permit: no revocation or expiry up to the export's head, proven.
    expect(keptWithExport.code).toBe(0);
    expect(keptWithExport.output).toContain(
      `OK: permit ${kept}: issued, proven; status as of tree head ${exportHead}: issued, proven by a complete export: no other revocation or expiry up to that tree head`,
    );
    expect(keptWithExport.output).toContain('no event of the permit after tree head');
    // A fresh proof holds the revocation itself.
    expect(now.code).toBe(0);
    expect(now.output).toMatch(/status as of tree head \d+: revoked/);
    const stored = await db.query('SELECT 1 FROM audit_entries WHERE event_id = $1', [
      revocationId,
    ]);
    expect(stored.rowCount).toBe(1);
  });

  it('rejects a tampered proof with the reason: a flipped byte, a path from another tree, an unknown key', async () => {
    const original = JSON.parse(readFileSync(file('kept.json'), 'utf8')) as PermitProofDocument;
    const entryOf = (p: PermitProofDocument) =>
      p.entries[0] as PermitProofDocument['entries'][number];
    const write = (name: string, p: PermitProofDocument) => {
      writeFileSync(file(name), JSON.stringify(p));
      return file(name);
    };
    const flipped = structuredClone(original);
    entryOf(flipped).data = entryOf(flipped).data.replace('2027-11-01', '2029-11-01');
    // The same entry's path in the later, larger tree, under the earlier head.
    const later = (await call(gateway, 'GET', `/api/v1/permits/${kept}/proof`))
      .body as unknown as PermitProofDocument;
    expect(later.treeHead.treeSize).toBeGreaterThan(original.treeHead.treeSize);
    const otherTree = structuredClone(original);
    entryOf(otherTree).inclusionProof = entryOf(later).inclusionProof;
    writeFileSync(
      file('stranger.json'),
      JSON.stringify([
        { keyId: 'ffffffffffffffff', publicKey: Buffer.alloc(32, 7).toString('base64') },
      ]),
    );
    const [a, b, c] = await Promise.all([
      verify(write('flipped.json', flipped)),
      verify(write('other-tree.json', otherTree)),
      run(
        process.execPath,
        [
          join(repoRoot, 'dist/apps/audit/src/cli/permit-verify.js'),
          file('kept.json'),
          '--trusted-keys',
          file('stranger.json'),
        ],
        { cwd: repoRoot, env: { PATH: process.env.PATH } },
      ),
    ]);
    const seq = entryOf(original).seq;
    expect(a.code).toBe(1);
    expect(a.output).toContain(
      `FAIL: entry ${seq}: leaf hash does not match the data (the event was changed)`,
    );
    expect(a.output).toContain(`NOT PROVEN: permit ${kept}`);
    expect(b.code).toBe(1);
    expect(b.output).toContain(
      `FAIL: entry ${seq}: not in the signed tree of size ${original.treeHead.treeSize} (inclusion proof fails)`,
    );
    expect(c.code).toBe(1);
    expect(c.output).toContain(
      `FAIL: tree head of size ${original.treeHead.treeSize} is signed by key ${original.treeHead.keyId}, which is not one of the trusted keys`,
    );
  });

  it('counts public proofs in metrics, writes none to the trail, and rate-limits them per address', async () => {
    const [mark] = (
      await db.query<{ p: string }>('SELECT COALESCE(max(position), 0) AS p FROM outbox')
    ).rows;
    /** Reads of the trail recorded since the mark (as events, or proofs not yet written as one). */
    const trailReads = async () =>
      (
        await db.query<{ n: number }>(
          `SELECT (SELECT count(*) FROM outbox
                   WHERE subject = 'gov.audit.trail.read.v1' AND position > $1)::int
                + (SELECT count(*) FROM proof_reads)::int AS n`,
          [mark?.p],
        )
      ).rows[0]?.n;
    const counted = async () => {
      const port = audit.options.env?.AUDIT_OPS_PORT as string;
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const value = (outcome: string) =>
        Number(
          new RegExp(
            `^civic_audit_permit_proofs_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\d+)`,
            'm',
          ).exec(text)?.[1] ?? 0,
        );
      return { proven: value('proven'), notFound: value('not_found') };
    };
    const before = { trail: await trailReads(), metrics: await counted() };
    // Until the per-address limit refuses (earlier tests spent part of this minute's budget).
    let refused: Awaited<ReturnType<typeof call>> | undefined;
    let served = 0;
    for (let i = 0; i < 2 * RATE_LIMIT + 2 && !refused; i += 1) {
      const reply = await call(gateway, 'GET', `/api/v1/permits/${kept}/proof`);
      if (reply.status === 429) refused = reply;
      else {
        expect(reply.status).toBe(200);
        served += 1;
      }
    }
    expect(refused).toBeDefined();
    expectProblem(refused as Awaited<ReturnType<typeof call>>, 429, 'RATE_LIMITED');
    expect(refused?.headers.get('retry-after')).toMatch(/^\d+$/);
    const after = { trail: await trailReads(), metrics: await counted() };
    expect(after.metrics.proven - before.metrics.proven).toBe(served);
    expect(after.metrics.notFound).toBeGreaterThanOrEqual(1);
    expect(before.trail).toBe(0);
    expect(after.trail).toBe(0);
  });
});
