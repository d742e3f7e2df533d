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
}

/** Settings of an app that talks to Temporal. */
export class TemporalConfig extends DatabaseConfig {
  @IsTemporalAddress()
  TEMPORAL_ADDRESS = '127.0.0.1:7233';

  @IsTemporalNamespace()
  TEMPORAL_NAMESPACE = DEFAULT_TEMPORAL_NAMESPACE;
}
