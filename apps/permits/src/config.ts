import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { isTimeZone } from '#calendar';
import { TemporalConfig, IsPort } from '#platform';

/** The development default of PERMITS_HOLDER_SALT, refused in production. */
export const DEV_HOLDER_SALT = 'dev-only-permits-holder-salt';

/** Environment of the permits service; defaults serve the local stack. */
export class PermitsConfig extends TemporalConfig {
  /** Internal port for /health and /metrics. */
  @IsPort()
  PERMITS_OPS_PORT = 9401;

  /**
   * The city's IANA time zone: the business calendar starts with it when it has never been
   * set (the seed step, or the first admin change); an admin changes it through the API.
   */
  @IsString()
  @Matches(/^[A-Za-z_+-]+(\/[A-Za-z0-9_+-]+)*$/, { message: 'must be an IANA time zone' })
  CITY_TIME_ZONE = 'Europe/Berlin';

  /**
   * Secret salt of the holder hash in permit events (HMAC-SHA256 of the holder's account id):
   * events bind a permit to its holder without naming them. Required in production (the dev
   * default is refused there); changing it changes every later hash.
   */
  @IsString()
  @MinLength(16)
  PERMITS_HOLDER_SALT = DEV_HOLDER_SALT;

  /**
   * Where people reach the platform's public API (the gateway's origin, with a path prefix if
   * it is served under one): a permit certificate's QR code opens
   * `<PUBLIC_BASE_URL>/api/v1/permits/<permitNumber>`, the public verification.
   */
  @Matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, {
    message: 'must be an http(s) URL without query or fragment',
  })
  PUBLIC_BASE_URL = 'http://127.0.0.1:3000';

  /**
   * How many calendar days before a permit's validity ends its holder may ask for a renewal
   * (the permit's workflow opens the window then).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  PERMITS_RENEWAL_WINDOW_DAYS = 60;

  /**
   * How long one working day of the permits clocks lasts for the timers (`2s`, `500ms`, `1m`),
   * the worker's setting of the same name: the service computes a case's first completeness
   * deadline when it starts the workflow, as the worker's `permitsDeadline` does. Empty
   * (production): the timers wait until the due instant.
   */
  @IsOptional()
  @Matches(/^$|^[1-9][0-9]*(ms|s|m|h)$/, {
    message: 'PERMITS_WORKING_DAY_DURATION must be like 2s, 500ms, 1m or 1h (or empty)',
  })
  PERMITS_WORKING_DAY_DURATION = '';

  /** How often the what-if runner looks for a job it was not woken for (another replica's). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  PERMITS_WHAT_IF_POLL_SECONDS = 5;

  /**
   * A running what-if job's lease, renewed as it goes: a job whose runner died is taken
   * again this long after its last renewal.
   */
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(3600)
  PERMITS_WHAT_IF_LEASE_SECONDS = 60;
}

/** Checks what class-validator cannot: the time zone is one this Node knows. */
export function checkPermitsConfig(config: PermitsConfig): PermitsConfig {
  if (!isTimeZone(config.CITY_TIME_ZONE))
    throw new Error(`CITY_TIME_ZONE ${config.CITY_TIME_ZONE} is not a known time zone`);
  return config;
}
