import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { DatabaseConfig, IsPort } from '#platform';

/** Environment of the audit service; defaults serve the local stack. */
export class AuditConfig extends DatabaseConfig {
  /** Internal port for /health and /metrics. */
  @IsPort()
  AUDIT_OPS_PORT = 9404;

  /**
   * PKCS#8 PEM of the Ed25519 key that signs tree heads (a secret). Rotating it is replacing
   * it: heads signed before stay verifiable with the public keys the log keeps. Empty outside
   * production: a key is made at start.
   */
  @IsString()
  AUDIT_SIGNING_KEY = '';

  /**
   * The role the audit service's connections act as: it may read the log and append to it,
   * never change it (the migration creates it when it may, and grants it that much). Empty:
   * act as the login role (only if that role itself is so restricted).
   */
  @Matches(/^(|[a-z_][a-z0-9_]*)$/, { message: 'must be empty or a role name' })
  AUDIT_DATABASE_ROLE = 'civic_audit_app';

  /** How often a new tree head is signed when the log has grown, in seconds. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86_400)
  AUDIT_TREE_HEAD_INTERVAL_SECONDS = 10;

  /**
   * How often the proofs given since the last time enter the trail, in milliseconds (each is
   * committed as it is given; see `TrailReads`).
   */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(60_000)
  AUDIT_PROOF_READS_FLUSH_MS = 1_000;
}
