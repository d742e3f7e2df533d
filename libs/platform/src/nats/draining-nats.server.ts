import { ServerNats, type MessageHandler, type NatsOptions } from '@nestjs/microservices';
import type { Msg, NatsConnection } from '@nats-io/transport-node';
import { throwError } from 'rxjs';
import { RPC_MAP, type RpcMapShape } from '#contracts';
import {
  CORRELATION_ID_HEADER,
  currentContext,
  normaliseCorrelationId,
  parseActorHeader,
  runWithContext,
  ACTOR_HEADER,
  SYSTEM_ACTOR_HEADER,
} from '../context/request-context.js';
import { extractTrace } from '../context/trace-context.js';
import type { Metrics } from '../metrics/metrics.js';
import { openNatsConnection } from './nats-connection.js';
import { rememberedLookup } from './handler-lookup.js';
import { requestGate } from './rpc-request-gate.js';

type NatsServerOptions = NonNullable<NatsOptions['options']>;

/**
 * Nest's NATS transport with what the platform needs on every service:
 *
 * - each message is handled inside the request context carrying the caller's correlation
 *   id (from the `x-correlation-id` header), so every log line of the handler has it, and
 *   its actor (`x-civic-actor`: a user, `system`, or nobody);
 * - every request passes its pattern's gate first (`requestGate`: who may ask, and the
 *   request validated against its class from `RPC_MAP`); a refused request never reaches
 *   its handler, which receives the request class's instance;
 * - a service cannot answer a pattern that is not in the map: `listen` fails, naming it;
 * - `close()` drains: it stops taking new requests, waits for the ones in flight to be
 *   answered (bounded by `drainTimeoutMs`), then drains the connection so replies flush.
 */
export class DrainingNatsServer extends ServerNats {
  private inFlight = 0;
  private idle: (() => void) | undefined;

  private metrics: Metrics | undefined;

  /**
   * @param rpcMap the patterns this service may answer and their request classes (`RPC_MAP`;
   * a test passes its own probes)
   */
  constructor(
    private readonly natsOptions: NatsServerOptions,
    private readonly drainTimeoutMs: number,
    private readonly rpcMap: RpcMapShape = RPC_MAP,
  ) {
    super(natsOptions);
  }

  /** Refuses to start when a handler answers a pattern the map does not define. */
  override async listen(callback: (error?: unknown) => void): Promise<void> {
    const unknown = [...this.messageHandlers]
      .filter(
        ([pattern, handler]) => !handler.isEventHandler && !Object.hasOwn(this.rpcMap, pattern),
      )
      .map(([pattern]) => pattern);
    if (unknown.length > 0) {
      callback(
        new Error(
          `this service answers ${unknown.join(', ')}, which RPC_MAP does not define: add each ` +
            'with its request class to libs/contracts/src/rpc/<context>.rpc.ts',
        ),
      );
      return;
    }
    return super.listen(callback);
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

  private readonly lookup = rememberedLookup((pattern) =>
    this.gated(pattern, super.getHandlerByPattern(pattern)),
  );

  /** The handler behind its pattern's gate (made once per pattern, on its first request). */
  private gated(pattern: string, handler: MessageHandler | null): MessageHandler | null {
    const definition = Object.hasOwn(this.rpcMap, pattern) ? this.rpcMap[pattern] : undefined;
    if (!handler || handler.isEventHandler || !definition) return handler;
    const gate = requestGate(pattern, definition);
    const guarded = async (data: unknown, ctx?: unknown): Promise<unknown> => {
      const context = currentContext();
      const outcome = gate(data, {
        user: context?.actor !== undefined,
        system: context?.system === true,
      });
      // The refusal crosses NATS as {code, message, details}, like a handler's DomainError.
      if ('refusal' in outcome) return throwError(() => outcome.refusal.toJSON());
      return handler(outcome.request, ctx);
    };
    return Object.assign(guarded, {
      isEventHandler: handler.isEventHandler,
      extras: handler.extras,
      next: handler.next,
    }) as MessageHandler;
  }

  override getHandlerByPattern(pattern: string): MessageHandler | null {
    return this.lookup(pattern);
  }

  override async handleMessage(channel: string, natsMsg: Msg): Promise<unknown> {
    const correlationId = normaliseCorrelationId(natsMsg.headers?.get(CORRELATION_ID_HEADER));
    const stop = this.metrics?.rpcHandlerDuration.startTimer({ pattern: channel });
    this.inFlight += 1;
    try {
      const trace = extractTrace(natsMsg.headers);
      const actorHeader = natsMsg.headers?.get(ACTOR_HEADER);
      const context =
        actorHeader === SYSTEM_ACTOR_HEADER
          ? { correlationId, trace, system: true as const }
          : { correlationId, trace, actor: parseActorHeader(actorHeader) };
      const result: unknown = await runWithContext(context, () =>
        super.handleMessage(channel, natsMsg),
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
