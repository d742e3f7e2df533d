/**
 * `npm run bench:audit`: the audit log's figures, next to raw engines measured in the same run.
 *
 * - ingest: events/s the audit service appends from a backlog in the PERMITS stream, next to
 *   raw PostgreSQL inserts of rows of the same shape (batches of 500);
 * - inclusion-proof latency (p50/p99) over NATS at BENCH_AUDIT_ENTRIES entries (default
 *   1,000,000, written straight into the log in batches), next to a bare NATS request and a
 *   bare one-row PostgreSQL commit (a proof records its read durably before it answers); proofs
 *   and bare requests take turns in BENCH_ROUNDS rounds (3) of 1,000, each figure the median of
 *   its rounds;
 * - permit-proof latency (p50/p99) over NATS at the same size: the log holds a permit issued
 *   every 1,000 entries (a quarter of them revoked 500 entries later), and each round asks 500
 *   proofs of random permits, as an anonymous caller of `GET /api/v1/permits/{n}/proof`
 *   (the audit service's part: the signed head, the permit's entries and their audit paths);
 * - time to verify a complete export of that log offline, next to hashing its bytes once.
 *
 * Targets (issue 5): ingest >= 5,000 events/s; proof p99 < 10 ms; verification < 60 s. Issue
 * 15 asks for the permit proof p99 at 1,000,000 entries as a figure (no target).
 */
import { generateKeyPairSync, randomUUID, createHash } from 'node:crypto';
import { createReadStream, createWriteStream, rmSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { DataSource } from 'typeorm';
import {
  AUDIT_PERMITS_PROOF,
  AUDIT_PROOFS_INCLUSION,
  AUDIT_TREE_HEADS_SIGN,
  PERMIT_APPLICATION_SUBMITTED_V1,
  PERMIT_ISSUED_V1,
  SYSTEM_ACTOR,
  type RpcMapShape,
} from '#contracts';
import {
  appEntry,
  freePort,
  ManagedProcess,
  provisionStreams,
  repoRoot,
  runMigrations,
  appEnvironment,
  randomPorts,
} from '#devstack';
import {
  buildEnvelope,
  connectNats,
  runWithContext,
  serviceDataSourceOptions,
  ServiceClient,
} from '#platform';
import { createExportVerifier, verifyPermitProof, type TreeHead } from '#audit-log';
import {
  AuditLogRepository,
  type IncomingEvent,
} from '../../apps/audit/src/log/audit-log.repository.js';
import { exportLines } from '../../apps/audit/src/log/audit-exporter.js';
import { benchDataDir, benchInfrastructure, median, percentile, printTable } from './report.js';
import { submittedEvent } from '../factories/events.js';

const INGEST = Number(process.env.BENCH_AUDIT_INGEST ?? 20_000);
const ENTRIES = Number(process.env.BENCH_AUDIT_ENTRIES ?? 1_000_000);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));

const event = () => {
  const id = randomUUID();
  return buildEnvelope('permits', submittedEvent(id, 'bench.audit'), 1, id);
};

/** The log's permits: one issued every PERMIT_EVERY entries. */
const PERMIT_EVERY = 1_000;
const permitNumberOf = (n: number) => `BEN-P-2026-${String(n).padStart(6, '0')}`;

/**
 * Entry `seq` of the bench log: a permit issued at every PERMIT_EVERY-th entry, a quarter of
 * them revoked PERMIT_EVERY / 2 entries later, and applications submitted in between.
 */
const logEvent = (seq: number): IncomingEvent['event'] => {
  const n = Math.floor(seq / PERMIT_EVERY);
  const issued = () =>
    buildEnvelope(
      'permits',
      {
        subject: PERMIT_ISSUED_V1,
        aggregateId: permitNumberOf(n),
        actor: SYSTEM_ACTOR,
        data: {
          permitNumber: permitNumberOf(n),
          applicationId: randomUUID(),
          permitType: 'bench.audit',
          typeVersion: 1,
          holderHash: createHash('sha256').update(String(n)).digest('hex'),
          validFrom: '2026-01-01T00:00:00.000Z',
          validUntil: '2027-01-01T00:00:00.000Z',
        },
      },
      1,
      randomUUID(),
    );
  const at = seq % PERMIT_EVERY;
  if (at === 0) return issued() as unknown as IncomingEvent['event'];
  if (at === PERMIT_EVERY / 2 && n % 4 === 0)
    return {
      ...issued(),
      id: randomUUID(),
      type: 'gov.permits.permit.revoked.v1',
      data: { permitNumber: permitNumberOf(n), reasonCode: 'BENCH' },
      sequence: 2,
    };
  return event() as unknown as IncomingEvent['event'];
};

