import { ServerNats, type MessageHandler, type NatsOptions } from '@nestjs/microservices';
import type { Msg, NatsConnection } from '@nats-io/transport-node';
import {
  CORRELATION_ID_HEADER,
  normaliseCorrelationId,
  parseActorHeader,
  runWithContext,
  ACTOR_HEADER,
  parseRequestKeyHeader,
  REQUEST_KEY_HEADER,
} from '../context/request-context.js';
import { extractTrace } from '../context/trace-context.js';
import type { Metrics } from '../metrics/metrics.js';
import { openNatsConnection } from './nats-connection.js';
import { rememberedLookup } from './handler-lookup.js';

type NatsServerOptions = NonNullable<NatsOptions['options']>;

/**
 * Nest's NATS transport with two additions the platform needs on every service:
 *
 * - each message is handled inside the request context carrying the caller's correlation
 *   id (from the `x-correlation-id` header), so every log line of the handler has it;
 * - `close()` drains: it stops taking new requests, waits for the ones in flight to be
 *   answered (bounded by `drainTimeoutMs`), then drains the connection so replies flush.
 */
export class DrainingNatsServer extends ServerNats {
  private inFlight = 0;
  private idle: (() => void) | undefined;

  private metrics: Metrics | undefined;

  constructor(
    private readonly natsOptions: NatsServerOptions,
    private readonly drainTimeoutMs: number,
  ) {
    super(natsOptions);
  }

  /** Metrics live in the app's container, which exists only after this strategy. */
  useMetrics(metrics: Metrics): void {
    this.metrics = metrics;
  }

  /** Nest's connection, through the platform's transport and without async stack traces. */
  override createNatsClient(): Promise<NatsConnection> {
    return openNatsConnection({
      servers: 'nats://localhost:4222',
      noAsyncTraces: true,
      ...this.natsOptions,
    });
  }

  private readonly lookup = rememberedLookup((pattern) => super.getHandlerByPattern(pattern));

  override getHandlerByPattern(pattern: string): MessageHandler | null {
    return this.lookup(pattern);
  }

  override async handleMessage(channel: string, natsMsg: Msg): Promise<unknown> {
    const correlationId = normaliseCorrelationId(natsMsg.headers?.get(CORRELATION_ID_HEADER));
    const stop = this.metrics?.rpcHandlerDuration.startTimer({ pattern: channel });
    this.inFlight += 1;
    try {
      const trace = extractTrace(natsMsg.headers);
      const actor = parseActorHeader(natsMsg.headers?.get(ACTOR_HEADER));
      const requestKey = parseRequestKeyHeader(natsMsg.headers?.get(REQUEST_KEY_HEADER));
      const result: unknown = await runWithContext(
        { correlationId, trace, actor, ...(requestKey ? { requestKey } : {}) },
        () => super.handleMessage(channel, natsMsg),
      );
      stop?.({ outcome: 'ok' });
      return result;
    } catch (error) {
      stop?.({ outcome: 'error' });
      throw error;
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) this.idle?.();
    }
  }

  override async close(): Promise<void> {
    const self = this as unknown as {
      subscriptions: { unsubscribe(): void }[];
      natsClient: { drain(): Promise<void> } | null;
    };
    for (const sub of self.subscriptions ?? []) sub.unsubscribe();
    if (this.inFlight > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.drainTimeoutMs);
        this.idle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    try {
      await self.natsClient?.drain();
    } catch {
      // Already closed (the broker went away): nothing left to flush.
    }
    await super.close();
  }
}
