import { TemporalConfig, IsPort } from '#platform';

/** Environment of the payments service; defaults serve the local stack. */
export class PaymentsConfig extends TemporalConfig {
  /** Internal port for /health and /metrics. */
  @IsPort()
  PAYMENTS_OPS_PORT = 9402;
}
