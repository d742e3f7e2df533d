import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CONTEXT_STREAMS, DEAD_LETTER_STREAM } from '#contracts';
import { HealthRegistry } from '../health/health-registry.js';
import { Metrics } from '../metrics/metrics.js';
import { NatsBus } from '../nats/nats.module.js';
import { IdempotentCommands } from './idempotent-commands.js';
import { Outbox } from './outbox.js';
import { OutboxRelay } from './outbox-relay.js';
import { requireStreams } from './streams.js';

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export interface MessagingOptions {
  /** The service writing events (the CloudEvents `source`). */
  service: string;
  /** Its bounded context: the stream its events go to. */
  context: string;
  schema: string;
  databaseUrl: string;
  partitions: number;
  retentionMs: number;
}

/**
 * Runs the service's outbox relay for the life of the app: checks that its context's stream
 * and the dead-letter stream exist (the set-up step creates them), starts relaying once the app has booted and
 * stops before the NATS connection drains. Reports its backlog to /metrics and /health.
 */
@Injectable()
export class OutboxRelayHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private relay: OutboxRelay | undefined;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly outbox: Outbox,
    private readonly dataSource: DataSource,
    private readonly nats: NatsBus,
    private readonly metrics: Metrics,
    private readonly health: HealthRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const own = CONTEXT_STREAMS.filter((s) => s.context === this.options.context);
    await requireStreams(this.nats.connection, [...own, DEAD_LETTER_STREAM]);
    this.relay = new OutboxRelay(this.dataSource, this.nats.connection, this.outbox, {
      schema: this.options.schema,
      databaseUrl: this.options.databaseUrl,
      partitions: this.options.partitions,
      retentionMs: this.options.retentionMs,
      onPublished: (count) => this.metrics.outboxPublished.inc(count),
      onError: (error) => this.logger.warn(`relay: ${(error as Error).message}`),
    });
    await this.relay.start();
    this.metrics.registerOutboxBacklog(() => this.backlog());
    this.health.register('outbox', async () => ({
      partitionsOwned: this.relay?.partitionsOwned.length ?? 0,
      pending: await this.backlog(),
    }));
  }

  private async backlog(): Promise<number> {
    const rows = await this.dataSource.query<{ n: string }[]>(
      'SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL',
    );
    return Number(rows[0]?.n ?? 0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
  }
}

/**
 * The outbox of a data-owning service: inject `Outbox` and write events with
 * `outbox.transaction(manager, tx => ... outbox.append(tx, event))`; a command that must happen
 * once per request key runs through `IdempotentCommands.run` instead.
 */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: Outbox,
          useValue: new Outbox({ service: options.service, partitions: options.partitions }),
        },
        OutboxRelayHost,
        IdempotentCommands,
      ],
      exports: [Outbox, IdempotentCommands],
    };
  }
}
