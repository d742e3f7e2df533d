import { PERMITS_INTERNAL_PERMIT_TRANSITION, type PermitLifeActivities } from '#contracts';
import type { ActivityDeps } from './activity-deps.js';
import { refusalsAreFinal, servicesOf } from './service-requests.js';

/** Refusals a retry cannot change: the activity fails at once, the workflow sees the code. */
const asking = refusalsAreFinal(['PERMITS.', 'POLICY.', 'VALIDATION.']);

const DAY_MS = 86_400_000;

/**
 * The permit workflow's activities (docs/permits.md, "A permit's life"): its timers, and its
 * transitions written by the permits service (`permits.internal.permit.transition`). With a
 * configured `validityDayMs` (PERMITS_VALIDITY_DAY_DURATION) each calendar day of validity
 * lasts that long for the timers, counted from `validFrom`, while the legal instants stay the
 * permit's.
 */
export function createPermitLifeActivities(deps: ActivityDeps): PermitLifeActivities {
  const services = servicesOf(deps);
  const dayMs = deps.permits?.validityDayMs;
  return {
    async permitLifeTimers({ validFrom, validUntil, renewalWindowDays }) {
      const from = new Date(validFrom).getTime();
      const until = new Date(validUntil).getTime();
      const opens = Math.max(from, until - renewalWindowDays * DAY_MS);
      const now = Date.now();
      const scaled = (at: number): number =>
        dayMs === undefined ? at : from + ((at - from) / DAY_MS) * dayMs;
      return {
        renewalOpensAt: new Date(opens).toISOString(),
        renewalOpensInMs: Math.max(0, Math.round(scaled(opens) - now)),
        expiresInMs: Math.max(0, Math.round(scaled(until) - now)),
      };
    },

    permitLifeRecordTransition: (request) =>
      asking(() => services().request(PERMITS_INTERNAL_PERMIT_TRANSITION, request)),
  };
}
