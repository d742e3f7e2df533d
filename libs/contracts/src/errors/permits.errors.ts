import { DomainError, defineCodes } from './domain-error.js';

/** A field at fault, as `details.errors` carries it (the gateway's problem `errors`). */
export interface PermitsFieldProblem {
  field: string;
  code: string;
  message: string;
}

/**
 * The permits context's codes. One list for the whole context: the catalogue (permit types,
 * the business calendar) first; applications, documents, the workflow add theirs below.
 */
export const PERMITS_ERROR_CODES = defineCodes('PERMITS', [
  // Permit types and the business calendar.
  'PERMIT_TYPE_NOT_FOUND',
  'PERMIT_TYPE_VERSION_NOT_FOUND',
  'PERMIT_TYPE_EXISTS',
  'PERMIT_TYPE_PREFIX_TAKEN',
  'INVALID_DEFINITION',
  'INVALID_CALENDAR',
]);
export type PermitsErrorCode = (typeof PERMITS_ERROR_CODES)[number];

const permitsError = (
  code: PermitsErrorCode,
  message: string,
  details?: Record<string, unknown>,
): DomainError<PermitsErrorCode> => new DomainError(code, message, details);

/**
 * The permits context's refusals (no HTTP here: the gateway's error table gives each code its
 * status). Ownership and separation of duties use the shared `POLICY.*` codes.
 */
export const PermitsErrors = {
  permitTypeNotFound: (code: string) =>
    permitsError('PERMITS.PERMIT_TYPE_NOT_FOUND', `No permit type ${code}`, { permitType: code }),
  permitTypeVersionNotFound: (code: string, version: number) =>
    permitsError(
      'PERMITS.PERMIT_TYPE_VERSION_NOT_FOUND',
      `Permit type ${code} has no version ${version}`,
      { permitType: code, version },
    ),
  permitTypeExists: (code: string) =>
    permitsError('PERMITS.PERMIT_TYPE_EXISTS', `Permit type ${code} exists already`, {
      permitType: code,
      hint: `PUT /api/v1/permit-types/${code} publishes a new version of it`,
    }),
  permitTypePrefixTaken: (prefix: string, takenBy: string) =>
    permitsError(
      'PERMITS.PERMIT_TYPE_PREFIX_TAKEN',
      `Case number prefix ${prefix} is the prefix of permit type ${takenBy}`,
      {
        takenBy,
        errors: [{ field: 'prefix', code: 'TAKEN', message: `prefix ${prefix} is taken` }],
      },
    ),
  /** A definition that passes its request class but not the rules between its parts. */
  invalidDefinition: (errors: PermitsFieldProblem[]) =>
    permitsError(
      'PERMITS.INVALID_DEFINITION',
      `The permit type definition is invalid: ${errors.map((e) => e.message).join('; ')}`,
      { errors },
    ),
  invalidCalendar: (errors: PermitsFieldProblem[]) =>
    permitsError(
      'PERMITS.INVALID_CALENDAR',
      `The calendar change is invalid: ${errors.map((e) => e.message).join('; ')}`,
      { errors },
    ),
};
