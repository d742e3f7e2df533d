import type { Role } from '../roles.js';
import { Policy, type PolicyRule } from './policy.js';

/** Staff who read every application, its documents and its timeline (the auditor read-only). */
export const APPLICATION_READERS = [
  'clerk',
  'supervisor',
  'inspector',
  'auditor',
] as const satisfies readonly Role[];

/**
 * Who may do what with applications, as the permits service applies it (after the gateway's
 * coarse role check): the rules of the shared policy helper, named once.
 */
export const PermitsApplicationsAccess = {
  /** An application, its documents and timeline: its applicant, or staff who read cases. */
  read: (): PolicyRule[] => [Policy.ownerOr(...APPLICATION_READERS)],
  /** Drafting, changing, submitting, withdrawing, uploading: the applicant only. */
  change: (): PolicyRule[] => [Policy.ownerOr()],
  /**
   * The same on the applicant's behalf (assisted channel, under a delegation the gateway
   * checked): a clerk, and only the one who filed the application (`filerId`, given only when
   * the delegation's applicant is the application's).
   */
  changeOnBehalf: (): PolicyRule[] => [Policy.roles('clerk'), Policy.filer()],
  /** Lists of everyone's applications (filters by status, type, assignee, overdue). */
  readAll: (): PolicyRule[] => [Policy.roles(...APPLICATION_READERS)],
} as const;
