import type { ServiceClient } from '#platform';

/** What the activity factories may use; each context's factory takes what it needs. */
export interface ActivityDeps {
  /** The worker's identity as Temporal records it (`pid@host`). */
  identity: string;
  /** The task queue the worker polls. */
  taskQueue: string;
  /**
   * Requests to the services over NATS as the `system` actor (the worker's connection).
   * Absent where the worker runs without NATS (the workflow tests, which give their own
   * activities): activities that need it then fail.
   */
  services?: ServiceClient;
  /** The permits clocks (worker config). */
  permits?: {
    /** `PERMITS_WORKING_DAY_DURATION` in ms: a working day's timer waits this long (tests). */
    workingDayMs?: number;
    /** How long a fetched business calendar is used before asking again. */
    calendarTtlMs?: number;
    /** `PERMITS_VALIDITY_DAY_DURATION` in ms: a calendar day of a permit's validity (tests). */
    validityDayMs?: number;
  };
  /** The complaints clocks (worker config). */
  complaints?: {
    /** `COMPLAINTS_WORKING_DAY_DURATION` in ms: a day's timer waits this long (tests). */
    dayMs?: number;
    /** How long a fetched business calendar is used before asking again. */
    calendarTtlMs?: number;
  };
}
