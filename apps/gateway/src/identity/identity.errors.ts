import { ProblemException } from '#platform';

/** The identity module's refusals, with their stable codes. */
export const IdentityErrors = {
  emailTaken: () =>
    new ProblemException(409, 'IDENTITY.EMAIL_TAKEN', 'An account with this email already exists'),
  invalidCredentials: () =>
    new ProblemException(401, 'IDENTITY.INVALID_CREDENTIALS', 'Email or password is wrong'),
  locked: (retryAfterSeconds: number) =>
    new ProblemException(
      429,
      'IDENTITY.ACCOUNT_LOCKED',
      'Too many failed logins: the account is locked for a while',
      `try again in ${retryAfterSeconds} s`,
      undefined,
      { 'retry-after': String(retryAfterSeconds) },
    ),
  accountRateLimited: (retryAfterSeconds: number) =>
    new ProblemException(
      429,
      'RATE_LIMITED',
      'Too many login attempts on this account',
      `try again in ${retryAfterSeconds} s`,
      undefined,
      { 'retry-after': String(retryAfterSeconds) },
    ),
  invalidRefreshToken: () =>
    new ProblemException(401, 'IDENTITY.INVALID_REFRESH_TOKEN', 'The refresh token is not valid'),
  unauthenticated: () =>
    new ProblemException(
      401,
      'IDENTITY.UNAUTHENTICATED',
      'A valid access token is required',
      undefined,
      undefined,
      { 'www-authenticate': 'Bearer realm="civic", error="invalid_token"' },
    ),
  totpRequired: () =>
    new ProblemException(
      401,
      'IDENTITY.TOTP_REQUIRED',
      'This account logs in with a one-time code too',
      'send the code of your authenticator app as `totp`',
    ),
  invalidTotp: () =>
    new ProblemException(401, 'IDENTITY.INVALID_TOTP', 'The one-time code is wrong or was used'),
  totpAlreadyEnabled: () =>
    new ProblemException(409, 'IDENTITY.TOTP_ALREADY_ENABLED', 'Two-factor login is already on'),
  totpNotStarted: () =>
    new ProblemException(
      409,
      'IDENTITY.TOTP_NOT_STARTED',
      'Start two-factor enrolment first (POST /api/v1/auth/totp/setup)',
    ),
  twoFactorEnrolmentRequired: () =>
    new ProblemException(
      403,
      'IDENTITY.TWO_FACTOR_REQUIRED',
      'Your role must log in with a second factor',
      'set up a one-time code (POST /api/v1/auth/totp/setup, then /confirm) and log in again',
    ),
  userNotFound: () => new ProblemException(404, 'IDENTITY.USER_NOT_FOUND', 'No such account'),
  forbidden: () => new ProblemException(403, 'IDENTITY.FORBIDDEN', 'Your role may not do this'),
} as const;
