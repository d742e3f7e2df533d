import { DEFAULT_TEMPORAL_NAMESPACE, MAIN_TASK_QUEUE } from '#contracts';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { BaseConfig, IsPort, IsTemporalAddress, IsTemporalNamespace } from '#platform';

/** Environment of the Temporal worker; defaults serve the local stack. */
export class WorkerConfig extends BaseConfig {
  @IsTemporalAddress()
  TEMPORAL_ADDRESS = '127.0.0.1:7233';

  @IsTemporalNamespace()
  TEMPORAL_NAMESPACE = DEFAULT_TEMPORAL_NAMESPACE;

  /** Internal port for /health and /metrics. */
  @IsPort()
  WORKER_OPS_PORT = 9405;

  @IsString()
  @IsNotEmpty()
  WORKER_TASK_QUEUE = MAIN_TASK_QUEUE;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000)
  WORKER_MAX_CONCURRENT_ACTIVITIES = 50;

  /** Prebuilt workflow bundle; empty means "bundle workflows/ at start" (development only). */
  @IsOptional()
  @IsString()
  WORKER_WORKFLOW_BUNDLE = '';

  /**
   * How long one working day of the permits clocks lasts for the timers (`2s`, `500ms`,
   * `1m`): tests run a five-day deadline in seconds while the legal due time shown stays the
   * business calendar's. Empty (production): the timers wait until the due instant.
   */
  @IsOptional()
  @Matches(/^$|^[1-9][0-9]*(ms|s|m|h)$/, {
    message: 'PERMITS_WORKING_DAY_DURATION must be like 2s, 500ms, 1m or 1h (or empty)',
  })
  PERMITS_WORKING_DAY_DURATION = '';

  /**
   * How long one calendar day of an issued permit's validity lasts for its workflow's timers
   * (expiry, the renewal window), as PERMITS_WORKING_DAY_DURATION: tests run a month in
   * seconds. Empty (production): the timers wait until the permit's own instants.
   */
  @IsOptional()
  @Matches(/^$|^[1-9][0-9]*(ms|s|m|h)$/, {
    message: 'PERMITS_VALIDITY_DAY_DURATION must be like 2s, 500ms, 1m or 1h (or empty)',
  })
  PERMITS_VALIDITY_DAY_DURATION = '';

  /**
   * How long one day of the complaints clocks (triage and resolution in working days, the
   * close delay and the reopen window in calendar days) lasts for the timers, as
   * PERMITS_WORKING_DAY_DURATION. Empty (production): the timers wait until the due instant.
   */
  @IsOptional()
  @Matches(/^$|^[1-9][0-9]*(ms|s|m|h)$/, {
    message: 'COMPLAINTS_WORKING_DAY_DURATION must be like 2s, 500ms, 1m or 1h (or empty)',
  })
  COMPLAINTS_WORKING_DAY_DURATION = '';
}
