import type { ApplicationView, PermitTypeDefinition } from '../../api/client';
import { answered, detailQuestions, pagesOf, quantityQuestions } from './form-schema';

/** The parts of an application's form and whether each is done (the task list's statuses). */
export function sectionsOf(
  application: ApplicationView,
  definition: PermitTypeDefinition,
  language: string,
) {
  const details = detailQuestions(definition.formSchema);
  const quantities = quantityQuestions(definition, language);
  const stored = new Set(application.documents.filter((d) => d.latest).map((d) => d.kind));
  return {
    details,
    detailPages: pagesOf(details),
    quantities,
    detailsDone: answered(details, application.details),
    detailsStarted: Object.keys(application.details).length > 0,
    quantitiesDone: answered(quantities, application.quantities),
    quantitiesStarted: Object.keys(application.quantities).length > 0,
    documentsDone: definition.documentKinds.every((k) => !k.required || stored.has(k.kind)),
    documentsStarted: stored.size > 0,
  };
}

/**
 * The change requests the applicant has answered on this page load, by application: a field's
 * or quantity's item counts as answered once its page was saved (documents count from their
 * upload time, which the API tells).
 */
const answeredItems = new Map<string, Set<string>>();
export const markAnswered = (applicationId: string, key: string): void => {
  const set = answeredItems.get(applicationId) ?? new Set<string>();
  set.add(key);
  answeredItems.set(applicationId, set);
};
export const isMarkedAnswered = (applicationId: string, key: string): boolean =>
  answeredItems.get(applicationId)?.has(key) ?? false;

/** Statuses from which the applicant may withdraw (the API refuses the others). */
export const WITHDRAWABLE: ApplicationView['status'][] = [
  'draft',
  'submitted',
  'changes_requested',
  'awaiting_payment',
  'under_review',
  'inspection',
];
