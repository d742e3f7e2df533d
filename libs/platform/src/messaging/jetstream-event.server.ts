import { CustomTransportStrategy, Server, type MessageHandler } from '@nestjs/microservices';
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  type ConsumerMessages,
  type JetStreamClient,
  type JsMsg,
} from '@nats-io/jetstream';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { lastValueFrom, isObservable } from 'rxjs';
import type { DataSource, EntityManager } from 'typeorm';
import {
  CONTEXT_STREAMS,
  DEAD_LETTER_PREFIX,
  DEAD_LETTER_STREAM,
  streamOfSubject,
  type CloudEvent,
} from '#contracts';
import { runWithContext, normaliseCorrelationId } from '../context/request-context.js';
import { extractTrace } from '../context/trace-context.js';
import { connectNats, type NatsAuth } from '../nats/nats-connection.js';
import type { Metrics } from '../metrics/metrics.js';
import { parseEnvelope } from './envelope.js';
import { partitionOf } from './outbox.js';
import { EventContext } from './event-context.js';
import { BATCH_HANDLER, JETSTREAM_EVENTS } from './on-event.decorator.js';
import { requireStreams } from './streams.js';
import { rememberedLookup } from '../nats/handler-lookup.js';

export interface JetStreamEventServerOptions {
  /** Durable consumer name (one consumer group per service). */
  consumer: string;
  servers: string;
  auth?: NatsAuth;
  /** Attempts before a failing event goes to the dead-letter stream. */
  maxDeliver?: number;
  /** Delay before each retry (the last one repeats). */
  backoffMs?: number[];
  /** Largest number of events handled in one transaction. */
  batchSize?: number;
  /**
   * Lanes handled side by side (each its own transactions and connection); one aggregate's
   * events always share a lane, so they keep their order.
   */
  concurrency?: number;
  ackWaitMs?: number;
  /**
   * How long the inbox remembers a handled event's id (default 90 days); older ids are
   * deleted every `inboxPruneIntervalMs` (default an hour) and once at start.
   */
  inboxRetentionMs?: number;
  inboxPruneIntervalMs?: number;
  /**
   * Called after the transaction of a batch committed and before its messages are acked:
   * the window a crash leaves events handled but unacknowledged (fault-injection tests kill
   * here; redelivery then meets the inbox).
   */
  beforeAck?: (count: number) => void | Promise<void>;
}

/** Headers the dead-letter stream adds to the original message. */
export const DLQ_HEADERS = {
  reason: 'Civic-Dlq-Reason',
  subject: 'Civic-Dlq-Original-Subject',
  stream: 'Civic-Dlq-Original-Stream',
  sequence: 'Civic-Dlq-Original-Sequence',
  consumer: 'Civic-Dlq-Consumer',
} as const;

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

interface Prepared {
  msg: JsMsg;
  event: CloudEvent;
}

/** A message as read: its event, or why it cannot be one. */
interface Incoming {
  msg: JsMsg;
  event?: CloudEvent;
  reason?: string;
}

/**
 * The platform's event consumer as a Nest transport strategy: durable pull consumers with
 * explicit ack on every stream that has an @OnEvent handler. Each event is handled inside a
 * transaction that records its id in this consumer's inbox, so a redelivered duplicate is
 * acked and skipped however late it comes. Under load, events that arrived together share one
 * transaction (a failure there falls back to one transaction per event). A failing handler
 * is retried with backoff up to `maxDeliver`, then its message goes to the dead-letter stream
 * with the reason; malformed messages go there at once. Nothing crashes the consumer or
 * blocks the stream.
 */
