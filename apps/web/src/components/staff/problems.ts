import type { FieldError } from '../ErrorSummary';
import type { MessageKey } from '../../i18n/messages.en';
import type { StaffKey } from '../../i18n/staff.en';
import type { Translate } from '../../i18n/i18n';

/**
 * An error as the staff pages keep it: a message key (with its values), translated when shown,
 * so a switch of language translates the errors on the page too.
 */
export interface StaffError {
  field?: string;
  key: MessageKey;
  values?: Record<string, string | number>;
}

/** The errors in the page's language, for ErrorSummary and the fields. */
export const shownErrors = (errors: StaffError[], t: Translate): FieldError[] =>
  errors.map((e) => ({ ...(e.field ? { field: e.field } : {}), message: t(e.key, e.values) }));

/**
 * A problem+json answer (RFC 9457) as the staff forms show it: each field problem beside its
 * field and in the summary, a known code as its message in the page's language, anything else
 * as "try again".
 */
interface ProblemLike {
  code?: string;
  errors?: { field: string; code: string; message: string }[];
}

/** Codes whose meaning the forms say in words (each a message of staff.en.ts). */
const CODE_MESSAGES: Record<string, StaffKey> = {
  'PERMITS.INVALID_TRANSITION': 'staff.problem.invalidTransition',
  'PERMITS.DECISION_IN_PROGRESS': 'staff.problem.decisionInProgress',
  'PERMITS.CASE_NOT_STARTED': 'staff.problem.caseNotStarted',
  'PERMITS.APPLICATION_ON_HOLD': 'staff.problem.onHold',
  'PERMITS.APPLICATION_NOT_ON_HOLD': 'staff.problem.notOnHold',
  'POLICY.OWN_CASE': 'staff.problem.ownCase',
  'POLICY.NOT_OWNER': 'staff.problem.notAllowed',
  'POLICY.ROLE_NOT_ALLOWED': 'staff.problem.notAllowed',
  'IDENTITY.FORBIDDEN': 'staff.problem.notAllowed',
  'POLICY.SAME_APPROVER': 'staff.problem.sameApprover',
  'PERMITS.SECOND_APPROVAL_ROLE': 'staff.problem.secondApprovalRole',
  'PERMITS.INSPECTION_REQUIRED': 'staff.problem.inspectionRequired',
  'PERMITS.REINSPECTION_LIMIT_REACHED': 'staff.problem.reinspectionLimit',
  'PERMITS.CONDITION_ALREADY_MET': 'staff.problem.conditionMet',
  'PERMITS.CONDITION_NOT_FOUND': 'staff.problem.conditionNotFound',
  'PERMITS.PERMIT_NOT_ACTIVE': 'staff.problem.permitNotActive',
  'PERMITS.PERMIT_CHANGE_IN_PROGRESS': 'staff.problem.decisionInProgress',
  'PERMITS.NOT_ASSIGNED_INSPECTOR': 'staff.problem.notAssignedInspector',
  'PERMITS.INSPECTION_NOT_SCHEDULED': 'staff.problem.inspectionNotScheduled',
};

/**
 * The form's errors from a problem. `fields` maps the API's field names (a prefix is enough:
 * `revisionItems` covers `revisionItems.0.note`) to the form's field id and its message; a code
 * that names a field (REASON_REQUIRED) is in `codes`.
 */
export function problemErrors(
  problem: unknown,
  fields: Record<string, { id: string; message: StaffKey }> = {},
  codes: Record<string, { id: string; message: StaffKey }> = {},
): StaffError[] {
  const p = (typeof problem === 'object' && problem !== null ? problem : {}) as ProblemLike;
  const code = p.code ?? '';
  const byCode = codes[code];
  if (byCode) return [{ field: byCode.id, key: byCode.message }];
  const found: StaffError[] = [];
  for (const error of p.errors ?? []) {
    const match = Object.entries(fields).find(
      ([name]) => error.field === name || error.field.startsWith(`${name}.`),
    );
    if (match && !found.some((f) => f.field === match[1].id))
      found.push({ field: match[1].id, key: match[1].message });
  }
  if (found.length > 0) return found;
  const known = CODE_MESSAGES[code];
  return [{ key: known ?? 'staff.problem.other' }];
}
