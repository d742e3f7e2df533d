import { IsString, Matches } from 'class-validator';
import { isTimeZone } from '#calendar';
import { TemporalConfig, IsPort } from '#platform';

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
}

/** Checks what class-validator cannot: the time zone is one this Node knows. */
export function checkPermitsConfig(config: PermitsConfig): PermitsConfig {
  if (!isTimeZone(config.CITY_TIME_ZONE))
    throw new Error(`CITY_TIME_ZONE ${config.CITY_TIME_ZONE} is not a known time zone`);
  return config;
}
