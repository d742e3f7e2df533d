import { TemporalConfig, IsPort } from '#platform';

/** Environment of the permits service; defaults serve the local stack. */
export class PermitsConfig extends TemporalConfig {
  /** Internal port for /health and /metrics. */
  @IsPort()
  PERMITS_OPS_PORT = 9401;
}
