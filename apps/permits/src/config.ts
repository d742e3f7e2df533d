import { IsString, MinLength } from 'class-validator';
import { TemporalConfig, IsPort } from '#platform';

/** The development default of PERMITS_HOLDER_SALT, refused in production. */
export const DEV_HOLDER_SALT = 'dev-only-permits-holder-salt';

/** Environment of the permits service; defaults serve the local stack. */
export class PermitsConfig extends TemporalConfig {
  /** Internal port for /health and /metrics. */
  @IsPort()
  PERMITS_OPS_PORT = 9401;

  /**
   * Secret salt of the holder hash in permit events (HMAC-SHA256 of the holder's account id):
   * events bind a permit to its holder without naming them. Required in production (the dev
   * default is refused there); changing it changes every later hash.
   */
  @IsString()
  @MinLength(16)
  PERMITS_HOLDER_SALT = DEV_HOLDER_SALT;
}
