import type { DynamicModule } from '@nestjs/common';
import type { ServiceDescriptor } from '#contracts';
import { migrateServiceDatabase } from '../database/data-source.js';
import type { BaseConfig, DatabaseConfig } from '../config/base.config.js';
import { loadConfig } from '../config/load-config.js';
import { createLogger } from '../logging/logger.js';
import { runMain, startMicroservice } from '../bootstrap/bootstrap.js';
import { natsAuthOf } from '../nats/nats-connection.js';
import { eventConsumerOf } from './service-platform.module.js';
import { withPlatformMigrations } from '../messaging/messaging-tables.migration.js';

/** Entry point of a request-answering service: config, logger, Nest microservice. */
export function serviceMain<C extends BaseConfig>(
  descriptor: ServiceDescriptor,
  schema: new () => C,
  module: (config: C) => DynamicModule,
): Promise<void> {
  return runMain(descriptor.name, async () => {
    const config = loadConfig(descriptor.name, schema);
    const logger = createLogger(descriptor.name, config.LOG_LEVEL);
    await startMicroservice(module(config), {
      service: descriptor.name,
      logger,
      shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
      natsUrl: config.NATS_URL,
      natsAuth: natsAuthOf(config),
      queue: descriptor.name,
      events: eventConsumerOf(descriptor, config),
    });
  });
}

/**
 * Entry point of a service's migration job: applies the platform's tables
 * (`PLATFORM_MIGRATIONS`) and the service's own migrations to its own schema and exits. The local stack runs it before the apps start; a deployment runs it as a job.
 */
export function migrationMain<C extends DatabaseConfig>(
  descriptor: ServiceDescriptor,
  schema: new () => C,
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[],
): Promise<void> {
  return runMain(`${descriptor.name}-migrate`, async () => {
    if (!descriptor.schema) throw new Error(`${descriptor.name} owns no schema`);
    const config = loadConfig(descriptor.name, schema);
    const logger = createLogger(`${descriptor.name}-migrate`, config.LOG_LEVEL);
    const applied = await migrateServiceDatabase({
      url: config.DATABASE_URL,
      schema: descriptor.schema,
      applicationName: `${descriptor.name}-migrate`,
      migrations: withPlatformMigrations(migrations),
    });
    logger.info({ schema: descriptor.schema, applied }, `${applied.length} migration(s) applied`);
  });
}
