import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { isTimeZone } from '#calendar';
import { DatabaseConfig, IsPort } from '#platform';

/** Environment of the insights service (the transparency read model); defaults serve the local stack. */
export class InsightsConfig extends DatabaseConfig {
  /** Internal port for /health and /metrics. */
  @IsPort()
  INSIGHTS_OPS_PORT = 9406;

  /**
   * Small-count suppression: a published count below this is withheld (and marked), and so is
   * a median, percentile, share, mean or NPS computed from fewer cases or answers than this.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000)
  INSIGHTS_SUPPRESSION_THRESHOLD = 5;

  /**
   * The city's IANA time zone (the same variable as permits'): the figures count an event in
   * the month it happened there.
   */
  @IsString()
  @Matches(/^[A-Za-z_+-]+(\/[A-Za-z0-9_+-]+)*$/, { message: 'must be an IANA time zone' })
  CITY_TIME_ZONE = 'Europe/Berlin';
}

/** Checks what class-validator cannot: the time zone is one this Node knows. */
export function checkInsightsConfig(config: InsightsConfig): InsightsConfig {
  if (!isTimeZone(config.CITY_TIME_ZONE))
    throw new Error(`CITY_TIME_ZONE ${config.CITY_TIME_ZONE} is not a known time zone`);
  return config;
}
