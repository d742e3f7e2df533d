import { DEFAULT_TEMPORAL_NAMESPACE } from '#contracts';
import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';

/** A TCP port number given as an environment variable. */
export const IsPort = (): PropertyDecorator =>
  applyDecorators(
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(65_535),
  );

/** Temporal frontend address, host:port. */
export const IsTemporalAddress = (): PropertyDecorator =>
  Matches(/^[^\s:/]+:\d{1,5}$/, { message: 'must be host:port' });

/** Temporal namespace name. */
export const IsTemporalNamespace = (): PropertyDecorator =>
  Matches(/^[a-z0-9][a-z0-9._-]*$/, { message: 'must be a Temporal namespace name' });

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Settings every app shares. Each property is an environment variable; its initial value
 * is the default that serves the local stack. Subclasses add what one app needs.
 *
 * Every property must have an initialiser: loadConfig() discovers variables by them.
 */
export class BaseConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** Interface the internal /health and /metrics server binds to. */
  @IsString()
  @IsNotEmpty()
  OPS_HOST = '127.0.0.1';

  /** Longest time a graceful shutdown may take before the process exits anyway. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(300_000)
  SHUTDOWN_TIMEOUT_MS = 15_000;

  /** Comma-separated NATS server URLs. */
  @Matches(/^(nats|tls|wss?):\/\/[^\s,]+(,(nats|tls|wss?):\/\/[^\s,]+)*$/, {
    message: 'must be one or more comma-separated nats:// URLs',
  })
  NATS_URL = 'nats://127.0.0.1:4222';

  /**
   * This service's own NATS user; the server lets it publish events only into its own
   * context (the local stack generates these). Empty: connect without credentials.
   */
  @IsString()
  NATS_USER = '';

  /** Password of NATS_USER (a secret: from the environment or a secret store, never logged). */
  @IsString()
  NATS_PASSWORD = '';

  /** Deadline of a request to another service over NATS, in milliseconds. */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(120_000)
  NATS_REQUEST_TIMEOUT_MS = 5_000;
}

/** Settings of an app that owns a PostgreSQL schema. */
export class DatabaseConfig extends BaseConfig {
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// connection URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/civic';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /**
   * Lanes an app's event consumer handles side by side (one aggregate's events share a lane
   * and keep their order); each lane holds a database connection while it works.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  EVENTS_CONCURRENCY = 2;

  /** Attempts of a failing event handler before the event goes to the dead-letter stream. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  EVENTS_MAX_DELIVER = 5;

  /**
   * Aggregates are spread over this many outbox partitions, which relay replicas share.
   * Fixed for the life of a deployment: changing it strands unsent rows of old partitions.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_024)
  OUTBOX_PARTITIONS = 16;

  /**
   * The inbox forgets a handled event's id after this many days. Keep it at least twice
   * EVENTS_MAX_AGE_DAYS plus a day: an event can come again from its stream for that long and
   * then from the dead-letter stream for as long again (`npm run dlq -- replay` refuses events
   * older than this minus EVENTS_MAX_AGE_DAYS). The defaults, 90 and 30, keep that.
   */
  @Type(() => Number)
  @IsInt()
  @Min(3)
  @Max(36_500)
  EVENTS_INBOX_RETENTION_DAYS = 90;

  /** Sent outbox rows are deleted after this many hours. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(8_760)
  OUTBOX_RETENTION_HOURS = 24;
}

/**
 * Settings of the set-up step that creates or updates the event streams (`npm run streams`,
 * run by the local stack at every start and by a deployment's migration job) with the
 * operator's NATS user. Apps only check that their streams exist.
 */
export class StreamsConfig extends BaseConfig {
  /** How long the event streams keep events (how far back a new consumer can back-fill). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3_650)
  EVENTS_MAX_AGE_DAYS = 30;

  /** JetStream's dedupe window for event ids (a republished event inside it is stored once). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86_400)
  EVENTS_DUPLICATE_WINDOW_SECONDS = 120;

  /** Copies of each stream in a JetStream cluster (1 on a single server). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5)
  EVENTS_REPLICAS = 1;
}

/** The stream settings the set-up step's config asks for. */
export const streamSettingsOf = (config: StreamsConfig) => ({
  maxAgeMs: config.EVENTS_MAX_AGE_DAYS * 86_400_000,
  duplicateWindowMs: config.EVENTS_DUPLICATE_WINDOW_SECONDS * 1_000,
  replicas: config.EVENTS_REPLICAS,
});

/** Settings of an app that talks to Temporal. */
export class TemporalConfig extends DatabaseConfig {
  @IsTemporalAddress()
  TEMPORAL_ADDRESS = '127.0.0.1:7233';

  @IsTemporalNamespace()
  TEMPORAL_NAMESPACE = DEFAULT_TEMPORAL_NAMESPACE;
}
