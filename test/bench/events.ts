/**
 * `npm run bench:events`: the event backbone's figures, next to the raw engines and a bare
 * pipeline measured in the same run on the same servers (a ratio holds on a noisy machine; a
 * single time does not).
 *
 * - raw JetStream async publish: messages/s, publishes pipelined in windows, no PostgreSQL;
 * - raw PostgreSQL single-row commits: commits/s from 16 connections (durable settings);
 * - raw PostgreSQL transactions of a use case's shape (BEGIN, SELECT ... FOR UPDATE of a state
 *   row, UPDATE it, INSERT an event row, COMMIT) from 16 connections, next to the platform's
 *   use case doing the same alone (no relay, no consumer running): the cost of the write path;
 * - the write path end to end, 1 event per transaction, 16 writers, against a bare pipeline
 *   of the same work: `pg` and nats.js alone, no framework (test/bench/bare-consumer.ts). Both
 *   do the same, in rounds that alternate which goes first: a use case loads a state row
 *   (`SELECT ... FOR UPDATE`), decides its next value, saves it and writes its event in the
 *   same transaction; a relay in the writers' process publishes the event rows to JetStream
 *   with the event id as `Nats-Msg-Id` and marks them sent; a consuming process (a durable
 *   pull consumer, two lanes by aggregate) records the events that arrived together in an
 *   inbox with each one's handler row in one transaction, then acks. The platform's path is a
 *   use case on `Outbox.transaction`/`append`, `OutboxRelay` and `JetStreamEventServer`
 *   (test/bench/event-consumer.ts). Sustained events/s until every event was handled, and
 *   the CPU time per event of each side's writing process, consuming process, PostgreSQL and
 *   NATS server (which holds better than a rate on a shared machine);
 * - end to end with commands writing ten state changes each (one statement for the rows, one
 *   `appendAll` for the events), then with those commands and a consuming handler that takes
 *   the events that arrived together (@OnEvents);
 * - latency from commit to handled, p50/p99, at a paced 1,000 events/s.
 *
 * BENCH_EVENTS events per figure (20,000); BENCH_ROUNDS rounds of the comparison (2);
 * BENCH_WRITE_PATH_ONLY=1 stops after the comparison.
 *
 * Targets: at least 3,000 events/s end to end and p99 under 100 ms at 1,000 events/s (issue
 * 3); the platform's path at least half of the bare pipeline's rate (issue 11).
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync, fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { DataSource, type EntityManager, type MigrationInterface, type QueryRunner } from 'typeorm';
import { CONTEXT_STREAMS, DEAD_LETTER_STREAM } from '#contracts';
import {
  connectNats,
  ensureStreams,
  MessagingTables1763900000000,
  migrateServiceDatabase,
  Outbox,
  OutboxRelay,
  serviceDataSourceOptions,
} from '#platform';
import { benchDataDir, benchInfrastructure, percentile, printTable } from './report.js';
import { submittedEvent } from '../factories/events.js';

const N = Number(process.env.BENCH_EVENTS ?? 20_000);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2));
const WRITE_PATH_ONLY = process.env.BENCH_WRITE_PATH_ONLY === '1';
const WRITERS = 16;
/** State rows each path's writers update, in turn (enough that writers rarely wait on one). */
const AGGREGATES = 4_096;
const BARE_SUBJECT = 'gov.permits.bare.counted.v1';
const handledAt = new Map<string, number>();
let onHandled: (() => void) | undefined;

