import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * One Prometheus registry per process, labelled with the service name, with Node's
 * default process metrics (memory, event loop lag, GC) and the platform's own.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  readonly rpcHandlerDuration: Histogram<'pattern' | 'outcome'>;
  readonly outboxPublished: Counter;
  readonly eventsHandled: Counter<'consumer' | 'subject' | 'outcome'>;
  private backlogProbe: (() => Promise<number>) | undefined;

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.httpRequestDuration = new Histogram({
      name: 'civic_http_request_duration_seconds',
      help: 'HTTP requests served, by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.rpcHandlerDuration = new Histogram({
      name: 'civic_rpc_handler_duration_seconds',
      help: 'NATS requests answered, by message pattern and outcome',
      labelNames: ['pattern', 'outcome'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers: [this.registry],
    });
    this.outboxPublished = new Counter({
      name: 'civic_outbox_published_total',
      help: 'Outbox events published to JetStream and acknowledged',
      registers: [this.registry],
    });
    this.eventsHandled = new Counter({
      name: 'civic_events_handled_total',
      help: 'Events taken from JetStream, by outcome: handled, duplicate, retried, dead_lettered',
      labelNames: ['consumer', 'subject', 'outcome'],
      registers: [this.registry],
    });
    const readBacklog = () => this.backlogProbe?.();
    new Gauge({
      name: 'civic_outbox_pending',
      help: 'Outbox events committed but not yet acknowledged by JetStream',
      registers: [this.registry],
      async collect() {
        const pending = await readBacklog()?.catch(() => undefined);
        if (pending !== undefined) this.set(pending);
      },
    });
  }

  /** How the outbox backlog gauge is read (set by the relay once it runs). */
  registerOutboxBacklog(probe: () => Promise<number>): void {
    this.backlogProbe = probe;
  }
}
