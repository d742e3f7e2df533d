/**
 * `npm run bench:events`: the event backbone's figures, next to the raw engines measured in
 * the same run on the same servers (a ratio holds on a noisy machine; a single time does not).
 *
 * - raw JetStream async publish: messages/s, publishes pipelined in windows, no PostgreSQL;
 * - raw PostgreSQL single-row commits: commits/s from 16 connections (durable settings);
 * - raw PostgreSQL transactions of an outbox write's shape (BEGIN, a state row, an event row,
 *   COMMIT) from 16 connections: the ceiling of a writer that commits one event at a time;
 * - end to end: outbox (state change + event in one transaction, 16 writers) -> relay ->
 *   JetStream -> consumer -> inbox (handler in a transaction): sustained events/s, once with
 *   one event per transaction and once with commands writing ten state changes each (one
 *   statement for the rows, one `appendAll` for the events), then with those commands and a
 *   consuming handler that takes the events that arrived together (@OnEvents);
 * - latency from commit to handled, p50/p99, at a paced 1,000 events/s.
 *
 * Targets (issue 3): at least 3,000 events/s end to end; p99 under 100 ms at 1,000 events/s.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import pg from 'pg';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
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
const handledAt = new Map<string, number>();
let onHandled: (() => void) | undefined;

class BenchTables1763900000009 implements MigrationInterface {
  name = 'BenchTables1763900000009';
  async up(q: QueryRunner) {
    await q.query('CREATE TABLE things (id uuid PRIMARY KEY, n int NOT NULL)');
    await q.query('CREATE TABLE raw_commits (id bigserial PRIMARY KEY, v int NOT NULL)');
    await q.query('CREATE TABLE raw_events (id uuid PRIMARY KEY, body text NOT NULL)');
  }
  async down(q: QueryRunner) {
    await q.query('DROP TABLE raw_events');
    await q.query('DROP TABLE raw_commits');
    await q.query('DROP TABLE things');
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

    // Raw PostgreSQL: single-row autocommit inserts from 16 connections.
    const pool = new pg.Pool({
      connectionString: infra.databaseUrl,
      max: 16,
      options: `-c search_path=${schema}`,
    });
    const commits = Math.min(N, 10_000);
    let next = 0;
    began = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < commits) {
          next += 1;
          await pool.query('INSERT INTO raw_commits (v) VALUES ($1)', [next]);
        }
      }),
    );
    const rawPostgres = commits / ((performance.now() - began) / 1_000);

    // Raw PostgreSQL, same shape as an outbox write: BEGIN, a state row, an event row, COMMIT.
    const envelopeSized = 'x'.repeat(700);
    next = 0;
    began = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        const client = await pool.connect();
        try {
          while (next < commits) {
            next += 1;
            await client.query('BEGIN');
            await client.query('INSERT INTO raw_commits (v) VALUES ($1)', [next]);
            await client.query('INSERT INTO raw_events (id, body) VALUES ($1, $2)', [
              randomUUID(),
              envelopeSized,
            ]);
            await client.query('COMMIT');
          }
        } finally {
          client.release();
        }
      }),
    );
    const rawTransactions = commits / ((performance.now() - began) / 1_000);
    await pool.end();

    // End to end.
    const outbox = new Outbox({ service: 'permits', partitions: 16 });
    /**
     * The consuming service, in its own process (test/bench/event-consumer.ts) with its own
     * consumer group reading from the stream's start; it reports what it handled and when.
     */
    const startConsumer = async (handler: 'each' | 'together') => {
      const child = fork(join(dirname(fileURLToPath(import.meta.url)), 'event-consumer.js'), [], {
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
        child.on('message', (message: { ready?: boolean; handled?: [string, number][] }) => {
          if (message.ready) resolve();
          for (const [id, at] of message.handled ?? []) handledAt.set(id, at);
          if (message.handled) onHandled?.();
        });
      });
      return {
        close: () =>
          new Promise<void>((resolve) => {
            child.removeAllListeners('exit');
            child.once('exit', () => resolve());
            child.disconnect();
          }),
      };
    };
    let app = await startConsumer('each');
    const relay = new OutboxRelay(dataSource, nc, outbox, {
      schema,
      databaseUrl: infra.databaseUrl,
      partitions: 16,
      batchSize: 1_000,
    });
    await relay.start();

    const committedAt = new Map<string, number>();
    /**
     * One command: `perTransaction` state rows and their events in one transaction. A command
     * that changes several aggregates writes its rows in one statement and its events with
     * one `appendAll`, as a service would.
     */
    const write = async (perTransaction = 1) => {
      const events = await outbox.transaction(dataSource.manager, async (tx) => {
        const ids = Array.from({ length: perTransaction }, () => randomUUID());
        if (perTransaction === 1)
          await tx.query('INSERT INTO things (id, n) VALUES ($1, 0)', [ids[0]]);
        else await tx.query('INSERT INTO things (id, n) SELECT unnest($1::uuid[]), 0', [ids]);
        return outbox.appendAll(
          tx,
          ids.map((id) => submittedEvent(id, 'bench.event')),
        );
      });
      const now = Date.now();
      for (const event of events) committedAt.set(event.id, now);
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

    /**
     * 16 writers issue commands of `perTransaction` events until N events are written; returns
     * the rate of the writes alone and of the whole path (until every event was handled).
     */
    const sustained = async (perTransaction: number) => {
      handledAt.clear();
      let written = 0;
      const start = performance.now();
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (written < N) {
            written += perTransaction;
            await write(perTransaction);
          }
        }),
      );
      const writes = written / ((performance.now() - start) / 1_000);
      await allHandled(written);
      return { writes, endToEnd: written / ((performance.now() - start) / 1_000) };
    };

    const single = await sustained(1);
    const writesPerSecond = single.writes;
    const endToEnd = single.endToEnd;
    // The same, with commands that each write several state changes and their events.
    const PER_TX = 10;
    const endToEndBatched = (await sustained(PER_TX)).endToEnd;

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
    app = await startConsumer('together');
    const endToEndBatchHandler = (await sustained(PER_TX)).endToEnd;

    await relay.stop();
    await app.close();
    await (await jetstreamManager(nc)).streams.purge('PERMITS').catch(() => undefined);
    await nc.drain();
    await dataSource.destroy();

    const p99 = percentile(latencies, 99);
    const rows = [
      ['figure', 'value', 'raw engine (same run)', 'target'],
      [
        'outbox -> JetStream -> inbox, 1 event/tx',
        `${endToEnd.toFixed(0)} events/s`,
        `JetStream publish ${rawJetStream.toFixed(0)} msg/s; PG commit ${rawPostgres.toFixed(0)}/s`,
        `>= 3000 ${endToEnd >= 3_000 ? 'ok' : 'MISSED'}`,
      ],
      [
        '  ratio to raw tx of the same shape',
        `${(endToEnd / rawTransactions).toFixed(2)}`,
        `PG BEGIN+state row+event row+COMMIT ${rawTransactions.toFixed(0)}/s`,
        '',
      ],
      [
        '  of which outbox writes alone',
        `${writesPerSecond.toFixed(0)} tx/s`,
        '(state change + event, 16 writers, beside relay and consumer)',
        '',
      ],
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
    ];
    printTable(rows);
    process.stdout.write(
      `${JSON.stringify({
        events: N,
        endToEndPerSecond: endToEnd,
        endToEndBatchedPerSecond: endToEndBatched,
        endToEndBatchHandlerPerSecond: endToEndBatchHandler,
        eventsPerTransactionBatched: PER_TX,
        rawSameShapeTransactionsPerSecond: rawTransactions,
        outboxWritesPerSecond: writesPerSecond,
        rawJetStreamPerSecond: rawJetStream,
        rawPostgresCommitsPerSecond: rawPostgres,
        latencyP50Ms: percentile(latencies, 50),
        latencyP99Ms: percentile(latencies, 99),
      })}\n`,
    );
  } finally {
    await infra.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
