import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { TemporalConfig, IsPort } from '#platform';

/** Environment of the payments service; defaults serve the local stack. */
export class PaymentsConfig extends TemporalConfig {
  /** Internal port for /health and /metrics. */
  @IsPort()
  PAYMENTS_OPS_PORT = 9402;

  /** The sandbox payment provider's API (apps/payment-sandbox; the local stack starts it). */
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL' })
  PAYMENTS_SANDBOX_URL = 'http://127.0.0.1:3100';

  /**
   * The sandbox's API key (a secret; the local stack generates one per data folder). Required
   * in production.
   */
  @IsString()
  PAYMENTS_SANDBOX_API_KEY = '';

  /**
   * Comma-separated secrets the sandbox's webhooks may be signed with: the current one, and
   * the next beside it while it is rotated (secrets; the local stack generates one). Required
   * in production.
   */
  @Matches(/^(|[^\s,]{16,}(,[^\s,]{16,})*)$/, {
    message: 'must be empty or comma-separated secrets of at least 16 characters',
  })
  PAYMENTS_SANDBOX_WEBHOOK_SECRETS = '';

  /** Deadline of one call to the sandbox's API, in milliseconds. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(120_000)
  PAYMENTS_SANDBOX_TIMEOUT_MS = 10_000;
}
