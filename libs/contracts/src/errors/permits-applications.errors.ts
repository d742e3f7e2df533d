import { DomainError, defineCodes } from './domain-error.js';

/**
 * The permits context's codes for applications, documents, decisions, inspections and permits
 * (the catalogue's are in `permits.errors.ts`). The workflow's Update validators refuse with the
 * same codes (an `ApplicationFailure` whose `type` is the code), so a refusal reads the same
 * whether the service or the workflow gave it; this module imports nothing but `DomainError`, so
 * workflow code may import it.
 */
export const PERMITS_APPLICATION_ERROR_CODES = defineCodes('PERMITS', [
  'APPLICATION_NOT_FOUND',
  'APPLICATION_NOT_EDITABLE',
  'APPLICATION_INCOMPLETE',
  'INVALID_TRANSITION',
  'DECISION_IN_PROGRESS',
  'REASON_REQUIRED',
  'REVISION_ITEMS_REQUIRED',
  'INSPECTION_REQUIRED',
  'INSPECTION_NOT_FOUND',
  'INSPECTION_NOT_SCHEDULED',
  'NOT_ASSIGNED_INSPECTOR',
  'REINSPECTION_LIMIT_REACHED',
  'SECOND_APPROVAL_ROLE',
  'DOCUMENT_NOT_FOUND',
  'DOCUMENT_KIND_UNKNOWN',
  'DOCUMENT_KIND_NOT_ALLOWED',
  'DOCUMENT_TOO_LARGE',
  'DOCUMENT_CONTENT_TYPE',
  'DOCUMENT_UPLOAD_NOT_FOUND',
  'TASK_NOT_FOUND',
  'PERMIT_NOT_FOUND',
  'CASE_NOT_STARTED',
  'NOT_AN_INSPECTOR',
  'PERMIT_TYPE_UNKNOWN',
  // An issued permit's life (revocation, expiry, renewal).
  'PERMIT_NOT_ACTIVE',
  'RENEWAL_WINDOW_CLOSED',
  'RENEWAL_ALREADY_REQUESTED',
  'PERMIT_CHANGE_IN_PROGRESS',
  'APPLICATION_ON_HOLD',
  'APPLICATION_NOT_ON_HOLD',
  'CONDITIONS_UNMET',
  'CONDITION_NOT_FOUND',
  'CONDITION_ALREADY_MET',
]);
export type PermitsApplicationErrorCode = (typeof PERMITS_APPLICATION_ERROR_CODES)[number];

const permitsError = (
  code: PermitsApplicationErrorCode,
  message: string,
  details?: Record<string, unknown>,
): DomainError<PermitsApplicationErrorCode> => new DomainError(code, message, details);

/** Refusals of applications and their cases (no HTTP here: the gateway's table maps each). */
export const PermitsApplicationErrors = {
  of: permitsError,
  applicationNotFound: () =>
    permitsError('PERMITS.APPLICATION_NOT_FOUND', 'no such application (or not yours)'),
  invalidTransition: (status: string, step: string) =>
    permitsError(
      'PERMITS.INVALID_TRANSITION',
      `not allowed while the application is ${status} (${step})`,
      { status, step },
    ),
  notEditable: (status: string) =>
    permitsError(
      'PERMITS.APPLICATION_NOT_EDITABLE',
      `the application cannot be changed while it is ${status}`,
      { status },
    ),
  /** Submission refused: every missing document and invalid field at once. */
  incomplete: (
    missingDocuments: string[],
    invalidFields: { field: string; message: string; code?: string }[],
  ) =>
    permitsError(
      'PERMITS.APPLICATION_INCOMPLETE',
      `the application is incomplete: ${[
        ...missingDocuments.map((k) => `document ${k} missing`),
        ...invalidFields.map((f) => f.message),
      ].join('; ')}`,
      {
        missingDocuments,
        invalidFields: invalidFields.map(({ field, message }) => ({ field, message })),
        // Shown as members of the problem document too.
        extensions: {
          missingDocuments,
          invalidFields: invalidFields.map(({ field, message }) => ({ field, message })),
        },
        errors: [
          ...missingDocuments.map((kind) => ({
            field: `documents.${kind}`,
            code: 'REQUIRED',
            message: `a ${kind} document is required`,
          })),
          ...invalidFields.map((f) => ({
            field: f.field,
            code: f.code ?? 'INVALID',
            message: f.message,
          })),
        ],
      },
    ),
  permitTypeUnknown: (code: string) =>
    permitsError('PERMITS.PERMIT_TYPE_UNKNOWN', `no permit type ${code}`, {
      permitType: code,
      errors: [{ field: 'permitType', code: 'UNKNOWN', message: `no permit type ${code}` }],
    }),
  documentKindUnknown: (kind: string, known: string[]) =>
    permitsError(
      'PERMITS.DOCUMENT_KIND_UNKNOWN',
      `the permit type declares no document kind ${kind}`,
      {
        kind,
        known,
        errors: [
          { field: 'kind', code: 'UNKNOWN', message: `kind must be one of ${known.join(', ')}` },
        ],
      },
    ),
  documentKindNotAllowed: (status: string) =>
    permitsError(
      'PERMITS.DOCUMENT_KIND_NOT_ALLOWED',
      `documents cannot be added while the application is ${status}`,
      { status },
    ),
  documentNotFound: () =>
    permitsError('PERMITS.DOCUMENT_NOT_FOUND', 'no such document of this application'),
  documentUploadNotFound: () =>
    permitsError(
      'PERMITS.DOCUMENT_UPLOAD_NOT_FOUND',
      'the upload does not match what was handed out for this application',
    ),
  permitNotFound: () => permitsError('PERMITS.PERMIT_NOT_FOUND', 'no such permit'),
  onHold: () =>
    permitsError(
      'PERMITS.APPLICATION_ON_HOLD',
      'the application is on hold: nothing moves until a supervisor releases it',
    ),
  conditionsUnmet: (unmet: number) =>
    permitsError(
      'PERMITS.CONDITIONS_UNMET',
      `${unmet} condition(s) of approval not yet met: the permit is not issued`,
      { unmetConditions: unmet },
    ),
  decisionInProgress: () =>
    permitsError(
      'PERMITS.DECISION_IN_PROGRESS',
      'another decision on this application is being recorded; read it again',
    ),
} as const;
