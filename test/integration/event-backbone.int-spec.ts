import { randomUUID } from 'node:crypto';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CONTEXT_STREAMS,
  DEAD_LETTER_STREAM,
  PERMIT_APPLICATION_SUBMITTED_V1,
  type CloudEvent,
} from '#contracts';
import {
  connectNats,
  DLQ_HEADERS,
  ensureStreams,
  MissingStreamError,
  requireStreams,
  listDeadLetters,
  replayDeadLetter,
  REPLAYED_FROM_HEADER,
  type DeadLetter,
  EventContext,
  InboxRetention1764200000000,
  type EventOf,
  JetStreamEventServer,
  MessagingTables1763900000000,
  migrateServiceDatabase,
  OnEvent,
  OnEvents,
  Outbox,
  OutboxRelay,
  serviceDataSourceOptions,
} from '#platform';
import { eventually, testEnv } from '#testing';
import { dlqMain } from '../../libs/devstack/src/cli/dlq.js';
import { submittedEvent } from '../factories/events.js';

const SUBMITTED = PERMIT_APPLICATION_SUBMITTED_V1;
const run = randomUUID().slice(0, 8);
const schema = `itest_events_${run}`;
const streams = { maxAgeMs: 3_600_000, duplicateWindowMs: 120_000 };

class SeenTable1763900000001 implements MigrationInterface {
  name = 'SeenTable1763900000001';
  async up(q: QueryRunner) {
    await q.query('CREATE TABLE things (id uuid PRIMARY KEY)');
    await q.query(
      `CREATE TABLE seen (n bigserial PRIMARY KEY, consumer text, event_id uuid, envelope text,
                          handled_with int NOT NULL DEFAULT 1)`,
    );
  }
  async down(q: QueryRunner) {
    await q.query('DROP TABLE seen');
    await q.query('DROP TABLE things');
  }
}

/** The "fix" an operator deploys before replaying dead letters. */
let poisonFixed = false;

@Controller()
class RecordingController {
  @OnEvent(SUBMITTED)
  async onSubmitted(event: EventOf<typeof SUBMITTED>, context: EventContext) {
    if (event.data.permitType === 'poison.always-fails' && !poisonFixed)
      throw new Error('poisoned on purpose');
    await context.manager.query(
      'INSERT INTO seen (consumer, event_id, envelope) VALUES ($1, $2, $3)',
      [context.consumer, event.id, JSON.stringify(event)],
    );
  }
}

@Module({ controllers: [RecordingController] })
class RecordingModule {}

/** The same record from a handler that takes the events that arrived together at once. */
@Controller()
class BatchRecordingController {
  @OnEvents(SUBMITTED)
  async onSubmitted(events: EventOf<typeof SUBMITTED>[], context: EventContext) {
    if (events.some((e) => e.data.permitType === 'poison.always-fails') && !poisonFixed)
      throw new Error('poisoned on purpose');
    await context.manager.query(
      `INSERT INTO seen (consumer, event_id, envelope, handled_with)
       SELECT $1, e.id, e.envelope, $4 FROM unnest($2::uuid[], $3::text[]) AS e(id, envelope)`,
      [
        context.consumer,
        events.map((e) => e.id),
        events.map((e) => JSON.stringify(e)),
        events.length,
      ],
    );
  }
}

@Module({ controllers: [BatchRecordingController] })
class BatchRecordingModule {}

/** Two handlers of one subject that disagree on taking one event or several. */
@Module({ controllers: [RecordingController, BatchRecordingController] })
class MixedModule {}

