import { DomainError, defineCodes } from './domain-error.js';
import type { PermitsFieldProblem } from './permits.errors.js';

/** The what-if replay's codes (docs/permits.md, "What-if replay"). */
export const PERMITS_WHAT_IF_ERROR_CODES = defineCodes('PERMITS', [
  'INVALID_WHAT_IF',
  'WHAT_IF_NOT_FOUND',
]);
export type PermitsWhatIfErrorCode = (typeof PERMITS_WHAT_IF_ERROR_CODES)[number];

const whatIfError = (
  code: PermitsWhatIfErrorCode,
  message: string,
  details?: Record<string, unknown>,
): DomainError<PermitsWhatIfErrorCode> => new DomainError(code, message, details);

export const PermitsWhatIfErrors = {
  /** A proposal that proposes nothing, a period that ends before it starts, an unknown type. */
  invalid: (errors: PermitsFieldProblem[]) =>
    whatIfError(
      'PERMITS.INVALID_WHAT_IF',
      `The what-if proposal is invalid: ${errors.map((e) => e.message).join('; ')}`,
      { errors },
    ),
  notFound: () => whatIfError('PERMITS.WHAT_IF_NOT_FOUND', 'no such what-if job'),
};
