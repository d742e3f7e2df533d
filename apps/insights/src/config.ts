import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
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
}
