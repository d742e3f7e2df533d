import { ApplicationFailure } from '@temporalio/activity';
import { addWorkingDays, workingDaysBetween, type BusinessCalendar } from '#calendar';
import {
  COMPLAINTS_INTERNAL_REQUEST_TRANSITION,
  PERMITS_INTERNAL_CALENDAR_GET,
  type ComplaintsActivities,
} from '#contracts';
import { RemoteServiceError, type ServiceClient } from '#platform';
import type { ActivityDeps } from './activity-deps.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Refusals a retry cannot change: the activity fails at once, the workflow sees the code. */
const FINAL_PREFIXES = ['COMPLAINTS.', 'PERMITS.', 'POLICY.', 'VALIDATION.'];

async function asking<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (
      error instanceof RemoteServiceError &&
      FINAL_PREFIXES.some((prefix) => error.code.startsWith(prefix))
    )
      throw ApplicationFailure.nonRetryable(error.message, error.code, error.details);
    throw error;
  }
}

/**
 * The complaint workflow's activities: due times from the business calendar (permits serves it
 * as `permits.internal.calendar.get`; cached by version, asked again at most every
 * `calendarTtlMs`) and `#calendar`, and the transition writer `complaints.internal.request.
 * transition`, asked as the `system` actor. With a configured `dayMs`
 * (COMPLAINTS_WORKING_DAY_DURATION) the timers wait that long per day, working or calendar,
 * while the due time shown stays the calendar's.
 */
export function createComplaintsActivities(deps: ActivityDeps): ComplaintsActivities {
  const services = (): ServiceClient => {
    if (!deps.services) throw new Error('this worker has no NATS connection for activities');
    return deps.services;
  };
  const dayMs = deps.complaints?.dayMs;
  const calendarTtlMs = deps.complaints?.calendarTtlMs ?? 60_000;
  let cached: { calendar: BusinessCalendar; at: number } | undefined;

  async function calendar(): Promise<BusinessCalendar> {
    if (cached && Date.now() - cached.at < calendarTtlMs) return cached.calendar;
    const fresh = await asking(() => services().request(PERMITS_INTERNAL_CALENDAR_GET, {}));
    if (!cached || cached.calendar.version !== fresh.version)
      cached = { calendar: fresh, at: Date.now() };
    else cached.at = Date.now();
    return cached.calendar;
  }

  return {
    async complaintsDeadline({ from, days, kind }) {
      const start = new Date(from);
      const dueAt =
        kind === 'working'
          ? addWorkingDays(start, days, await calendar())
          : new Date(start.getTime() + days * DAY_MS);
      const waitMs =
        dayMs === undefined
          ? dueAt.getTime() - Date.now()
          : start.getTime() + days * dayMs - Date.now();
      return { dueAt: dueAt.toISOString(), waitMs: Math.max(0, waitMs) };
    },

    async complaintsWorkingDaysLeft({ now, dueAt, waitMsLeft }) {
      if (dayMs !== undefined) return Math.ceil(waitMsLeft / dayMs);
      return workingDaysBetween(new Date(now), new Date(dueAt), await calendar());
    },

    complaintsRecordTransition: (request) =>
      asking(() => services().request(COMPLAINTS_INTERNAL_REQUEST_TRANSITION, request)),
  };
}