class BenchTables1763900000009 implements MigrationInterface {
  name = 'BenchTables1763900000009';
  async up(q: QueryRunner) {
    // The platform's side: the use case's state rows and the consumer's handler rows.
    await q.query('CREATE TABLE things (id uuid PRIMARY KEY, n int NOT NULL)');
    await q.query('CREATE TABLE projection (id uuid PRIMARY KEY, n int NOT NULL)');
    // The bare pipeline's own tables, the same shapes.
    await q.query('CREATE TABLE bare_things (id uuid PRIMARY KEY, n int NOT NULL)');
    await q.query(`
      CREATE TABLE bare_outbox (
        position     bigserial PRIMARY KEY,
        event_id     uuid NOT NULL UNIQUE,
        subject      text NOT NULL,
        aggregate_id uuid NOT NULL,
        sequence     int NOT NULL,
        body         text NOT NULL,
        sent_at      timestamptz
      )`);
    await q.query(
      'CREATE INDEX bare_outbox_pending ON bare_outbox (position) WHERE sent_at IS NULL',
    );
    await q.query(
      'CREATE TABLE bare_inbox (consumer text NOT NULL, event_id uuid NOT NULL, PRIMARY KEY (consumer, event_id))',
    );
    await q.query('CREATE TABLE bare_projection (id uuid PRIMARY KEY, n int NOT NULL)');
    // The raw engine's.
    await q.query('CREATE TABLE raw_commits (id bigserial PRIMARY KEY, v int NOT NULL)');
    await q.query('CREATE TABLE raw_things (id uuid PRIMARY KEY, n int NOT NULL)');
    await q.query('CREATE TABLE raw_events (id uuid PRIMARY KEY, body text NOT NULL)');
  }
  async down(q: QueryRunner) {
    for (const table of [
      'raw_events',
      'raw_things',
      'raw_commits',
      'bare_projection',
      'bare_inbox',
      'bare_outbox',
      'bare_things',
      'projection',
      'things',
    ])
      await q.query(`DROP TABLE ${table}`);
  }
}

const TICK_MICROS = 1e6 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

/**
 * CPU time (µs) the bench's own PostgreSQL (the postmaster, its live backends and those it
 * reaped) and NATS server have used so far, from /proc: where a path's work lands besides
 * the Node processes.
 */
function serverCpuMicros(dataDir: string): { postgres: number; nats: number } {
  const postmaster = readFileSync(join(dataDir, 'postgres/data/postmaster.pid'), 'utf8').split(
    '\n',
  )[0];
  const used = { postgres: 0, nats: 0 };
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // After the command's closing parenthesis: state, ppid, ..., utime (14), stime, cutime, cstime.
      const fields = stat
        .slice(stat.lastIndexOf(')') + 2)
        .split(' ')
        .map(Number);
      const own = (fields[11] ?? 0) + (fields[12] ?? 0);
      if (pid === postmaster) used.postgres += own + (fields[13] ?? 0) + (fields[14] ?? 0);
      else if (String(fields[1]) === postmaster) used.postgres += own;
      else if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(join(dataDir, 'nats')))
        used.nats += own;
    } catch {
      // the process ended meanwhile
    }
  }
  return { postgres: used.postgres * TICK_MICROS, nats: used.nats * TICK_MICROS };
}

/** Runs `work(i)` for i = 0..count-1 from `WRITERS` concurrent writers; returns calls/s. */
async function fromWriters(count: number, work: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (next < count) {
        const i = next;
        next += 1;
        await work(i);
      }
    }),
  );
  return count / ((performance.now() - began) / 1_000);
}

/**
 * The platform's write path as a business service writes it: a use case that loads its
 * aggregate, decides, saves it and appends the event, in one outbox transaction.
 */
class CountThing {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  execute(id: string) {
    return this.outbox.transaction(this.dataSource.manager, async (tx: EntityManager) => {
      const [thing] = await tx.query<{ n: number }[]>(
        'SELECT n FROM things WHERE id = $1 FOR UPDATE',
        [id],
      );
      if (!thing) throw new Error(`no thing ${id}`);
      const n = thing.n + 1; // the decision
      await tx.query('UPDATE things SET n = $2 WHERE id = $1', [id, n]);
      return this.outbox.append(tx, submittedEvent(id, 'bench.event'));
    });
  }
}

/**
 * The bare pipeline's writing side: the same transaction on a `pg` pool (the state row's new
 * value is the event's sequence), and a relay that publishes the rows with their event id as
 * `Nats-Msg-Id` and marks them sent once JetStream acknowledged them.
 */
