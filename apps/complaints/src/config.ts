import { TemporalConfig, IsPort } from '#platform';

/** Environment of the complaints service; defaults serve the local stack. */
export class ComplaintsConfig extends TemporalConfig {
  /** Internal port for /health and /metrics. */
  @IsPort()
  COMPLAINTS_OPS_PORT = 9403;
}
