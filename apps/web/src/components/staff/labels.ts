import type { Translate } from '../../i18n/i18n';
import { staffEn, type StaffKey } from '../../i18n/staff.en';

/*
 * The names of the API's codes in the page's language. A code the web does not know yet (a
 * newer API) shows as itself rather than break the page.
 */

const named =
  (prefix: string) =>
  (t: Translate, code: string): string => {
    const key = `${prefix}.${code}`;
    return key in staffEn ? t(key as StaffKey) : code;
  };

export const taskKindName = named('staff.kind');
export const stepName = named('staff.step');
export const transitionName = named('staff.transition');
export const reasonName = named('staff.reason');
export const roleName = named('staff.role');
export const revisionKeyName = (t: Translate, key: string): string => {
  const [what, name] = key.split(':');
  if (what === 'document') return t('staff.revision.document', { name: name ?? '' });
  if (what === 'quantity') return t('staff.revision.quantity', { name: name ?? '' });
  return t('staff.revision.field', { name: name ?? '' });
};

/** The reason codes each form offers (stable codes; their names are messages). */
export const REJECT_REASONS = [
  'zoning_conflict',
  'safety_risk',
  'not_permitted_use',
  'incomplete_information',
] as const;
export const CHANGE_REASONS = [
  'document_unreadable',
  'document_missing',
  'information_incorrect',
  'information_missing',
] as const;
export const HOLD_REASONS = ['legal_review', 'complaint_received', 'fraud_suspected'] as const;
export const REVOKE_REASONS = [
  'conditions_breached',
  'false_information',
  'safety_risk',
  'issued_in_error',
  'holder_request',
  'court_order',
] as const;
export const CONDITION_CODES = [
  'final_inspection_before_occupancy',
  'site_safety_plan',
  'working_hours_limited',
] as const;

/** An inspection's status as a GOV.UK tag's colour. */
export const INSPECTION_TAGS: Record<'scheduled' | 'passed' | 'failed' | 'cancelled', string> = {
  scheduled: 'govuk-tag--blue',
  passed: 'govuk-tag--green',
  failed: 'govuk-tag--red',
  cancelled: 'govuk-tag--grey',
};
