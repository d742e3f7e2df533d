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
  userNotFound: () => new ProblemException(404, 'IDENTITY.USER_NOT_FOUND', 'No such account'),
  forbidden: () => new ProblemException(403, 'IDENTITY.FORBIDDEN', 'Your role may not do this'),
} as const;