class BarePipeline {
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly js: JetStreamClient,
  ) {}

  async write(id: string): Promise<string> {
    const client = await this.pool.connect();
    const eventId = randomUUID();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ n: number }>(
        'SELECT n FROM bare_things WHERE id = $1 FOR UPDATE',
        [id],
      );
      if (!rows[0]) throw new Error(`no thing ${id}`);
      const n = rows[0].n + 1;
      await client.query('UPDATE bare_things SET n = $2 WHERE id = $1', [id, n]);
      const body = JSON.stringify({
        specversion: '1.0',
        id: eventId,
        source: '/gov/permits',
        type: BARE_SUBJECT,
        subject: id,
        time: new Date().toISOString(),
        datacontenttype: 'application/json',
        data: {
          applicationId: id,
          applicantId: randomUUID(),
          permitType: 'bench.event',
          submittedAt: new Date().toISOString(),
        },
        correlationid: randomUUID(),
        actor: 'system',
        dataversion: '1',
        sequence: n,
      });
      await client.query(
        `INSERT INTO bare_outbox (event_id, subject, aggregate_id, sequence, body)
         VALUES ($1, $2, $3, $4, $5)`,
        [eventId, BARE_SUBJECT, id, n, body],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    this.wake();
    return eventId;
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  private wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    const encoder = new TextEncoder();
    while (this.running) {
      const { rows } = await this.pool.query<{
        position: string;
        event_id: string;
        subject: string;
        body: string;
      }>(
        `SELECT position, event_id, subject, body FROM bare_outbox
         WHERE sent_at IS NULL ORDER BY position LIMIT 1000`,
      );
      if (rows.length > 0) {
        await Promise.all(
          rows.map((row) =>
            this.js.publish(row.subject, encoder.encode(row.body), { msgID: row.event_id }),
          ),
        );
        await this.pool.query('UPDATE bare_outbox SET sent_at = now() WHERE position = ANY($1)', [
          rows.map((r) => r.position),
        ]);
        continue;
      }
      if (this.woken) {
        this.woken = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 250);
        this.wakeUp = () => {
          this.wakeUp = undefined;
          clearTimeout(timer);
          resolve();
        };
      });
      this.woken = false;
    }
  }
}

