import { DatabaseConfig, IsPort } from '#platform';

/** Environment of the audit service; defaults serve the local stack. */
export class AuditConfig extends DatabaseConfig {
  /** Internal port for /health and /metrics. */
  @IsPort()
  AUDIT_OPS_PORT = 9404;
}