export class JetStreamEventServer extends Server implements CustomTransportStrategy {
  override readonly transportId = JETSTREAM_EVENTS;
  private nc: NatsConnection | undefined;
  private js: JetStreamClient | undefined;
  private dataSource: DataSource | undefined;
  private metrics: Metrics | undefined;
  private readonly subscriptions: ConsumerMessages[] = [];
  private readonly loops: Promise<void>[] = [];
  private pruneTimer: NodeJS.Timeout | undefined;
  private pruning: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: JetStreamEventServerOptions) {
    super();
  }

  /** The data source of the service's schema (exists only once the app container does). */
  useDataSource(dataSource: DataSource): void {
    this.dataSource = dataSource;
  }

  useMetrics(metrics: Metrics): void {
    this.metrics = metrics;
  }

  private count(subject: string, outcome: string, n = 1): void {
    this.metrics?.eventsHandled.inc({ consumer: this.options.consumer, subject, outcome }, n);
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(() => callback(), callback);
  }

  private async start(): Promise<void> {
    if (!this.dataSource)
      throw new Error('JetStreamEventServer needs useDataSource() before listen()');
    // Only @OnEvent handlers: request handlers (@MessagePattern, no transport) reach every
    // server of a hybrid app, this one included.
    const subjects = [...this.messageHandlers]
      .filter(([, handler]) => handler.isEventHandler)
      .map(([subject]) => subject);
    if (subjects.length === 0) return; // this app handles no events
    for (const subject of subjects) {
      // Nest chains several handlers of one subject and hands them the same payload, so they
      // must agree on taking one event or several.
      const kinds = new Set<boolean>();
      let handler: MessageHandler | null | undefined = this.getHandlerByPattern(subject);
      for (; handler; handler = handler.next as MessageHandler | undefined)
        kinds.add(handler.extras?.[BATCH_HANDLER] === true);
      if (kinds.size > 1)
        throw new Error(`${subject} has both @OnEvent and @OnEvents handlers; use one kind`);
    }
    this.nc = await connectNats({
      name: `${this.options.consumer}-events`,
      servers: this.options.servers,
      auth: this.options.auth,
    });
    this.js = jetstream(this.nc);
    const byStream = new Map<string, string[]>();
    for (const subject of subjects) {
      const stream = streamOfSubject(subject);
      if (!stream) throw new Error(`@OnEvent(${subject}): no stream holds that subject`);
      byStream.set(stream.name, [...(byStream.get(stream.name) ?? []), subject]);
    }
    await requireStreams(this.nc, [
      ...CONTEXT_STREAMS.filter((s) => byStream.has(s.name)),
      DEAD_LETTER_STREAM,
    ]);
    const jsm = await jetstreamManager(this.nc);
    for (const [stream, filters] of byStream) {
      const config = {
        durable_name: this.options.consumer,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subjects: filters,
        ack_wait: (this.options.ackWaitMs ?? 30_000) * 1_000_000,
        max_deliver: -1,
        max_ack_pending: 1_000,
      };
      try {
        await jsm.consumers.info(stream, this.options.consumer);
        await jsm.consumers.update(stream, this.options.consumer, config);
      } catch {
        await jsm.consumers.add(stream, config);
      }
      const consumer = await this.js.consumers.get(stream, this.options.consumer);
      const messages = await consumer.consume({ max_messages: this.options.batchSize ?? 256 });
      this.subscriptions.push(messages);
      this.loops.push(this.consume(messages));
    }
    if (this.closed) return;
    const prune = (): void => {
      if (this.pruning || this.closed) return; // the last one is still at work
      this.pruning = this.pruneInbox()
        .then(() => undefined)
        .catch((error: unknown) => {
          this.logger.warn(`inbox clean-up failed: ${(error as Error).message}`);
        })
        .finally(() => (this.pruning = undefined));
    };
    this.pruneTimer = setInterval(prune, this.options.inboxPruneIntervalMs ?? 3_600_000);
    this.pruneTimer.unref();
    prune();
  }

  /**
   * Deletes this consumer's inbox entries older than the retention, a few thousand rows per
   * statement so that no statement holds locks for long; returns how many went. Replicas may
   * run it at the same time (they delete the same rows).
   */
  async pruneInbox(): Promise<number> {
    const dataSource = this.dataSource as DataSource;
    const retentionMs = this.options.inboxRetentionMs ?? 90 * 86_400_000;
    let total = 0;
    for (;;) {
      const [row] = await dataSource.query<{ n: number }[]>(
        `WITH old AS (
           SELECT event_id FROM inbox
           WHERE consumer = $1 AND received_at < now() - ($2::bigint * interval '1 millisecond')
           LIMIT 5000),
         gone AS (
           DELETE FROM inbox i USING old
           WHERE i.consumer = $1 AND i.event_id = old.event_id RETURNING 1)
         SELECT count(*)::int AS n FROM gone`,
        [this.options.consumer, retentionMs],
      );
      total += row?.n ?? 0;
      if ((row?.n ?? 0) < 5_000) return total;
    }
  }

  /**
   * Drains the message iterator into lanes by aggregate (the CloudEvents `subject`): each lane
   * handles whatever has arrived for it as one micro-batch, lanes run side by side. One
   * aggregate's events always share a lane, so they are handled in stream order.
   */
  private async consume(messages: ConsumerMessages): Promise<void> {
    const lanes = Math.max(1, this.options.concurrency ?? 2);
    const queues: Incoming[][] = Array.from({ length: lanes }, () => []);
    const wakers: ((() => void) | undefined)[] = Array.from({ length: lanes }, () => undefined);
    let ended = false;
    const reader = (async () => {
      for await (const msg of messages) {
        const parsed = parseEnvelope(msg.data, msg.subject);
        const incoming: Incoming = parsed.ok
          ? { msg, event: parsed.event }
          : { msg, reason: parsed.reason };
        const lane = parsed.ok ? partitionOf(parsed.event.subject, lanes) : 0;
        queues[lane]?.push(incoming);
        wakers[lane]?.();
      }
      ended = true;
      for (const wake of wakers) wake?.();
    })();
    const limit = this.options.batchSize ?? 256;
    await Promise.all(
      queues.map(async (queue, lane) => {
        while (!ended || queue.length > 0) {
          if (queue.length === 0) {
            await new Promise<void>((resolve) => (wakers[lane] = resolve));
            wakers[lane] = undefined;
            continue;
          }
          const batch = queue.splice(0, limit);
          try {
            await this.handleBatch(batch);
          } catch (error) {
            this.logger.error(`event batch failed: ${(error as Error).message}`);
            for (const { msg } of batch) msg.nak(this.backoff(msg));
          }
        }
      }),
    );
    await reader;
  }

  private backoff(msg: JsMsg): number {
    const delays = this.options.backoffMs ?? [200, 1_000, 5_000, 15_000];
    return delays[Math.min(msg.info.deliveryCount - 1, delays.length - 1)] ?? 1_000;
  }

  private async handleBatch(batch: Incoming[]): Promise<void> {
    const prepared: Prepared[] = [];
    for (const item of batch) {
      if (item.event) prepared.push({ msg: item.msg, event: item.event });
      else await this.deadLetter(item.msg, item.reason ?? 'malformed');
    }
    if (prepared.length === 0) return;
    try {
      const fresh = await this.handleInTransaction(prepared);
      await this.options.beforeAck?.(prepared.length);
      for (const p of prepared) p.msg.ack();
      this.countOutcomes(prepared, fresh);
    } catch {
      // One of them failed: handle each on its own so the others are not held back.
      for (const p of prepared) await this.handleOne(p);
    }
  }

  private async handleOne(p: Prepared): Promise<void> {
    try {
      const fresh = await this.handleInTransaction([p]);
      await this.options.beforeAck?.(1);
      p.msg.ack();
      this.countOutcomes([p], fresh);
    } catch (error) {
      const reason = `handler failed: ${(error as Error).message}`;
      if (p.msg.info.deliveryCount >= (this.options.maxDeliver ?? 5))
        await this.deadLetter(p.msg, reason);
      else {
        this.logger.warn(
          `${p.event.type} ${p.event.id} attempt ${p.msg.info.deliveryCount}: ${reason}`,
        );
        p.msg.nak(this.backoff(p.msg));
        this.count(p.event.type, 'retried');
      }
    }
  }

  private readonly handlerOf = rememberedLookup((subject) => this.getHandlerByPattern(subject));

  private countOutcomes(items: Prepared[], fresh: Set<string>): void {
    for (const item of items)
      this.count(item.event.type, fresh.has(item.event.id) ? 'handled' : 'duplicate');
  }

  /** Handles the events in one transaction; returns the ids that were new to the inbox. */
  private async handleInTransaction(items: Prepared[]): Promise<Set<string>> {
    const dataSource = this.dataSource as DataSource;
    return dataSource.transaction(async (manager: EntityManager) => {
      const inserted = await manager.query<{ event_id: string }[]>(
        `INSERT INTO inbox (consumer, event_id, subject)
         SELECT $1, e.id, e.subject FROM unnest($2::uuid[], $3::text[]) AS e(id, subject)
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [this.options.consumer, items.map((i) => i.event.id), items.map((i) => i.event.type)],
      );
      const fresh = new Set(inserted.map((r) => r.event_id));
      const pending = new Set(fresh);
      // Duplicates (handled before, or the same event twice in this batch) are skipped.
      const todo = items.filter((item) => pending.delete(item.event.id));
      for (let i = 0; i < todo.length;) {
        const first = todo[i] as Prepared;
        const handler = this.handlerOf(first.event.type);
        if (!handler) throw new Error(`no handler for ${first.event.type}`);
        const batch = handler.extras?.[BATCH_HANDLER] === true;
        let end = i + 1;
        // A batch handler takes the run of consecutive events of its subject, so events of
        // different subjects are still handled in stream order.
        if (batch) while (end < todo.length && todo[end]?.event.type === first.event.type) end += 1;
        await this.invoke(handler, todo.slice(i, end), manager, batch);
        i = end;
      }
      return fresh;
    });
  }

  /** Calls a handler in the event's request context (correlation id, trace). */
  private async invoke(
    handler: MessageHandler,
    run: Prepared[],
    manager: EntityManager,
    batch: boolean,
  ): Promise<void> {
    const first = run[0] as Prepared;
    const payload = batch ? run.map((p) => p.event) : first.event;
    const context = new EventContext([first.msg, manager, this.options.consumer]);
    try {
      await runWithContext(
        {
          correlationId: normaliseCorrelationId(first.event.correlationid),
          trace: extractTrace(first.msg.headers),
        },
        async () => {
          const result: unknown = await handler(payload, context);
          if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
        },
      );
    } catch (error) {
      throw asError(context.handlerFailure ?? error);
    }
    // Nest's exception layer may log an event handler's error and complete normally.
    if (context.handlerFailure) throw asError(context.handlerFailure);
  }

  /** Moves a message to the dead-letter stream with the reason, then acks the original. */
  private async deadLetter(msg: JsMsg, reason: string): Promise<void> {
    const headers = natsHeaders();
    for (const [key, values] of msg.headers ?? [])
      for (const value of values) headers.append(key, value);
    headers.set(DLQ_HEADERS.reason, reason.slice(0, 1_000));
    headers.set(DLQ_HEADERS.subject, msg.subject);
    headers.set(DLQ_HEADERS.stream, msg.info.stream);
    headers.set(DLQ_HEADERS.sequence, String(msg.info.streamSequence));
    headers.set(DLQ_HEADERS.consumer, this.options.consumer);
    await (this.js as JetStreamClient).publish(
      `${DEAD_LETTER_PREFIX}.${this.options.consumer}.${msg.subject}`,
      msg.data,
      {
        headers,
        msgID: `dlq:${this.options.consumer}:${msg.info.stream}:${msg.info.streamSequence}`,
      },
    );
    this.logger.warn(`dead-lettered ${msg.subject} #${msg.info.streamSequence}: ${reason}`);
    msg.ack();
    this.count(msg.subject, 'dead_lettered');
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.pruneTimer);
    await this.pruning;
    for (const sub of this.subscriptions) await sub.close().catch(() => undefined);
    await Promise.allSettled(this.loops);
    if (this.nc && !this.nc.isClosed()) await this.nc.drain();
  }

  on(): never {
    throw new Error('JetStreamEventServer has no events to listen to');
  }

  unwrap<T>(): T {
    return this.nc as T;
  }
}
