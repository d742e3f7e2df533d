import { describe, expect, it } from '@jest/globals';
import { lockAfterFailure, lockedFor, MAX_LOCK_SECONDS, type LockoutPolicy } from './account.js';

// Given / when / then: the lockout rule as a pure function of the account's failures so far.
const policy: LockoutPolicy = { maxFailures: 5, lockoutSeconds: 60 };

describe('lockAfterFailure: a failed login', () => {
  it('given 3 failures, when the 4th fails, then the account is not locked', () => {
    expect(lockAfterFailure(3, policy)).toEqual({ failures: 4, lockSeconds: 0 });
  });

  it('given 4 failures, when the 5th (the limit) fails, then it is locked for the base time', () => {
    expect(lockAfterFailure(4, policy)).toEqual({ failures: 5, lockSeconds: 60 });
  });

  it('given failures past the limit, when one more fails, then each doubles the lock', () => {
    expect(lockAfterFailure(5, policy).lockSeconds).toBe(120);
    expect(lockAfterFailure(6, policy).lockSeconds).toBe(240);
    expect(lockAfterFailure(8, policy).lockSeconds).toBe(960);
  });

  it('given many failures, when one more fails, then the lock stops at an hour', () => {
    expect(lockAfterFailure(10, policy).lockSeconds).toBe(MAX_LOCK_SECONDS);
    expect(lockAfterFailure(1_000, policy).lockSeconds).toBe(MAX_LOCK_SECONDS);
  });
});

describe('lockedFor: is the account locked now', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');

  it('given no lock, then it is not locked', () => {
    expect(lockedFor(null, now)).toBeUndefined();
  });

  it('given a lock that ended, then it is not locked', () => {
    expect(lockedFor(new Date(now - 1), now)).toBeUndefined();
    expect(lockedFor(new Date(now), now)).toBeUndefined();
  });

  it('given a lock that runs on, then it says how long, rounded up to a second', () => {
    expect(lockedFor(new Date(now + 1), now)).toBe(1);
    expect(lockedFor(new Date(now + 59_001), now)).toBe(60);
  });
});
