import { Policy, type PolicyRule } from './policy.js';

/**
 * Who may change the permits catalogue and the business calendar, as the permits service
 * applies it (after the gateway's coarse role check). Reading them is public.
 */
export const PermitsCatalogueAccess = {
  /** Publishing a permit type or a new version of one. */
  publishPermitType: (): PolicyRule[] => [Policy.roles('admin')],
  /** Changing the business calendar (holidays, time zone, weekend days). */
  editCalendar: (): PolicyRule[] => [Policy.roles('admin')],
} as const;
