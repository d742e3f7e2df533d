import { addWorkingDays, workingDaysBetween } from '#calendar';
import { COMPLAINTS_INTERNAL_REQUEST_TRANSITION, type ComplaintsActivities } from '#contracts';
import type { ActivityDeps } from './activity-deps.js';
import { cachedCalendar, refusalsAreFinal, servicesOf } from './service-requests.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Refusals a retry cannot change: the activity fails at once, the workflow sees the code. */
const asking = refusalsAreFinal(['COMPLAINTS.', 'PERMITS.', 'POLICY.', 'VALIDATION.']);

/**
 * The complaint workflow's activities: due times from the business calendar (permits serves it
 * as `permits.internal.calendar.get`; cached by version, asked again at most every
 * `calendarTtlMs`) and `#calendar`, and the transition writer `complaints.internal.request.
 * transition`, asked as the `system` actor. With a configured `dayMs`
 * (COMPLAINTS_WORKING_DAY_DURATION) the timers wait that long per day, working or calendar,
 * while the due time shown stays the calendar's.
 */
export function createComplaintsActivities(deps: ActivityDeps): ComplaintsActivities {
  const services = servicesOf(deps);
  const dayMs = deps.complaints?.dayMs;
  const calendarTtlMs = deps.complaints?.calendarTtlMs ?? 60_000;
  const calendar = cachedCalendar(services, asking, calendarTtlMs);

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