describe('event backbone: outbox -> JetStream -> inbox', () => {
  let dataSource: DataSource;
  let nc: NatsConnection;
  let outbox: Outbox;
  let relay: OutboxRelay;
  // Two consumer groups with a handler per event, one with a handler taking events together.
  const groups = [
    { consumer: `itest-a-${run}`, module: RecordingModule },
    { consumer: `itest-b-${run}`, module: RecordingModule },
    { consumer: `itest-batch-${run}`, module: BatchRecordingModule },
  ];
  const consumers = groups.map((g) => g.consumer);
  const apps: INestMicroservice[] = [];
  const relayErrors: unknown[] = [];

  beforeAll(async () => {
    const options = {
      url: testEnv().databaseUrl,
      schema,
      applicationName: 'itest-events',
      migrations: [
        MessagingTables1763900000000,
        SeenTable1763900000001,
        InboxRetention1764200000000,
      ],
    };
    await migrateServiceDatabase(options);
    dataSource = new DataSource(serviceDataSourceOptions({ ...options, poolSize: 5 }));
    await dataSource.initialize();
    nc = await connectNats({
      name: 'itest-events',
      servers: testEnv().natsUrl,
      auth: testEnv().natsAuth,
    });
    // The set-up step's job (npm run streams); safe to repeat.
    await ensureStreams(nc, [...CONTEXT_STREAMS, DEAD_LETTER_STREAM], streams);
    outbox = new Outbox({ service: 'permits', partitions: 4 });
    for (const { consumer, module } of groups) {
      const strategy = new JetStreamEventServer({
        consumer,
        servers: testEnv().natsUrl,
        auth: testEnv().natsAuth,
        maxDeliver: 3,
        concurrency: 4,
        backoffMs: [50, 100],
      });
      strategy.useDataSource(dataSource);
      const app = await NestFactory.createMicroservice(module, {
        strategy,
        logger: false,
      });
      await app.listen();
      apps.push(app);
    }
    relay = new OutboxRelay(dataSource, nc, outbox, {
      schema,
      databaseUrl: testEnv().databaseUrl,
      partitions: 4,
      claimIntervalMs: 100,
      onError: (e) => relayErrors.push(e),
    });
    await relay.start();
  });

  afterAll(async () => {
    await relay.stop();
    for (const app of apps) await app.close();
    const jsm = await jetstreamManager(nc);
    for (const consumer of consumers)
      await jsm.consumers.delete('PERMITS', consumer).catch(() => undefined);
    await nc.drain();
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  const submit = (permitType = 'building.small-extension') =>
    outbox.transaction(dataSource.manager, async (tx) => {
      const id = randomUUID();
      await tx.query('INSERT INTO things (id) VALUES ($1)', [id]);
      return outbox.append(tx, submittedEvent(id, permitType));
    });

  const seenBy = (consumer: string) =>
    dataSource.query<{ event_id: string; envelope: string }[]>(
      'SELECT event_id, envelope FROM seen WHERE consumer = $1',
      [consumer],
    );

  it('delivers each event written with a state change exactly once to each consumer group, envelope intact', async () => {
    const written = await Promise.all(Array.from({ length: 60 }, () => submit()));
    for (const consumer of consumers) {
      // The stream also holds other tests' events (the consumer reads it from the start).
      const ours = new Set(written.map((e) => e.id));
      const rows = await eventually(
        async () => {
          const seen = (await seenBy(consumer)).filter((r) => ours.has(r.event_id));
          return seen.length >= written.length ? seen : undefined;
        },
        30_000,
        `${consumer} saw every event`,
      );
      expect(rows.map((r) => r.event_id).sort()).toEqual([...ours].sort());
      const all = (await seenBy(consumer)).map((r) => r.event_id);
      expect(new Set(all).size).toBe(all.length); // nothing handled twice
      const byId = new Map(rows.map((r) => [r.event_id, JSON.parse(r.envelope) as CloudEvent]));
      for (const event of written) expect(byId.get(event.id)).toEqual(event);
    }
    expect(relayErrors).toEqual([]);
    const pending = await dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL',
    );
    expect(pending[0]?.n).toBe(0);
    expect(
      written.every(
        (e) => e.sequence === 1 && e.source === '/gov/permits' && e.specversion === '1.0',
      ),
    ).toBe(true);
  });

  it("hands each aggregate's events to a consumer in order, while lanes run side by side", async () => {
    const aggregates = Array.from({ length: 6 }, () => randomUUID());
    const written: CloudEvent[] = [];
    // Interleaved: round r writes the r-th event of every aggregate, all at once.
    for (let round = 0; round < 8; round += 1)
      written.push(
        ...(await Promise.all(
          aggregates.map((aggregateId) =>
            outbox.transaction(dataSource.manager, (tx) =>
              outbox.append(tx, submittedEvent(aggregateId, 'building.ordered')),
            ),
          ),
        )),
      );
    for (const consumer of consumers) {
      const rows = await eventually(async () => {
        const found = await dataSource.query<{ envelope: string }[]>(
          `SELECT envelope FROM seen WHERE consumer = $1 AND event_id = ANY($2::uuid[]) ORDER BY n`,
          [consumer, written.map((e) => e.id)],
        );
        return found.length === written.length ? found : undefined;
      });
      const handled = rows.map((r) => JSON.parse(r.envelope) as CloudEvent);
      for (const aggregateId of aggregates)
        expect(handled.filter((e) => e.subject === aggregateId).map((e) => e.sequence)).toEqual([
          1, 2, 3, 4, 5, 6, 7, 8,
        ]);
    }
  });

  it("writes a command's events in one statement: each aggregate numbered on, in the order given", async () => {
    const [x, y] = [randomUUID(), randomUUID()];
    const event = (aggregateId: string) => submittedEvent(aggregateId, 'building.together');
    const before = await outbox.transaction(dataSource.manager, (tx) =>
      outbox.append(tx, event(x)),
    );
    // 40 events of x and 2 of y, interleaved, in one transaction.
    const order = [x, y, ...Array.from({ length: 38 }, () => x), y, x];
    const written = await outbox.transaction(dataSource.manager, (tx) =>
      outbox.appendAll(tx, order.map(event)),
    );
    expect(before.sequence).toBe(1);
    expect(written.map((e) => e.subject)).toEqual(order);
    expect(written.filter((e) => e.subject === x).map((e) => e.sequence)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 2),
    );
    expect(written.filter((e) => e.subject === y).map((e) => e.sequence)).toEqual([1, 2]);
    // The outbox holds them in the order given, each envelope with its own number.
    const rows = await dataSource.query<{ event_id: string; envelope: string }[]>(
      'SELECT event_id, envelope FROM outbox WHERE event_id = ANY($1::uuid[]) ORDER BY position',
      [written.map((e) => e.id)],
    );
    expect(rows.map((r) => JSON.parse(r.envelope) as CloudEvent)).toEqual(written);
    await expect(outbox.appendAll(dataSource.manager, [])).resolves.toEqual([]);

    for (const consumer of consumers) {
      const seen = await eventually(async () => {
        const found = await dataSource.query<{ envelope: string; handled_with: number }[]>(
          'SELECT envelope, handled_with FROM seen WHERE consumer = $1 AND event_id = ANY($2::uuid[]) ORDER BY n',
          [consumer, written.map((e) => e.id)],
        );
        return found.length === written.length ? found : undefined;
      });
      const handled = seen.map((r) => JSON.parse(r.envelope) as CloudEvent);
      expect(handled.filter((e) => e.subject === x).map((e) => e.sequence)).toEqual(
        Array.from({ length: 40 }, (_, i) => i + 2),
      );
      // The batch handler got events that arrived together in one call.
      if (consumer.startsWith('itest-batch'))
        expect(Math.max(...seen.map((r) => r.handled_with))).toBeGreaterThan(1);
    }
  });

  it('numbers the events of one aggregate without gaps', async () => {
    const aggregateId = randomUUID();
    const events = [];
    for (let i = 0; i < 3; i += 1) {
      events.push(
        await outbox.transaction(dataSource.manager, (tx) =>
          outbox.append(tx, submittedEvent(aggregateId, 'building.shed')),
        ),
      );
    }
    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3]);
  });

  it('skips a redelivered duplicate however late it comes (past the JetStream dedupe window)', async () => {
    const event = await submit();
    await eventually(async () =>
      (await seenBy(consumers[0] as string)).some((r) => r.event_id === event.id)
        ? true
        : undefined,
    );
    // A different Nats-Msg-Id: JetStream stores it again, as after a relay outage longer than the window.
    await jetstream(nc).publish(SUBMITTED, JSON.stringify(event), { msgID: `late-${event.id}` });
    const marker = await submit();
    for (const consumer of consumers) {
      await eventually(async () =>
        (await seenBy(consumer)).some((r) => r.event_id === marker.id) ? true : undefined,
      );
      expect((await seenBy(consumer)).filter((r) => r.event_id === event.id)).toHaveLength(1);
    }
  });

  it('sends malformed and schema-failing messages to the dead-letter stream with reasons, and goes on', async () => {
    const js = jetstream(nc);
    const bad = randomUUID();
    const h = natsHeaders();
    h.set('x-itest', bad);
    await js.publish(SUBMITTED, 'this is not json', { headers: h, msgID: `bad-json-${bad}` });
    const schemaFailing = {
      ...(await submit()),
      id: randomUUID(),
      data: {
        applicationId: 'nope',
        applicantId: randomUUID(),
        permitType: 'x',
        submittedAt: 'yesterday',
      },
    };
    await js.publish(SUBMITTED, JSON.stringify(schemaFailing), {
      headers: h,
      msgID: `bad-schema-${bad}`,
    });
    const after = await submit();
    await eventually(async () =>
      (await seenBy(consumers[1] as string)).some((r) => r.event_id === after.id)
        ? true
        : undefined,
    );

    const jsm = await jetstreamManager(nc);
    const reasons = await eventually(async () => {
      const found: string[] = [];
      const info = await jsm.streams.info('DLQ');
      for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq += 1) {
        const msg = await jsm.streams.getMessage('DLQ', { seq }).catch(() => null);
        if (
          msg?.header.get('x-itest') === bad &&
          msg.header.get(DLQ_HEADERS.consumer) === consumers[0]
        )
          found.push(msg.header.get(DLQ_HEADERS.reason));
      }
      return found.length >= 2 ? found : undefined;
    });
    expect(reasons).toEqual([
      'malformed: not UTF-8 JSON',
      'schema: invalid submittedAt, applicationId',
    ]);
  });

  it('retries a failing handler with backoff, then dead-letters it without blocking the stream', async () => {
    const poison = await submit('poison.always-fails');
    const healthy = await submit();
    // A batch holding both fails as a whole; each event is then handled on its own.
    for (const consumer of consumers)
      await eventually(async () =>
        (await seenBy(consumer)).some((r) => r.event_id === healthy.id) ? true : undefined,
      );
    const jsm = await jetstreamManager(nc);
    const dead = await eventually(
      async () => {
        const msg = await jsm.streams
          .getMessage('DLQ', { last_by_subj: `gov.dlq.${consumers[0] as string}.${SUBMITTED}` })
          .catch(() => null);
        return msg &&
          (JSON.parse(new TextDecoder().decode(msg.data)) as CloudEvent).id === poison.id
          ? msg
          : undefined;
      },
      30_000,
      'poison dead-lettered',
    );
    expect(dead.header.get(DLQ_HEADERS.reason)).toBe('handler failed: poisoned on purpose');
    for (const consumer of consumers)
      expect((await seenBy(consumer)).some((r) => r.event_id === poison.id)).toBe(false);
  });

  it('lists dead letters and replays them after a fix; the dedupe window does not swallow a replay', async () => {
    const poison = await submit('poison.always-fails');
    const deadOf = async () =>
      (await listDeadLetters(nc, { limit: 10_000 })).filter((d) => d.eventId === poison.id);
    const dead = await eventually(
      async () => {
        const found = await deadOf();
        return found.length === consumers.length ? found : undefined;
      },
      30_000,
      'poison dead-lettered by every consumer group',
    );
    expect(dead.map((d) => d.consumer).sort()).toEqual([...consumers].sort());
    for (const entry of dead)
      expect(entry).toMatchObject({
        subject: SUBMITTED,
        reason: 'handler failed: poisoned on purpose',
        originalStream: 'PERMITS',
      });
    const onlyA = await listDeadLetters(nc, { consumer: consumers[0], limit: 10_000 });
    expect(onlyA.every((d) => d.consumer === consumers[0])).toBe(true);
    expect(onlyA.some((d) => d.eventId === poison.id)).toBe(true);

    // The operator's command line shows the same, one JSON object per line.
    const cliEnv = {
      NATS_URL: testEnv().natsUrl,
      NATS_USER: testEnv().natsAuth.user,
      NATS_PASSWORD: testEnv().natsAuth.pass,
    };
    const listed = (
      await dlqMain(
        ['list', '--consumer', consumers[0] as string, '--limit', '10000', '--json'],
        cliEnv,
      )
    )
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as DeadLetter);
    expect(listed).toEqual(onlyA);
    await expect(dlqMain(['replay', 'twelve'], cliEnv)).rejects.toThrow(/sequence numbers/);

    poisonFixed = true;
    // Inside the dedupe window of the event id the relay published it under.
    const first = dead[0] as DeadLetter;
    const out = await dlqMain(['replay', String(first.seq)], cliEnv);
    expect(out).toContain(`replayed #${first.seq}: ${SUBMITTED}, event ${poison.id}`);
    const replayedAs = Number(/stream seq (\d+)/.exec(out)?.[1]);
    const replayed = await (
      await jetstreamManager(nc)
    ).streams.getMessage('PERMITS', { seq: replayedAs });
    expect(replayed?.header.get(REPLAYED_FROM_HEADER)).toBe(String(first.seq));
    expect(replayed?.header.get(DLQ_HEADERS.reason)).toBe('');
    for (const consumer of consumers)
      await eventually(
        async () =>
          (await seenBy(consumer)).some((r) => r.event_id === poison.id) ? true : undefined,
        30_000,
        `${consumer} handled the replayed event`,
      );
    // The other groups' entries: replays the inboxes recognise as already handled.
    for (const entry of dead.slice(1)) await replayDeadLetter(nc, entry.seq);
    const marker = await submit();
    for (const consumer of consumers) {
      await eventually(async () =>
        (await seenBy(consumer)).some((r) => r.event_id === marker.id) ? true : undefined,
      );
      expect((await seenBy(consumer)).filter((r) => r.event_id === poison.id)).toHaveLength(1);
    }
    expect(await deadOf()).toEqual([]);
    await expect(replayDeadLetter(nc, first.seq)).rejects.toThrow();
  });

  it("forgets handled ids after the inbox's retention, its own consumer's only", async () => {
    const mine = `itest-prune-${run}`;
    const other = `itest-other-${run}`;
    const insert = (consumer: string, count: number, ageDays: number) =>
      dataSource.query(
        `INSERT INTO inbox (consumer, event_id, subject, received_at)
         SELECT $1, gen_random_uuid(), $2, now() - ($3::int * interval '1 day')
         FROM generate_series(1, $4)`,
        [consumer, SUBMITTED, ageDays, count],
      );
    await insert(mine, 5_003, 31); // more than one clean-up statement takes
    await insert(mine, 7, 29);
    await insert(other, 4, 31);
    const strategy = new JetStreamEventServer({
      consumer: mine,
      servers: testEnv().natsUrl,
      inboxRetentionMs: 30 * 86_400_000,
    });
    strategy.useDataSource(dataSource);
    await expect(strategy.pruneInbox()).resolves.toBe(5_003);
    const left = await dataSource.query<{ consumer: string; n: number }[]>(
      'SELECT consumer, count(*)::int AS n FROM inbox WHERE consumer = ANY($1) GROUP BY consumer ORDER BY consumer',
      [[mine, other]],
    );
    expect(left).toEqual([
      { consumer: other, n: 4 },
      { consumer: mine, n: 7 },
    ]);
    await expect(strategy.pruneInbox()).resolves.toBe(0);
  });

  it('refuses to start with an @OnEvent and an @OnEvents handler of one subject', async () => {
    const strategy = new JetStreamEventServer({
      consumer: `itest-mixed-${run}`,
      servers: testEnv().natsUrl,
      auth: testEnv().natsAuth,
    });
    strategy.useDataSource(dataSource);
    const app = await NestFactory.createMicroservice(MixedModule, { strategy, logger: false });
    await expect(app.listen()).rejects.toThrow(/both @OnEvent and @OnEvents handlers/);
    await app.close();
  });

  it('refuses to replay a dead letter older than the inboxes remember', async () => {
    const old = {
      ...(await submit()),
      id: randomUUID(),
      time: new Date(Date.now() - 61 * 86_400_000).toISOString(),
    };
    const consumer = consumers[0] as string;
    const h = natsHeaders();
    h.set(DLQ_HEADERS.reason, 'handler failed: long ago');
    h.set(DLQ_HEADERS.subject, SUBMITTED);
    h.set(DLQ_HEADERS.stream, 'PERMITS');
    h.set(DLQ_HEADERS.sequence, '1');
    h.set(DLQ_HEADERS.consumer, consumer);
    const ack = await jetstream(nc).publish(
      `gov.dlq.${consumer}.${SUBMITTED}`,
      JSON.stringify(old),
      {
        headers: h,
        msgID: `old-${old.id}`,
      },
    );
    const cliEnv = {
      NATS_URL: testEnv().natsUrl,
      NATS_USER: testEnv().natsAuth.user,
      NATS_PASSWORD: testEnv().natsAuth.pass,
    };
    // The defaults (90 - 30 days, less a day's margin) reach back 59 days; the event is 61 days old.
    await expect(dlqMain(['replay', String(ack.seq)], cliEnv)).rejects.toThrow(
      /may have forgotten that they handled it/,
    );
    const listed = await listDeadLetters(nc, { consumer, limit: 10_000 });
    expect(listed.find((d) => d.seq === ack.seq)).toMatchObject({
      eventId: old.id,
      eventTime: old.time,
    });
    // With inboxes that keep ids for a year, it may go.
    await expect(
      dlqMain(['replay', String(ack.seq)], { ...cliEnv, EVENTS_INBOX_RETENTION_DAYS: '365' }),
    ).resolves.toContain(`replayed #${ack.seq}`);
    for (const c of consumers)
      await eventually(async () =>
        (await seenBy(c)).some((r) => r.event_id === old.id) ? true : undefined,
      );
  });

  it('refuses to run on a stream the set-up step has not created, saying which and what to run', async () => {
    await expect(requireStreams(nc, CONTEXT_STREAMS)).resolves.toBeUndefined();
    const missing = { name: `NOPE_${run}`, context: 'nope', subjects: [`nope${run}.>`] };
    const failure = requireStreams(nc, [missing]);
    await expect(failure).rejects.toBeInstanceOf(MissingStreamError);
    await expect(failure).rejects.toThrow(`stream NOPE_${run} does not exist`);
    await expect(failure).rejects.toThrow('npm run streams');
  });
});
