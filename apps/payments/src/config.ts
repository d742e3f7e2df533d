import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { CURRENCY_PATTERN } from '#contracts';
import { TemporalConfig, IsPort } from '#platform';
import { WithFileStorage } from '#storage';

/** Whether `zone` is an IANA time zone this Node knows. */
const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const IsSeconds = (max: number): PropertyDecorator => {
  const decorators = [Type(() => Number), IsInt(), Min(1), Max(max)];
  return (target, property) => decorators.forEach((d) => d(target, property));
};

/**
 * Environment of the payments service; defaults serve the local stack. Payments reads the
 * settlement reports the gateway streamed into file storage: FILE_STORAGE and its variables
 * (libs/storage) name the same storage as the gateway's.
 */
export class PaymentsConfig extends WithFileStorage(TemporalConfig) {
  /** Internal port for /health and /metrics. */
  @IsPort()
  PAYMENTS_OPS_PORT = 9402;

  /** The platform's currency (ISO 4217): every invoice is in it, no other is accepted. */
  @Matches(CURRENCY_PATTERN, { message: 'must be an ISO 4217 code (three capitals)' })
  PAYMENTS_CURRENCY = 'EUR';

  /** The payment provider new payments go to (`sandbox`: the sandbox provider process). */
  @Matches(/^[a-z][a-z0-9-]{0,31}$/, { message: 'must be a provider name' })
  PAYMENTS_PROVIDER = 'sandbox';

  /**
   * Where the provider's page sends the payer back, `{paymentId}` replaced by the payment's id.
   * Set by the server, never taken from a client.
   */
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL' })
  PAYMENTS_RETURN_URL = 'http://127.0.0.1:3000/payments/{paymentId}/return';

  /** An unfinished payment expires (and is cancelled at the provider) after this long. */
  @IsSeconds(30 * 86_400)
  PAYMENTS_PAYMENT_EXPIRY_SECONDS = 90 * 60;

  /** A payment pending this long without news is re-checked at the provider. */
  @IsSeconds(86_400)
  PAYMENTS_RECHECK_AFTER_SECONDS = 15 * 60;

  /** How often every unfinished payment is re-checked at the provider, whatever its age. */
  @IsSeconds(7 * 86_400)
  PAYMENTS_FULL_SWEEP_SECONDS = 86_400;

  /** A provider call not settled after this long (a crash, a timeout) is settled by asking. */
  @IsSeconds(86_400)
  PAYMENTS_INTENT_RECOVERY_AFTER_SECONDS = 30;

  /** How often the sweeper looks for work (re-checks, expiries, unsettled calls). */
  @IsSeconds(3_600)
  PAYMENTS_SWEEP_INTERVAL_SECONDS = 30;

  /** At most this many payments or invoices per sweep round. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  PAYMENTS_SWEEP_BATCH = 200;

  /** The city's time zone: the fiscal year of a receipt is counted in it. */
  @IsString()
  @Matches(/^[A-Za-z_+-]+(\/[A-Za-z0-9_+-]+)*$/, { message: 'must be an IANA time zone' })
  PAYMENTS_TIME_ZONE = 'UTC';

  /** The month (1–12) the fiscal year starts in; receipts are numbered per fiscal year. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(12)
  PAYMENTS_FISCAL_YEAR_START_MONTH = 1;

  /**
   * TEST ONLY: the process kills itself (SIGKILL) at this point, to prove recovery:
   * `after-success-answer` (a provider said a payment succeeded, nothing of it recorded yet).
   * Refused in production.
   */
  @IsIn(['', 'after-success-answer'])
  PAYMENTS_FAULT_KILL_AT: '' | 'after-success-answer' = '';

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

/** Checks what class-validator cannot: the time zone is one Node knows. */
export function checkPaymentsConfig(config: PaymentsConfig): PaymentsConfig {
  if (!isTimeZone(config.PAYMENTS_TIME_ZONE))
    throw new Error(`PAYMENTS_TIME_ZONE ${config.PAYMENTS_TIME_ZONE} is not a known time zone`);
  if (config.PAYMENTS_FAULT_KILL_AT && config.NODE_ENV === 'production')
    throw new Error('PAYMENTS_FAULT_KILL_AT is for tests only, never in production');
  return config;
}