async function main(): Promise<void> {
  const dataDir = benchDataDir('audit');
  const infra = await benchInfrastructure(dataDir);
  let audit: ManagedProcess | undefined;
  try {
    await runMigrations(
      appEnvironment({
        databaseUrl: infra.databaseUrl,
        natsUrl: infra.natsUrl,
        temporalAddress: '127.0.0.1:1',
        ports: await randomPorts(),
      }),
    );
    await provisionStreams({ natsUrl: infra.natsUrl, auth: infra.natsAuth });
    const nc = await connectNats({
      name: 'bench-audit',
      servers: infra.natsUrl,
      auth: infra.natsAuth,
    });
    const dataSource = new DataSource(
      serviceDataSourceOptions({
        url: infra.databaseUrl,
        schema: 'audit',
        applicationName: 'bench',
        poolSize: 4,
      }),
    );
    await dataSource.initialize();

    // Raw PostgreSQL: rows of an entry's shape, 500 per INSERT.
    await dataSource.query(
      'CREATE TABLE raw_rows (seq bigint PRIMARY KEY, event_id uuid UNIQUE, subject text, data bytea, h1 bytea, h2 bytea)',
    );
    let began = performance.now();
    for (let i = 0; i < INGEST; i += 500) {
      const n = Math.min(500, INGEST - i);
      const rows = Array.from({ length: n }, (_, k) => {
        const data = Buffer.from(JSON.stringify(event()));
        return [
          i + k,
          randomUUID(),
          'x',
          data,
          createHash('sha256').update(data).digest(),
          createHash('sha256').update(data).digest(),
        ];
      });
      await dataSource.query(
        `INSERT INTO raw_rows SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::bytea[], $5::bytea[], $6::bytea[])`,
        [0, 1, 2, 3, 4, 5].map((c) => rows.map((r) => r[c])),
      );
    }
    const rawRows = INGEST / ((performance.now() - began) / 1_000);

    // Ingest: a backlog in the stream, then the audit service drains it.
    const js = jetstream(nc);
    for (let i = 0; i < INGEST; i += 1_000)
      await Promise.all(
        Array.from({ length: Math.min(1_000, INGEST - i) }, () => {
          const e = event();
          return js.publish(PERMIT_APPLICATION_SUBMITTED_V1, JSON.stringify(e), { msgID: e.id });
        }),
      );
    const auditAuth = infra.natsCredentials?.audit;
    audit = new ManagedProcess({
      name: 'audit',
      command: process.execPath,
      args: [appEntry('audit')],
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH,
        LOG_LEVEL: 'warn',
        DATABASE_URL: infra.databaseUrl,
        NATS_URL: infra.natsUrl,
        NATS_USER: auditAuth?.user ?? '',
        NATS_PASSWORD: auditAuth?.pass ?? '',
        AUDIT_OPS_PORT: String(await freePort()),
        AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519')
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString(),
      },
    });
    began = performance.now();
    // From the process's start (its boot included), and from its first entry (appending alone).
    let firstEntryAt: number | undefined;
    for (;;) {
      const [row] = await dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM audit_entries',
      );
      if ((row?.n ?? 0) > 0) firstEntryAt ??= performance.now();
      if ((row?.n ?? 0) >= INGEST) break;
      if (audit.hasExited) throw new Error(`audit exited: ${audit.tail.join('\n')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const ingest = INGEST / ((performance.now() - began) / 1_000);
    const appendRate = INGEST / ((performance.now() - (firstEntryAt ?? began)) / 1_000);
    await audit.stop('SIGTERM', 15_000);

    // A log of ENTRIES entries, written straight through the log's own append.
    const store = new AuditLogRepository(dataSource);
    let state = await store.loadState();
    // The permits of the log: those whose issuance falls in the entries written here.
    const firstPermit = Math.ceil(state.frontier.size / PERMIT_EVERY);
    began = performance.now();
    while (state.frontier.size < ENTRIES) {
      const n = Math.min(2_000, ENTRIES - state.frontier.size);
      const batch: IncomingEvent[] = Array.from({ length: n }, (_, k) => ({
        event: logEvent(state.frontier.size + k),
        stream: 'PERMITS',
        streamSeq: state.frontier.size + k + 1,
      }));
      const current = state;
      state = await dataSource.transaction((tx) => store.append(tx, current, batch));
    }
    const buildSeconds = (performance.now() - began) / 1_000;
    process.stderr.write(`bench: wrote ${ENTRIES} entries in ${buildSeconds.toFixed(0)} s\n`);

    // Proof latency over NATS, next to a bare request to a trivial responder.
    audit = new ManagedProcess({ ...audit.options });
    const client = new ServiceClient(nc, 10_000);
    // The audit patterns are asked for a user (an auditor, as the gateway asks them).
    const auditor = { userId: randomUUID(), role: 'auditor' } as const;
    const asAuditor = <T>(fn: () => Promise<T>) =>
      runWithContext({ correlationId: randomUUID(), actor: auditor }, fn);
    let head: TreeHead | null = null;
    for (let i = 0; i < 600 && !head?.treeSize; i += 1) {
      head = await asAuditor(() => client.request(AUDIT_TREE_HEADS_SIGN, {})).catch(() => null);
      if (!head || head.treeSize < ENTRIES) {
        head = null;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    if (!head) throw new Error('no tree head');
    const echo = nc.subscribe('bench.echo', {
      callback: (_e, m) => {
        m.respond(JSON.stringify({ response: 'ok', isDisposed: true }));
      },
    });
    // A trivial responder outside RPC_MAP: a client typed by an open map.
    const bare = new ServiceClient<RpcMapShape>(nc, 10_000);
    // A shared 2-core machine's speed drifts within a minute: proofs and bare requests take
    // turns in ROUNDS rounds of 1,000 each, and each figure is the median of its rounds.
    // Permit proofs are asked by anonymous callers (the gateway's public route).
    const permits = Math.floor((head.treeSize - 1) / PERMIT_EVERY) + 1 - firstPermit;
    const revokedPermit = Math.ceil(firstPermit / 4) * 4;
    const anonymous = <T>(fn: () => Promise<T>) =>
      runWithContext({ correlationId: randomUUID() }, fn);
    const sample = await anonymous(() =>
      client.request(AUDIT_PERMITS_PROOF, { permitNumber: permitNumberOf(revokedPermit) }),
    );
    const trustedKeys = new Map(
      (await store.publicKeys()).map((k) => [k.keyId, k.publicKey] as const),
    );
    const checked = verifyPermitProof(sample, { trustedKeys });
    if (!checked.ok || checked.status !== 'revoked')
      throw new Error(`permit proof does not verify: ${checked.failures.join('; ')}`);
    const rounds: { proofs: number[]; bare: number[]; permits: number[] }[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const proofs: number[] = [];
      for (let i = 0; i < 1_000; i += 1) {
        const seq = Math.floor(Math.random() * head.treeSize);
        const t = performance.now();
        await asAuditor(() =>
          client.request(AUDIT_PROOFS_INCLUSION, { seq, treeSize: head.treeSize }),
        );
        proofs.push(performance.now() - t);
      }
      const bareTimes: number[] = [];
      for (let i = 0; i < 1_000; i += 1) {
        const t = performance.now();
        await bare.request('bench.echo', {});
        bareTimes.push(performance.now() - t);
      }
      const permitTimes: number[] = [];
      for (let i = 0; i < 500; i += 1) {
        const permitNumber = permitNumberOf(firstPermit + Math.floor(Math.random() * permits));
        const t = performance.now();
        await anonymous(() => client.request(AUDIT_PERMITS_PROOF, { permitNumber }));
        permitTimes.push(performance.now() - t);
      }
      rounds.push({ proofs, bare: bareTimes, permits: permitTimes });
    }
    const ofRounds = (pick: (r: (typeof rounds)[number]) => number[], p: number) =>
      median(rounds.map((r) => percentile(pick(r), p)));
    const proofP50 = ofRounds((r) => r.proofs, 50);
    const proofP99 = ofRounds((r) => r.proofs, 99);
    const bareP50 = ofRounds((r) => r.bare, 50);
    const bareP99 = ofRounds((r) => r.bare, 99);
    const permitP50 = ofRounds((r) => r.permits, 50);
    const permitP99 = ofRounds((r) => r.permits, 99);
    echo.unsubscribe();
    await audit.stop('SIGTERM', 15_000);
    // A proof records its read durably before answering: one committed row, bare, for scale.
    await dataSource.query('CREATE TABLE raw_commits (id bigserial PRIMARY KEY, v text)');
    const commitTimes: number[] = [];
    for (let i = 0; i < 1_000; i += 1) {
      const t = performance.now();
      await dataSource.query('INSERT INTO raw_commits (v) VALUES ($1)', ['read']);
      commitTimes.push(performance.now() - t);
    }

    // Offline verification of a complete export, next to hashing its bytes once.
    const file = join(dataDir, 'export.jsonl');
    const out = createWriteStream(file);
    for await (const line of exportLines(dataSource, head, await store.publicKeys(), {}))
      if (!out.write(`${line}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
    await new Promise<void>((r) => out.end(() => r()));
    // Both read the file as a stream: an export of a million entries is gigabytes.
    began = performance.now();
    const digest = createHash('sha256');
    for await (const chunk of createReadStream(file)) digest.update(chunk as Buffer);
    digest.digest();
    const hashSeconds = (performance.now() - began) / 1_000;
    const bytes = statSync(file).size;
    began = performance.now();
    const verifier = createExportVerifier();
    for await (const line of createInterface({
      input: createReadStream(file),
      crlfDelay: Infinity,
    }))
      verifier.push(line);
    const verified = verifier.finish();
    const verifySeconds = (performance.now() - began) / 1_000;
    if (!verified.ok)
      throw new Error(`export does not verify: ${JSON.stringify(verified.failures.slice(0, 3))}`);

    const p99 = proofP99;
    const rows = [
      ['figure', 'value', 'raw engine (same run)', 'target'],
      [
        'audit ingest',
        `${ingest.toFixed(0)} events/s`,
        `PG insert, same rows, 500/batch: ${rawRows.toFixed(0)} rows/s`,
        `>= 5000 ${ingest >= 5_000 ? 'ok' : 'MISSED'}`,
      ],
      [
        '  of which appending (first entry on)',
        `${appendRate.toFixed(0)} events/s`,
        `(the figure above counts the process's boot too)`,
        '',
      ],
      [
        `inclusion proof p50 @${head.treeSize} (median of ${ROUNDS} rounds)`,
        `${proofP50.toFixed(2)} ms`,
        `bare NATS request p50 ${bareP50.toFixed(2)} ms`,
        '',
      ],
      [
        `inclusion proof p99 @${head.treeSize} (median of ${ROUNDS} rounds)`,
        `${p99.toFixed(2)} ms`,
        `bare NATS request p99 ${bareP99.toFixed(2)} ms (rounds' proof p99: ${rounds.map((r) => percentile(r.proofs, 99).toFixed(1)).join(', ')} ms)`,
        `< 10 ms ${p99 < 10 ? 'ok' : 'MISSED'}`,
      ],
      [
        `permit proof p50 @${head.treeSize} (${permits} permits; median of ${ROUNDS} rounds)`,
        `${permitP50.toFixed(2)} ms`,
        `bare NATS request p50 ${bareP50.toFixed(2)} ms`,
        '',
      ],
      [
        `permit proof p99 @${head.treeSize} (median of ${ROUNDS} rounds)`,
        `${permitP99.toFixed(2)} ms`,
        `bare NATS request p99 ${bareP99.toFixed(2)} ms (rounds' permit proof p99: ${rounds.map((r) => percentile(r.permits, 99).toFixed(1)).join(', ')} ms)`,
        'figure (issue 15)',
      ],
      [
        '',
        '',
        `PG one-row commit p50 ${percentile(commitTimes, 50).toFixed(2)} ms, p99 ${percentile(commitTimes, 99).toFixed(2)} ms`,
        '',
      ],
      [
        `verify export of ${verified.entries} entries`,
        `${verifySeconds.toFixed(1)} s`,
        `SHA-256 of its ${(bytes / 1e6).toFixed(0)} MB: ${hashSeconds.toFixed(2)} s`,
        `< 60 s ${verifySeconds < 60 ? 'ok' : 'MISSED'}`,
      ],
    ];
    printTable(rows);
    process.stdout.write(
      `${JSON.stringify({ ingestPerSecond: ingest, appendPerSecond: appendRate, rawRowsPerSecond: rawRows, entries: head.treeSize, proofP50Ms: proofP50, proofP99Ms: p99, bareNatsP99Ms: bareP99, proofP99MsByRound: rounds.map((r) => percentile(r.proofs, 99)), permitProofP50Ms: permitP50, permitProofP99Ms: permitP99, permitProofP99MsByRound: rounds.map((r) => percentile(r.permits, 99)), commitP50Ms: percentile(commitTimes, 50), commitP99Ms: percentile(commitTimes, 99), verifySeconds, hashSeconds, buildSeconds })}\n`,
    );
    await dataSource.destroy();
    await nc.close();
  } finally {
    await audit?.stop('SIGKILL', 5_000);
    await infra.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