async function main(): Promise<void> {
  const dataDir = benchDataDir('events');
  const infra = await benchInfrastructure(dataDir);
  const schema = 'bench';
  try {
    const options = {
      url: infra.databaseUrl,
      schema,
      applicationName: 'bench',
      migrations: [MessagingTables1763900000000, BenchTables1763900000009],
    };
    await migrateServiceDatabase(options);
    const dataSource = new DataSource(serviceDataSourceOptions({ ...options, poolSize: 20 }));
    await dataSource.initialize();
    const nc = await connectNats({ name: 'bench', servers: infra.natsUrl, auth: infra.natsAuth });
    const streams = { maxAgeMs: 3_600_000, duplicateWindowMs: 120_000 };
    await ensureStreams(nc, [...CONTEXT_STREAMS, DEAD_LETTER_STREAM], streams);

    // Raw JetStream: async publishes, 1,000 in flight at a time.
    const js = jetstream(nc);
    const payload = new TextEncoder().encode(JSON.stringify({ raw: true, pad: 'x'.repeat(300) }));
    let began = performance.now();
    for (let i = 0; i < N; i += 1_000) {
      await Promise.all(
        Array.from({ length: Math.min(1_000, N - i) }, (_, k) =>
          js.publish('gov.permits.bench.raw.v1', payload, {
            msgID: `raw-${i + k}-${randomUUID()}`,
          }),
        ),
      );
    }
    const rawJetStream = N / ((performance.now() - began) / 1_000);

    // The state rows of the raw, bare and platform writers.
    const ids = (table: string) =>
      dataSource
        .query<{ id: string }[]>(
          `INSERT INTO ${table} (id, n) SELECT gen_random_uuid(), 0 FROM generate_series(1, $1)
           RETURNING id`,
          [AGGREGATES],
        )
        .then((rows) => rows.map((r) => r.id));
    const rawIds = await ids('raw_things');
    const bareIds = await ids('bare_things');
    const platformIds = await ids('things');

    // Raw PostgreSQL: single-row autocommit inserts from 16 connections.
    const pool = new pg.Pool({
      connectionString: infra.databaseUrl,
      max: 20,
      options: `-c search_path=${schema}`,
    });
    const commits = Math.min(N, 10_000);
    const rawPostgres = await fromWriters(commits, (i) =>
      pool.query('INSERT INTO raw_commits (v) VALUES ($1)', [i]),
    );

    // Raw PostgreSQL, a use case's shape: BEGIN, load and save a state row, an event row, COMMIT.
    const envelopeSized = 'x'.repeat(700);
    const rawTransactions = await fromWriters(commits, async (i) => {
      const client = await pool.connect();
      try {
        const id = rawIds[i % AGGREGATES];
        await client.query('BEGIN');
        const { rows } = await client.query<{ n: number }>(
          'SELECT n FROM raw_things WHERE id = $1 FOR UPDATE',
          [id],
        );
        await client.query('UPDATE raw_things SET n = $2 WHERE id = $1', [
          id,
          (rows[0]?.n ?? 0) + 1,
        ]);
        await client.query('INSERT INTO raw_events (id, body) VALUES ($1, $2)', [
          randomUUID(),
          envelopeSized,
        ]);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    });

    // The platform's use case alone, the same shape (its events wait for the relay below).
    const outbox = new Outbox({ service: 'permits', partitions: 16 });
    const useCase = new CountThing(dataSource, outbox);
    let counted = 0;
    const useCaseAlone = await fromWriters(commits, () =>
      useCase.execute(platformIds[counted++ % AGGREGATES] as string),
    );

    /**
     * A consuming service in its own process with its own consumer group reading from the
     * stream's start; it reports what it handled and when.
     */
    const startConsumer = async (script: string, handler: string) => {
      const child = fork(join(dirname(fileURLToPath(import.meta.url)), script), [], {
        env: {
          ...process.env,
          DATABASE_URL: infra.databaseUrl,
          BENCH_SCHEMA: schema,
          NATS_URL: infra.natsUrl,
          NATS_USER: infra.natsAuth?.user ?? '',
          NATS_PASSWORD: infra.natsAuth?.pass ?? '',
          BENCH_CONSUMER: `bench-${handler}-${randomUUID().slice(0, 8)}`,
          BENCH_HANDLER: handler,
        },
      });
      await new Promise<void>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`bench consumer exited with ${code}`)));
        child.on(
          'message',
          (message: { ready?: boolean; handled?: [string, number][]; cpu?: NodeJS.CpuUsage }) => {
            if (message.ready) resolve();
            for (const [id, at] of message.handled ?? []) handledAt.set(id, at);
            if (message.handled) onHandled?.();
            if (message.cpu) onCpu?.(message.cpu);
          },
        );
      });
      let onCpu: ((usage: NodeJS.CpuUsage) => void) | undefined;
      return {
        /** The process's CPU time so far, in microseconds (user + system). */
        cpu: () =>
          new Promise<number>((resolve) => {
            onCpu = (usage) => resolve(usage.user + usage.system);
            child.send('cpu');
          }),
        close: () =>
          new Promise<void>((resolve) => {
            child.removeAllListeners('exit');
            child.once('exit', () => resolve());
            child.disconnect();
          }),
      };
    };
    const allHandled = (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (handledAt.size >= count) {
            onHandled = undefined;
            resolve();
          }
        };
        onHandled = check;
        check();
      });

    let app = await startConsumer('event-consumer.js', 'each');
    const bareApp = await startConsumer('bare-consumer.js', 'bare');
    const relay = new OutboxRelay(dataSource, nc, outbox, {
      schema,
      databaseUrl: infra.databaseUrl,
      partitions: 16,
      batchSize: 1_000,
    });
    await relay.start();
    // The bare pipeline's own NATS connection: nats.js's `connect`, not the platform's (whose
    // transport coalesces writes), without the stack traces nats.js makes for every publish
    // by default (one option, as the platform's connections have it).
    const bareNc = await connect({
      servers: infra.natsUrl,
      ...(infra.natsAuth ?? {}),
      noAsyncTraces: true,
    });
    const bare = new BarePipeline(pool, jetstream(bareNc));
    bare.start();
    await allHandled(commits); // the use case's events written alone above
    handledAt.clear();

    /**
     * `WRITERS` writers write `commands` commands with `write`; returns the rate of the writes
     * alone, the seconds until every event was handled, and the CPU time per event of this
     * process (writers and relay) and of the consuming one, in microseconds.
     */
    const sustained = async (
      commands: number,
      write: (i: number) => Promise<unknown>,
      consumer: { cpu: () => Promise<number> },
      eventsPerCommand = 1,
    ) => {
      handledAt.clear();
      const events = commands * eventsPerCommand;
      const cpu = [process.cpuUsage(), await consumer.cpu(), serverCpuMicros(dataDir)] as const;
      const start = performance.now();
      const writes = await fromWriters(commands, write);
      await allHandled(events);
      const seconds = (performance.now() - start) / 1_000;
      const used = process.cpuUsage(cpu[0]);
      const servers = serverCpuMicros(dataDir);
      return {
        writes,
        seconds,
        writerCpu: (used.user + used.system) / events,
        consumerCpu: ((await consumer.cpu()) - cpu[1]) / events,
        postgresCpu: (servers.postgres - cpu[2].postgres) / events,
        natsCpu: (servers.nats - cpu[2].nats) / events,
      };
    };
    type Run = Awaited<ReturnType<typeof sustained>>;

    // The comparison: the bare pipeline and the platform's path, one event per transaction,
    // in rounds that alternate which goes first.
    let bareCount = 0;
    const runs: Record<'bare' | 'platform', Run[]> = {
      bare: [],
      platform: [],
    };
    for (let round = 0; round < ROUNDS; round += 1) {
      const order =
        round % 2 === 0 ? (['bare', 'platform'] as const) : (['platform', 'bare'] as const);
      for (const path of order)
        runs[path].push(
          path === 'bare'
            ? await sustained(
                N,
                () => bare.write(bareIds[bareCount++ % AGGREGATES] as string),
                bareApp,
              )
            : await sustained(
                N,
                () => useCase.execute(platformIds[counted++ % AGGREGATES] as string),
                app,
              ),
        );
    }
    const rate = (list: { seconds: number }[]) =>
      (N * list.length) / list.reduce((sum, r) => sum + r.seconds, 0);
    const mean = (list: Run[], of: (run: Run) => number) =>
      list.reduce((sum, r) => sum + of(r), 0) / list.length;
    const meanWrites = (list: Run[]) => mean(list, (r) => r.writes);
    const cpuPerEvent = (list: Run[]) =>
      `${(['writerCpu', 'consumerCpu', 'postgresCpu', 'natsCpu'] as const)
        .map((key) => mean(list, (r) => r[key]).toFixed(0))
        .join(' + ')} µs`;
    const bareRate = rate(runs.bare);
    const endToEnd = rate(runs.platform);
    const ratio = endToEnd / bareRate;
    const roundRatios = runs.platform.map((p, i) => (runs.bare[i]?.seconds ?? NaN) / p.seconds);
    await bare.stop();
    await bareApp.close();
    await bareNc.drain();

    const rows = [
      ['figure', 'value', 'raw engine or bare pipeline (same run)', 'target'],
      [
        'use case -> outbox -> JetStream -> inbox, 1 event/tx',
        `${endToEnd.toFixed(0)} events/s`,
        `bare pg + nats.js pipeline ${bareRate.toFixed(0)} events/s`,
        `>= 3000 ${endToEnd >= 3_000 ? 'ok' : 'MISSED'}`,
      ],
      [
        '  ratio to the bare pipeline',
        `${ratio.toFixed(2)}`,
        `(rounds: ${roundRatios.map((r) => r.toFixed(2)).join(', ')})`,
        `>= 0.5 ${ratio >= 0.5 ? 'ok' : 'MISSED'}`,
      ],
      [
        '  its writers, beside relay and consumer',
        `${meanWrites(runs.platform).toFixed(0)} tx/s`,
        `bare writers ${meanWrites(runs.bare).toFixed(0)} tx/s`,
        '',
      ],
      [
        '  CPU per event: writers+relay + consumer + PG + NATS',
        cpuPerEvent(runs.platform),
        `bare ${cpuPerEvent(runs.bare)}`,
        '',
      ],
      [
        '  its use case alone',
        `${useCaseAlone.toFixed(0)} tx/s`,
        `PG BEGIN+SELECT FOR UPDATE+UPDATE+INSERT+COMMIT ${rawTransactions.toFixed(0)}/s`,
        '',
      ],
      [
        '  raw engines',
        '',
        `JetStream publish ${rawJetStream.toFixed(0)} msg/s; PG commit ${rawPostgres.toFixed(0)}/s`,
        '',
      ],
    ];
    const figures: Record<string, number> = {
      events: N,
      rounds: ROUNDS,
      endToEndPerSecond: endToEnd,
      barePipelinePerSecond: bareRate,
      ratioToBare: ratio,
      outboxWritesPerSecond: meanWrites(runs.platform),
      bareWritesPerSecond: meanWrites(runs.bare),
      writerCpuMicrosPerEvent: mean(runs.platform, (r) => r.writerCpu),
      consumerCpuMicrosPerEvent: mean(runs.platform, (r) => r.consumerCpu),
      bareWriterCpuMicrosPerEvent: mean(runs.bare, (r) => r.writerCpu),
      bareConsumerCpuMicrosPerEvent: mean(runs.bare, (r) => r.consumerCpu),
      postgresCpuMicrosPerEvent: mean(runs.platform, (r) => r.postgresCpu),
      barePostgresCpuMicrosPerEvent: mean(runs.bare, (r) => r.postgresCpu),
      natsCpuMicrosPerEvent: mean(runs.platform, (r) => r.natsCpu),
      bareNatsCpuMicrosPerEvent: mean(runs.bare, (r) => r.natsCpu),
      useCaseAlonePerSecond: useCaseAlone,
      rawSameShapeTransactionsPerSecond: rawTransactions,
      rawJetStreamPerSecond: rawJetStream,
      rawPostgresCommitsPerSecond: rawPostgres,
    };

    if (!WRITE_PATH_ONLY) {
      /** One command writing `perTransaction` new state rows and their events. */
      const committedAt = new Map<string, number>();
      const write = async (perTransaction = 1) => {
        const events = await outbox.transaction(dataSource.manager, async (tx) => {
          const fresh = Array.from({ length: perTransaction }, () => randomUUID());
          if (perTransaction === 1)
            await tx.query('INSERT INTO things (id, n) VALUES ($1, 0)', [fresh[0]]);
          else await tx.query('INSERT INTO things (id, n) SELECT unnest($1::uuid[]), 0', [fresh]);
          return outbox.appendAll(
            tx,
            fresh.map((id) => submittedEvent(id, 'bench.event')),
          );
        });
        const now = Date.now();
        for (const event of events) committedAt.set(event.id, now);
      };
      const PER_TX = 10;
      const commands = Math.ceil(N / PER_TX);
      const sustainedCommands = async () =>
        (commands * PER_TX) / (await sustained(commands, () => write(PER_TX), app, PER_TX)).seconds;
      // Commands that each write several state changes and their events.
      const endToEndBatched = await sustainedCommands();
      // Latency at a paced 1,000 events/s for 10 s.
      handledAt.clear();
      committedAt.clear();
      const paced = 10_000;
      began = performance.now();
      const inFlight: Promise<void>[] = [];
      for (let i = 0; i < paced; i += 1) {
        const due = began + i;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        inFlight.push(write());
      }
      await Promise.all(inFlight);
      await allHandled(paced);
      const latencies = [...committedAt].map(([id, at]) => (handledAt.get(id) ?? NaN) - at);

      // Batching on both sides: commands of ten events, and a consuming service whose handler
      // takes the events that arrived together at once (a new consumer group on an emptied
      // stream, so it does not first replay the events above).
      await app.close();
      await (await jetstreamManager(nc)).streams.purge('PERMITS');
      app = await startConsumer('event-consumer.js', 'together');
      const endToEndBatchHandler = await sustainedCommands();

      const p99 = percentile(latencies, 99);
      rows.push(
        [
          `outbox -> JetStream -> inbox, ${PER_TX} events/tx`,
          `${endToEndBatched.toFixed(0)} events/s`,
          '',
          `>= 3000 ${endToEndBatched >= 3_000 ? 'ok' : 'MISSED'}`,
        ],
        [
          `  ... and a handler taking events together (@OnEvents)`,
          `${endToEndBatchHandler.toFixed(0)} events/s`,
          '',
          `>= 3000 ${endToEndBatchHandler >= 3_000 ? 'ok' : 'MISSED'}`,
        ],
        ['commit -> handled p50 @1000/s', `${percentile(latencies, 50).toFixed(0)} ms`, '', ''],
        [
          'commit -> handled p99 @1000/s',
          `${p99.toFixed(0)} ms`,
          '',
          `< 100 ms ${p99 < 100 ? 'ok' : 'MISSED'}`,
        ],
      );
      Object.assign(figures, {
        endToEndBatchedPerSecond: endToEndBatched,
        endToEndBatchHandlerPerSecond: endToEndBatchHandler,
        eventsPerTransactionBatched: PER_TX,
        latencyP50Ms: percentile(latencies, 50),
        latencyP99Ms: p99,
      });
    }

    await relay.stop();
    await app.close();
    await pool.end();
    await (await jetstreamManager(nc)).streams.purge('PERMITS').catch(() => undefined);
    await nc.drain();
    await dataSource.destroy();
    printTable(rows);
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    await infra.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
