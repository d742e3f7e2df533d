import {
  COMPLAINT_RESOLVED_STATUSES,
  ComplaintsErrors,
  enforce,
  Policy,
  type ComplaintStatus,
  type RequestActor,
} from '#contracts';

const STAFF = new Set(['clerk', 'supervisor', 'admin']);

/** Staff only (clerks, supervisors, admins): everyone else is refused, recorded as such. */
export function assertStaff(user: RequestActor): void {
  if (!STAFF.has(user.role)) enforce(user, {}, Policy.roles('clerk', 'supervisor', 'admin'));
}

export const isStaff = (user: RequestActor | undefined): boolean =>
  user !== undefined && STAFF.has(user.role);

/** Which of the workflow's Updates a staff status change is. */
export type StaffStep = 'triage' | 'change' | 'resolve';

/**
 * The Update a status change from `current` to `target` goes to the workflow as: a resolved
 * status resolves, a working status triages a case still `for_triage` and changes the status of
 * one being worked. `for_triage` is never a target, and `duplicate` only through the duplicate
 * confirmation (which links the two requests first). The workflow's validators decide the rest
 * (a resolved case cannot change status, ...).
 */
export function staffStep(current: ComplaintStatus, target: ComplaintStatus): StaffStep {
  if (target === 'for_triage' || target === 'duplicate')
    throw ComplaintsErrors.invalidTransition(current, target);
  if ((COMPLAINT_RESOLVED_STATUSES as readonly string[]).includes(target)) return 'resolve';
  return current === 'for_triage' ? 'triage' : 'change';
}
