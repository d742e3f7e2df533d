import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { LOG_LEVELS, type LogLevel } from './boot.js';

/**
 * Environment of the sandbox payment provider, a stand-in for a card provider that runs as its
 * own process (it is not a platform service: no NATS, no PostgreSQL, no Temporal). Defaults
 * serve the local stack, except the secrets, which have none: the local stack generates them
 * once per data folder (`libs/devstack/src/payment-sandbox.ts`).
 */
export class SandboxConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** Interface the API and the hosted payment page listen on. */
  @IsString()
  @IsNotEmpty()
  SANDBOX_HOST = '127.0.0.1';

  /** Port of the API (`/v1`), the hosted payment page (`/pay`) and `/health`. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65_535)
  SANDBOX_PORT = 3100;

  /**
   * The sandbox's address as the payer's browser sees it (the hosted page's `next_url`).
   * Empty: `http://<SANDBOX_HOST>:<SANDBOX_PORT>`.
   */
  @Matches(/^(|https?:\/\/[^\s/]+(\/[^\s]*)?)$/, { message: 'must be empty or an http(s) URL' })
  SANDBOX_PUBLIC_URL = '';

  /** The bearer key the platform's client must present on the API (a secret). */
  @IsString()
  @MinLength(16, { message: 'must be set, at least 16 characters (the local stack makes one)' })
  SANDBOX_API_KEY = '';

  /** Where payment and refund results are sent (the gateway's webhook route). */
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL' })
  SANDBOX_WEBHOOK_URL = 'http://127.0.0.1:3000/api/v1/payments/webhooks/sandbox';

  /**
   * Comma-separated webhook signing secrets (each at least 16 characters). Every webhook is
   * signed with each of them (one `v1=` per secret): list the new secret beside the old one
   * while the receiver is rotated, then drop the old one.
   */
  @Matches(/^[^\s,]{16,}(,[^\s,]{16,})*$/, {
    message: 'must be one or more comma-separated secrets of at least 16 characters',
  })
  SANDBOX_WEBHOOK_SECRETS = '';

  /** The SQLite file that holds payments, refunds and pending webhooks across restarts. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(4_096)
  SANDBOX_DATABASE_FILE = '.data/payment-sandbox/sandbox.sqlite';

  /** The provider's fee on a successful payment: this many hundredths of a percent ... */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000)
  SANDBOX_FEE_BASIS_POINTS = 140;

  /** ... plus this many minor units. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  SANDBOX_FEE_FIXED_MINOR = 20;

  /** How long the "provider timeout" test card keeps a payment submitted before it succeeds. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  SANDBOX_TIMEOUT_CARD_DELAY_MS = 30_000;

  /** How long a refund stays submitted before its result. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  SANDBOX_REFUND_DELAY_MS = 1_000;

  /** A payment whose page is not completed within this many seconds fails (`payment_expired`). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(604_800)
  SANDBOX_PAYMENT_EXPIRY_SECONDS = 5_400;

  /** How long one webhook attempt may take before it counts as failed. */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(120_000)
  SANDBOX_WEBHOOK_TIMEOUT_MS = 5_000;

  /** Wait before the first retry of a failed webhook; it doubles with every further attempt ... */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  SANDBOX_WEBHOOK_RETRY_BASE_MS = 1_000;

  /** ... up to this wait between attempts. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(86_400_000)
  SANDBOX_WEBHOOK_RETRY_MAX_MS = 3_600_000;

  /** Attempts of one webhook before it is given up (about 20 hours with the defaults). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000)
  SANDBOX_WEBHOOK_MAX_ATTEMPTS = 30;

  /** Webhooks in flight at once. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(256)
  SANDBOX_WEBHOOK_CONCURRENCY = 32;

  /** How often due timers and webhooks are looked for when nothing woke the process sooner. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(60_000)
  SANDBOX_POLL_MS = 500;

  /** Longest time a graceful shutdown may take before the process exits anyway. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(300_000)
  SHUTDOWN_TIMEOUT_MS = 10_000;
}

/** The signing secrets, newest first as configured. */
export const webhookSecretsOf = (config: SandboxConfig): string[] =>
  config.SANDBOX_WEBHOOK_SECRETS.split(',').filter(Boolean);

/** The base URL of the hosted pages. */
export const publicUrlOf = (config: SandboxConfig): string =>
  (config.SANDBOX_PUBLIC_URL || `http://${config.SANDBOX_HOST}:${config.SANDBOX_PORT}`).replace(
    /\/+$/,
    '',
  );
