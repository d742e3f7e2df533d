import { Module, type DynamicModule } from '@nestjs/common';
import type { MixedList } from 'typeorm';
import type { ServiceDescriptor } from '#contracts';
import {
  type BaseConfig,
  type DatabaseConfig,
  type TemporalConfig,
} from '../config/base.config.js';
import { DatabaseModule } from '../database/database.module.js';
import { MessagingModule } from '../messaging/messaging.module.js';
import { NatsModule } from '../nats/nats.module.js';
import { natsAuthOf } from '../nats/nats-connection.js';
import { OpsModule } from '../ops/ops.module.js';
import { TemporalClientModule } from '../temporal/temporal-client.module.js';
import type { EventConsumerSpec } from '../bootstrap/bootstrap.js';
import { createSystemStatusController } from './system-status.controller.js';

export interface ServicePlatformOptions {
  descriptor: ServiceDescriptor;
  config: BaseConfig & Partial<DatabaseConfig> & Partial<TemporalConfig>;
  opsPort: number;
  /** A restricted role the service's connections act as (see ServiceDatabaseOptions.role). */
  databaseRole?: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: MixedList<Function | string>;
}

/**
 * What every app of the platform runs on: the ops server (health, metrics), its NATS
 * connection, its own database schema and its Temporal client where it has them, and the
 * `<context>.system.status` answer for request-answering services.
 */
@Module({})
export class ServicePlatformModule {
  static forRoot(options: ServicePlatformOptions): DynamicModule {
    const { descriptor, config } = options;
    const imports: DynamicModule[] = [
      OpsModule.forRoot({
        service: descriptor.name,
        host: config.OPS_HOST,
        port: options.opsPort,
        portVariable: `${descriptor.name.toUpperCase()}_OPS_PORT`,
      }),
      NatsModule.forRoot({
        service: descriptor.name,
        servers: config.NATS_URL,
        auth: natsAuthOf(config),
        requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
      }),
    ];
    if (descriptor.schema) {
      if (!config.DATABASE_URL)
        throw new Error(`${descriptor.name} owns a schema but has no DATABASE_URL`);
      imports.push(
        DatabaseModule.forRoot({
          url: config.DATABASE_URL,
          schema: descriptor.schema,
          poolSize: config.DATABASE_POOL_SIZE ?? 10,
          applicationName: descriptor.name,
          entities: options.entities ?? [],
          ...(options.databaseRole ? { role: options.databaseRole } : {}),
        }),
        MessagingModule.forRoot({
          service: descriptor.name,
          context: descriptor.context,
          schema: descriptor.schema,
          databaseUrl: config.DATABASE_URL,
          partitions: (config as DatabaseConfig).OUTBOX_PARTITIONS,
          retentionMs: (config as DatabaseConfig).OUTBOX_RETENTION_HOURS * 3_600_000,
        }),
      );
    }
    if (descriptor.usesTemporal && descriptor.name !== 'worker') {
      if (!config.TEMPORAL_ADDRESS || !config.TEMPORAL_NAMESPACE) {
        throw new Error(`${descriptor.name} uses Temporal but has no TEMPORAL_ADDRESS`);
      }
      imports.push(
        TemporalClientModule.forRoot({
          address: config.TEMPORAL_ADDRESS,
          namespace: config.TEMPORAL_NAMESPACE,
        }),
      );
    }
    return {
      module: ServicePlatformModule,
      imports,
      controllers: descriptor.answersRequests
        ? [createSystemStatusController(descriptor.name, descriptor.context)]
        : [],
      exports: imports,
    };
  }
}

/**
 * The event consumer settings of a data-owning service (one durable consumer per service,
 * shared by its replicas), or undefined for an app that owns no data.
 */
export function eventConsumerOf(
  descriptor: ServiceDescriptor,
  config: BaseConfig,
): EventConsumerSpec | undefined {
  if (!descriptor.schema) return undefined;
  const db = config as DatabaseConfig;
  return {
    consumer: descriptor.name,
    servers: config.NATS_URL,
    auth: natsAuthOf(config),
    maxDeliver: db.EVENTS_MAX_DELIVER,
    concurrency: db.EVENTS_CONCURRENCY,
    inboxRetentionMs: db.EVENTS_INBOX_RETENTION_DAYS * 86_400_000,
  };
}
