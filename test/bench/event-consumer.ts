/**
 * The consuming service of `npm run bench:events`, in its own process as another service
 * would be: a durable consumer group on the permits stream whose handler applies each event
 * to its row of the bench's `projection` table. It tells its parent (over the IPC channel) which events it
 * handled and when, a few times a second, so the parent can measure commit -> handled.
 *
 * BENCH_HANDLER=each      a handler per event (@OnEvent), one statement each;
 * BENCH_HANDLER=together  a handler that takes the events that arrived together (@OnEvents).
 */
import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { PERMIT_APPLICATION_SUBMITTED_V1 } from '#contracts';
import {
  JetStreamEventServer,
  OnEvent,
  OnEvents,
  serviceDataSourceOptions,
  type EventContext,
  type EventOf,
} from '#platform';

const SUBMITTED = PERMIT_APPLICATION_SUBMITTED_V1;
const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

/** [event id, handled at (ms since the epoch)] pairs not yet sent to the parent. */
let unsent: [string, number][] = [];
const recordHandled = (events: { id: string }[]) => {
  const now = Date.now();
  for (const event of events) unsent.push([event.id, now]);
};
setInterval(() => {
  if (unsent.length === 0) return;
  process.send?.({ handled: unsent });
  unsent = [];
}, 20);

@Controller()
class EachHandler {
  @OnEvent(SUBMITTED)
  async onSubmitted(event: EventOf<typeof SUBMITTED>, context: EventContext) {
    await context.manager.query(
      `INSERT INTO projection (id, n) VALUES ($1, 1)
       ON CONFLICT (id) DO UPDATE SET n = projection.n + 1`,
      [event.subject],
    );
    recordHandled([event]);
  }
}

@Controller()
class TogetherHandler {
  @OnEvents(SUBMITTED)
  async onSubmitted(events: EventOf<typeof SUBMITTED>[], context: EventContext) {
    await context.manager.query(
      `INSERT INTO projection (id, n)
       SELECT id, count(*) FROM unnest($1::uuid[]) AS e(id) GROUP BY id
       ON CONFLICT (id) DO UPDATE SET n = projection.n + EXCLUDED.n`,
      [events.map((e) => e.subject)],
    );
    recordHandled(events);
  }
}

@Module({ controllers: [EachHandler] })
class EachModule {}

@Module({ controllers: [TogetherHandler] })
class TogetherModule {}

const dataSource = new DataSource(
  serviceDataSourceOptions({
    url: env('DATABASE_URL'),
    schema: env('BENCH_SCHEMA'),
    applicationName: 'bench-consumer',
    poolSize: 6,
  }),
);
await dataSource.initialize();
const strategy = new JetStreamEventServer({
  consumer: env('BENCH_CONSUMER'),
  servers: env('NATS_URL'),
  auth: process.env.NATS_USER ? { user: env('NATS_USER'), pass: env('NATS_PASSWORD') } : undefined,
  batchSize: 256,
  concurrency: Number(process.env.BENCH_CONSUMER_LANES ?? 2),
});
strategy.useDataSource(dataSource);
const module = process.env.BENCH_HANDLER === 'together' ? TogetherModule : EachModule;
const app = await NestFactory.createMicroservice(module, { strategy, logger: false });
await app.listen();
process.on('message', (message) => {
  if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
});
process.send?.({ ready: true });
process.on('disconnect', () => {
  void app.close().then(() => dataSource.destroy().then(() => process.exit(0)));
});
