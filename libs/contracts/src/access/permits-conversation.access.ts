import type { Role } from '../roles.js';
import { APPLICATION_READERS } from './permits-applications.access.js';
import { Policy, type PolicyRule } from './policy.js';

/** Staff who write on a case's conversation and its notes (the auditor only reads). */
export const CONVERSATION_STAFF = [
  'clerk',
  'supervisor',
  'inspector',
] as const satisfies readonly Role[];

/**
 * Who may do what with a case's conversation, its staff notes and an issued permit's
 * certificate, as the permits service applies it (after the gateway's coarse role check).
 */
export const PermitsConversationAccess = {
  /** The thread: its applicant, or staff who read cases (clerk, supervisor, inspector, auditor). */
  readMessages: (): PolicyRule[] => [Policy.ownerOr(...APPLICATION_READERS)],
  /** Writing on the thread: the applicant, or staff who work cases (never the auditor). */
  postMessage: (): PolicyRule[] => [
    Policy.roles('citizen', ...CONVERSATION_STAFF),
    Policy.ownerOr(...CONVERSATION_STAFF),
  ],
  /** Staff notes: staff who read cases; never the applicant, never on one's own case. */
  readNotes: (): PolicyRule[] => [Policy.roles(...APPLICATION_READERS), Policy.notOwnCase()],
  /** Writing a staff note: staff who work cases, never on their own case. */
  addNote: (): PolicyRule[] => [Policy.roles(...CONVERSATION_STAFF), Policy.notOwnCase()],
  /** A permit's certificate: its holder, or staff who read cases. */
  certificate: (): PolicyRule[] => [Policy.ownerOr(...APPLICATION_READERS)],
} as const;
