import { DomainError, defineCodes } from './domain-error.js';

/**
 * The complaints context's codes. The gateway gives each its HTTP status (error-table.ts); the
 * Open311 edge answers them in the standard's error list (404 for an unknown resource, 403 for
 * a key, 400 for anything else wrong with the request).
 */
export const COMPLAINTS_ERROR_CODES = defineCodes('COMPLAINTS', [
  'SERVICE_NOT_FOUND',
  'REQUEST_NOT_FOUND',
  'TOKEN_NOT_FOUND',
  'LOCATION_REQUIRED',
  'ADDRESS_NOT_FOUND',
  'OUTSIDE_BOUNDARY',
  'ATTRIBUTE_REQUIRED',
  'ATTRIBUTE_INVALID',
  'DESCRIPTION_TOO_LONG',
  'MEDIA_INVALID',
  'MEDIA_NOT_FOUND',
  'REPORTER_REQUIRED',
  'NOT_REPORTER',
  'INVALID_TRANSITION',
  'DECISION_PENDING',
  'NOT_RESOLVED',
  'FEEDBACK_ALREADY_GIVEN',
  'REOPEN_WINDOW_PASSED',
  'DUPLICATE_INVALID',
  'DEPARTMENT_NOT_FOUND',
  'TEMPLATE_NOT_FOUND',
  'CATALOGUE_INVALID',
  'WORKFLOW_UNAVAILABLE',
]);
export type ComplaintsErrorCode = (typeof COMPLAINTS_ERROR_CODES)[number];

const complaintsError = (
  code: ComplaintsErrorCode,
  message: string,
  details?: Record<string, unknown>,
): DomainError<ComplaintsErrorCode> =>
  new DomainError(
    code,
    message,
    // The field at fault also as the problem's `errors` (problem+json names it there).
    typeof details?.field === 'string'
      ? { ...details, errors: [{ field: details.field, code, message }] }
      : details,
  );

/** The field at fault, as `details.field` (Open311 and problem+json both name it). */
const field = (name: string, extra: Record<string, unknown> = {}) => ({ field: name, ...extra });

export const ComplaintsErrors = {
  serviceNotFound: (serviceCode: string) =>
    complaintsError('COMPLAINTS.SERVICE_NOT_FOUND', `No service with code ${serviceCode}`, {
      ...field('service_code'),
      serviceCode,
    }),
  requestNotFound: (id?: string) =>
    complaintsError(
      'COMPLAINTS.REQUEST_NOT_FOUND',
      'No such service request',
      id === undefined ? field('service_request_id') : field('service_request_id', { id }),
    ),
  tokenNotFound: () =>
    complaintsError('COMPLAINTS.TOKEN_NOT_FOUND', 'No such token', field('token')),
  locationRequired: () =>
    complaintsError(
      'COMPLAINTS.LOCATION_REQUIRED',
      'A location is required: lat and long, address_string or address_id',
      field('lat'),
    ),
  addressNotFound: (which: 'address_string' | 'address_id') =>
    complaintsError(
      'COMPLAINTS.ADDRESS_NOT_FOUND',
      `The ${which} matches no address of the city`,
      field(which),
    ),
  outsideBoundary: () =>
    complaintsError(
      'COMPLAINTS.OUTSIDE_BOUNDARY',
      'The location is outside the city: this service only takes reports within its boundary',
      field('lat'),
    ),
  attributeRequired: (code: string) =>
    complaintsError('COMPLAINTS.ATTRIBUTE_REQUIRED', `The attribute ${code} is required`, {
      ...field(`attribute[${code}]`),
      attribute: code,
    }),
  attributeInvalid: (code: string, why: string) =>
    complaintsError('COMPLAINTS.ATTRIBUTE_INVALID', `The attribute ${code} ${why}`, {
      ...field(`attribute[${code}]`),
      attribute: code,
    }),
  descriptionTooLong: (max: number) =>
    complaintsError(
      'COMPLAINTS.DESCRIPTION_TOO_LONG',
      `The description is longer than ${max} characters`,
      field('description', { max }),
    ),
  mediaInvalid: (why: string) =>
    complaintsError('COMPLAINTS.MEDIA_INVALID', `The media ${why}`, field('media')),
  mediaNotFound: () =>
    complaintsError('COMPLAINTS.MEDIA_NOT_FOUND', 'No such photo', field('mediaId')),
  reporterRequired: () =>
    complaintsError(
      'COMPLAINTS.REPORTER_REQUIRED',
      'Only the reporter may do this: sign in to the account that filed it, or give the secret handed back when it was filed',
      field('secret'),
    ),
  notReporter: () =>
    complaintsError('COMPLAINTS.NOT_REPORTER', 'Only the reporter of this request may do this'),
  invalidTransition: (from: string, to: string) =>
    complaintsError('COMPLAINTS.INVALID_TRANSITION', `A request cannot go from ${from} to ${to}`, {
      from,
      to,
    }),
  decisionPending: () =>
    complaintsError(
      'COMPLAINTS.DECISION_PENDING',
      'Another step on this request is being recorded: try again in a moment',
    ),
  notResolved: (status: string) =>
    complaintsError('COMPLAINTS.NOT_RESOLVED', `The request is ${status}, not resolved`, {
      status,
    }),
  feedbackAlreadyGiven: () =>
    complaintsError(
      'COMPLAINTS.FEEDBACK_ALREADY_GIVEN',
      'Feedback on this resolution was already given',
    ),
  reopenWindowPassed: (reopenUntil: string) =>
    complaintsError(
      'COMPLAINTS.REOPEN_WINDOW_PASSED',
      'The request can no longer be reopened: file a new report',
      { reopenUntil },
    ),
  duplicateInvalid: (why: string) =>
    complaintsError('COMPLAINTS.DUPLICATE_INVALID', `Not a duplicate: ${why}`, field('originalId')),
  departmentNotFound: (code: string) =>
    complaintsError('COMPLAINTS.DEPARTMENT_NOT_FOUND', `No department ${code}`, {
      ...field('departmentCode'),
      departmentCode: code,
    }),
  templateNotFound: (code: string) =>
    complaintsError('COMPLAINTS.TEMPLATE_NOT_FOUND', `No response template ${code}`, {
      ...field('templateCode'),
      templateCode: code,
    }),
  catalogueInvalid: (fieldName: string, why: string) =>
    complaintsError(
      'COMPLAINTS.CATALOGUE_INVALID',
      `The service definition ${why}`,
      field(fieldName),
    ),
  workflowUnavailable: () =>
    complaintsError(
      'COMPLAINTS.WORKFLOW_UNAVAILABLE',
      "The request's case is not ready yet: try again in a moment",
    ),
};
