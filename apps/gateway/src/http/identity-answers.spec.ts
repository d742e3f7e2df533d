import { describe, expect, it } from '@jest/globals';
import { IdentityErrors } from '#contracts';
import { ProblemFilter } from '#platform';
import { errorAnswer } from './error-table.js';

// The identity use cases throw DomainErrors; these are the answers the gateway gives them.
const answer = (error: Error) => new ProblemFilter(errorAnswer).toProblem(error);

describe('identity errors at the HTTP edge', () => {
  it('answers the per-account login limit as RATE_LIMITED with Retry-After, like the per-address one', () => {
    expect(answer(IdentityErrors.accountRateLimited(12))).toMatchObject({
      status: 429,
      code: 'RATE_LIMITED',
      detail: 'try again in 12 s',
      headers: { 'retry-after': '12' },
    });
  });

  it('answers a lock with its own code and Retry-After', () => {
    expect(answer(IdentityErrors.locked(60))).toMatchObject({
      status: 429,
      code: 'IDENTITY.ACCOUNT_LOCKED',
      title: 'Too many failed logins: the account is locked for a while',
      detail: 'try again in 60 s',
      headers: { 'retry-after': '60' },
    });
  });

  it('challenges a missing token with WWW-Authenticate', () => {
    expect(answer(IdentityErrors.unauthenticated())).toMatchObject({
      status: 401,
      code: 'IDENTITY.UNAUTHENTICATED',
      headers: { 'www-authenticate': 'Bearer realm="civic", error="invalid_token"' },
    });
  });

  it("keeps a refusal's hint as the problem's detail", () => {
    expect(answer(IdentityErrors.twoFactorEnrolmentRequired())).toMatchObject({
      status: 403,
      code: 'IDENTITY.TWO_FACTOR_REQUIRED',
      detail: expect.stringContaining('/api/v1/auth/totp/setup'),
    });
    expect(answer(IdentityErrors.emailTaken())).toMatchObject({
      status: 409,
      code: 'IDENTITY.EMAIL_TAKEN',
    });
  });
});
