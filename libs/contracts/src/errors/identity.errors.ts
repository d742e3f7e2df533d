import { DomainError, defineCodes } from './domain-error.js';

/** The identity context's codes (accounts, sessions, two-factor; the gateway owns it). */
export const IDENTITY_ERROR_CODES = defineCodes('IDENTITY', [
  'EMAIL_TAKEN',
  'INVALID_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'ACCOUNT_RATE_LIMITED',
  'INVALID_REFRESH_TOKEN',
  'UNAUTHENTICATED',
  'TOTP_REQUIRED',
  'INVALID_TOTP',
  'TOTP_ALREADY_ENABLED',
  'TOTP_NOT_STARTED',
  'TWO_FACTOR_REQUIRED',
  'USER_NOT_FOUND',
  'FORBIDDEN',
  'CLAIM_CODE_INVALID',
  'CLAIM_CODE_EXPIRED',
  'CLAIM_CODE_USED',
  'CLAIM_ATTEMPTS_EXCEEDED',
  'ASSIST_CODE_INVALID',
  'ASSIST_CODE_EXPIRED',
  'ASSIST_CODE_USED',
  'NOT_DELEGATED',
  'DELEGATION_NOT_FOUND',
  'ACCOUNT_CLAIMED',
  'IDENTITY_DOCUMENT_MISMATCH',
]);
export type IdentityErrorCode = (typeof IDENTITY_ERROR_CODES)[number];

const identityError = (
  code: IdentityErrorCode,
  message: string,
  details?: Record<string, unknown>,
): DomainError<IdentityErrorCode> => new DomainError(code, message, details);

/**
 * The identity context's refusals (no HTTP here: the gateway's error table gives each code
 * its status). `details.retryAfterSeconds` tells a client when to try again; `details.hint`
 * what to do instead.
 */
export const IdentityErrors = {
  emailTaken: () =>
    identityError('IDENTITY.EMAIL_TAKEN', 'An account with this email already exists'),
  invalidCredentials: () =>
    identityError('IDENTITY.INVALID_CREDENTIALS', 'Email or password is wrong'),
  locked: (retryAfterSeconds: number) =>
    identityError(
      'IDENTITY.ACCOUNT_LOCKED',
      'Too many failed logins: the account is locked for a while',
      { retryAfterSeconds },
    ),
  accountRateLimited: (retryAfterSeconds: number) =>
    identityError('IDENTITY.ACCOUNT_RATE_LIMITED', 'Too many login attempts on this account', {
      retryAfterSeconds,
    }),
  invalidRefreshToken: () =>
    identityError('IDENTITY.INVALID_REFRESH_TOKEN', 'The refresh token is not valid'),
  unauthenticated: () =>
    identityError('IDENTITY.UNAUTHENTICATED', 'A valid access token is required'),
  totpRequired: () =>
    identityError('IDENTITY.TOTP_REQUIRED', 'This account logs in with a one-time code too', {
      hint: 'send the code of your authenticator app as `totp`',
    }),
  invalidTotp: () =>
    identityError('IDENTITY.INVALID_TOTP', 'The one-time code is wrong or was used'),
  totpAlreadyEnabled: () =>
    identityError('IDENTITY.TOTP_ALREADY_ENABLED', 'Two-factor login is already on'),
  totpNotStarted: () =>
    identityError(
      'IDENTITY.TOTP_NOT_STARTED',
      'Start two-factor enrolment first (POST /api/v1/auth/totp/setup)',
    ),
  twoFactorEnrolmentRequired: () =>
    identityError('IDENTITY.TWO_FACTOR_REQUIRED', 'Your role must log in with a second factor', {
      hint: 'set up a one-time code (POST /api/v1/auth/totp/setup, then /confirm) and log in again',
    }),
  userNotFound: () => identityError('IDENTITY.USER_NOT_FOUND', 'No such account'),
  forbidden: () => identityError('IDENTITY.FORBIDDEN', 'Your role may not do this'),
  claimCodeInvalid: () =>
    identityError('IDENTITY.CLAIM_CODE_INVALID', 'Email or claim code is wrong', {
      errors: [{ field: 'code', code: 'CLAIM_CODE', message: 'the claim code is wrong' }],
    }),
  claimCodeExpired: () =>
    identityError('IDENTITY.CLAIM_CODE_EXPIRED', 'The claim code has expired', {
      hint: 'ask at the counter for a new code',
    }),
  claimCodeUsed: () =>
    identityError('IDENTITY.CLAIM_CODE_USED', 'The account was claimed already', {
      hint: 'log in with your email and password',
    }),
  claimAttemptsExceeded: () =>
    identityError(
      'IDENTITY.CLAIM_ATTEMPTS_EXCEEDED',
      'Too many wrong claim codes: this code no longer works',
      { hint: 'ask at the counter for a new code' },
    ),
  assistCodeInvalid: () =>
    identityError('IDENTITY.ASSIST_CODE_INVALID', 'No such assist code', {
      errors: [{ field: 'code', code: 'ASSIST_CODE', message: 'no such assist code' }],
    }),
  assistCodeExpired: () =>
    identityError('IDENTITY.ASSIST_CODE_EXPIRED', 'The assist code has expired', {
      hint: 'the applicant makes a new one from their account',
    }),
  assistCodeUsed: () =>
    identityError('IDENTITY.ASSIST_CODE_USED', 'The assist code was used already', {
      hint: 'the applicant makes a new one from their account',
    }),
  accountClaimed: () =>
    identityError('IDENTITY.ACCOUNT_CLAIMED', 'The person claimed this account already', {
      hint: 'they log in with their email and password; no claim code is needed',
    }),
  identityDocumentMismatch: () =>
    identityError(
      'IDENTITY.IDENTITY_DOCUMENT_MISMATCH',
      'This is not the identity document recorded when the account was made',
      {
        errors: [
          {
            field: 'identityDocument',
            code: 'IDENTITY_DOCUMENT_MISMATCH',
            message: 'kind and number end must match the document seen at creation',
          },
        ],
        hint: 'ask for the document shown when the account was made; the refusal is recorded',
      },
    ),
  notDelegated: () =>
    identityError(
      'IDENTITY.NOT_DELEGATED',
      'You have no live delegation to act for this applicant',
      { hint: 'create an assisted account, or enter an assist code the applicant shows' },
    ),
  delegationNotFound: () =>
    identityError(
      'IDENTITY.DELEGATION_NOT_FOUND',
      'No such delegation of yours (as the clerk who holds it, or the person it is for)',
    ),
} as const;
