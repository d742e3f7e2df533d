/**
 * The event backbone under faults. Relay and consumer run as separate processes
 * (test/fixtures/event-node.ts) that are killed with SIGKILL at the worst moments, and the
 * NATS server is killed and restarted in the middle of a burst. Afterwards every event must be
 * in the consumer's records exactly once and no outbox row may be left unsent.
 *
 * This file runs its own NATS server (the shared one must not be restarted under other tests).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { CONTEXT_STREAMS, DEAD_LETTER_STREAM } from '#contracts';
import { freePorts, ManagedProcess, NatsServer, repoRoot } from '#devstack';
import {
  connectNats,
  ensureStreams,
  MessagingTables1763900000000,
  migrateServiceDatabase,
  Outbox,
  serviceDataSourceOptions,
} from '#platform';
import { eventually, testEnv } from '#testing';
import { submittedEvent } from '../factories/events.js';

const run = randomUUID().slice(0, 8);
const schema = `itest_faults_${run}`;
const streams = { maxAgeMs: 3_600_000, duplicateWindowMs: 120_000 };

class SeenTable1763900000002 implements MigrationInterface {
  name = 'SeenTable1763900000002';
  async up(q: QueryRunner) {
    await q.query('CREATE TABLE things (id uuid PRIMARY KEY)');
    // No unique key on purpose: a duplicate delivery that got through would show as two rows.
    await q.query('CREATE TABLE seen (consumer text NOT NULL, event_id uuid NOT NULL)');
  }
  async down(q: QueryRunner) {
    await q.query('DROP TABLE seen');
    await q.query('DROP TABLE things');
  }
}

describe('event backbone under faults: kill -9 and a broker restart lose and duplicate nothing', () => {
  let dir: string;
  let nats: NatsServer;
  let nc: NatsConnection;
  let dataSource: DataSource;
  const outbox = new Outbox({ service: 'permits', partitions: 4 });
  const nodes: ManagedProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'civic-faults-'));
    const [port, monitorPort] = (await freePorts(2)) as [number, number];
    nats = new NatsServer({ dir, port, monitorPort });
    await nats.start();
    nc = await connectNats({
      name: 'itest-faults',
      servers: nats.url,
      auth: nats.credentials.admin,
    });
    await ensureStreams(nc, [...CONTEXT_STREAMS, DEAD_LETTER_STREAM], streams);
    const options = {
      url: testEnv().databaseUrl,
      schema,
      applicationName: 'itest-faults',
      migrations: [MessagingTables1763900000000, SeenTable1763900000002],
    };
    await migrateServiceDatabase(options);
    dataSource = new DataSource(serviceDataSourceOptions({ ...options, poolSize: 8 }));
    await dataSource.initialize();
  });

  afterEach(async () => {
    for (const node of nodes.splice(0)) await node.stop('SIGKILL', 5_000);
  });

  afterAll(async () => {
    await nc?.close();
    await nats?.stop();
    await dataSource?.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts a relay or consumer process; resolves once it is running. */
  const startNode = async (
    role: 'relay' | 'consumer',
    options: { consumer?: string; crashAfter?: number } = {},
  ): Promise<{ node: ManagedProcess; lines: string[] }> => {
    const lines: string[] = [];
    const node = new ManagedProcess({
      name: `fixture-${role}`,
      command: process.execPath,
      args: [join(repoRoot, 'dist/test/fixtures/event-node.js')],
      cwd: repoRoot,
      env: {
        ...process.env,
        FIXTURE_ROLE: role,
        FIXTURE_SCHEMA: schema,
        FIXTURE_CONSUMER: options.consumer ?? '',
        FIXTURE_CRASH_AFTER: String(options.crashAfter ?? 0),
        DATABASE_URL: testEnv().databaseUrl,
        NATS_URL: nats.url,
        NATS_USER: nats.credentials.admin.user,
        NATS_PASSWORD: nats.credentials.admin.pass,
      },
      onLine: (line) => lines.push(line),
    });
    nodes.push(node);
    await eventually(
      async () => {
        if (node.hasExited && !lines.some((l) => l.startsWith('crashing')))
          throw new Error(`${role} exited: ${lines.join(' | ')}`);
        return lines.includes('ready') || node.hasExited ? true : undefined;
      },
      30_000,
      `${role} process ready`,
    );
    return { node, lines };
  };

  const submit = (): Promise<string> =>
    outbox.transaction(dataSource.manager, async (tx) => {
      const id = randomUUID();
      await tx.query('INSERT INTO things (id) VALUES ($1)', [id]);
      const event = await outbox.append(tx, submittedEvent(id, 'faults.test'));
      return event.id;
    });

  const submitMany = async (n: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < n; i += 10)
      ids.push(...(await Promise.all(Array.from({ length: Math.min(10, n - i) }, submit))));
    return ids;
  };

  const unsent = async (ids: string[]): Promise<number> => {
    const rows = await dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL AND event_id = ANY($1::uuid[])',
      [ids],
    );
    return rows[0]?.n ?? -1;
  };

  /** Waits until the consumer recorded every id, then checks each is there exactly once. */
  const expectExactlyOnce = async (consumer: string, ids: string[]): Promise<void> => {
    const counts = await eventually(
      async () => {
        const rows = await dataSource.query<{ event_id: string; n: number }[]>(
          `SELECT event_id, count(*)::int AS n FROM seen
           WHERE consumer = $1 AND event_id = ANY($2::uuid[]) GROUP BY event_id`,
          [consumer, ids],
        );
        return rows.length === ids.length ? rows : undefined;
      },
      60_000,
      `${consumer} recorded all ${ids.length} events`,
    );
    expect(counts.filter((r) => r.n !== 1)).toEqual([]);
    const inbox = await dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM inbox WHERE consumer = $1 AND event_id = ANY($2::uuid[])',
      [consumer, ids],
    );
    expect(inbox[0]?.n).toBe(ids.length);
    await eventually(
      async () => ((await unsent(ids)) === 0 ? true : undefined),
      30_000,
      'outbox drained',
    );
  };

  it('a relay killed between publish and mark leaves rows that a restarted relay publishes again, stored once', async () => {
    const consumer = `faults-relay-${run}`;
    await startNode('consumer', { consumer });
    const ids = await submitMany(200);
    const jsm = await jetstreamManager(nc);
    const before = (await jsm.streams.info('PERMITS')).state.messages;
    const { node: doomed, lines } = await startNode('relay', { crashAfter: 1 });
    expect((await doomed.exited).signal).toBe('SIGKILL');
    expect(lines.some((l) => l.startsWith('crashing after'))).toBe(true);
    // It died with its first batch acknowledged by JetStream and nothing marked sent.
    const published = (await jsm.streams.info('PERMITS')).state.messages - before;
    expect(published).toBeGreaterThan(0);
    expect(await unsent(ids)).toBe(ids.length);
    await startNode('relay');
    await expectExactlyOnce(consumer, ids);
    // The republished batch fell in the dedupe window: the stream holds each event once.
    expect((await jsm.streams.info('PERMITS')).state.messages - before).toBe(ids.length);
  });

  it('a consumer killed between handling and ack gets the events again and skips them through its inbox', async () => {
    const consumer = `faults-consumer-${run}`;
    const { node: doomed } = await startNode('consumer', { consumer, crashAfter: 1 });
    await startNode('relay');
    const ids = await submitMany(200);
    expect((await doomed.exited).signal).toBe('SIGKILL');
    // Handled and committed, but the messages were never acked.
    const committed = await dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM seen WHERE consumer = $1',
      [consumer],
    );
    expect(committed[0]?.n).toBeGreaterThan(0);
    const info = await (await jetstreamManager(nc)).consumers.info('PERMITS', consumer);
    expect(info.num_ack_pending + info.num_pending).toBeGreaterThanOrEqual(
      committed[0]?.n as number,
    );
    await startNode('consumer', { consumer });
    await expectExactlyOnce(consumer, ids);
    // Every delivery, redeliveries included, takes a consumer sequence number.
    const settled = await eventually(async () => {
      const now = await (await jetstreamManager(nc)).consumers.info('PERMITS', consumer);
      return now.num_ack_pending === 0 && now.num_pending === 0 ? now : undefined;
    });
    expect(settled.delivered.consumer_seq).toBeGreaterThan(settled.delivered.stream_seq);
  });

  it('a NATS server killed and restarted in the middle of a burst loses and duplicates nothing', async () => {
    const consumer = `faults-broker-${run}`;
    await startNode('consumer', { consumer });
    await startNode('relay');
    const first = await submitMany(150);
    await nats.kill();
    // Writes go on while the broker is down: the outbox keeps them.
    const during = await submitMany(150);
    await nats.start();
    const last = await submitMany(150);
    await expectExactlyOnce(consumer, [...first, ...during, ...last]);
  });
});
