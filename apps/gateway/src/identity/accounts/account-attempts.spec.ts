import { describe, expect, it } from '@jest/globals';
import { ATTEMPT_WINDOW_MS, decideAttempt } from './account-attempts.js';

// Given / when / then: the per-account attempt limit as a pure function of the window.
describe('decideAttempt: one more attempt on an account', () => {
  const now = 1_000_000;

  it('given no attempt yet, when one comes, then a window opens and it is allowed', () => {
    expect(decideAttempt(undefined, now, 2)).toEqual({ window: { count: 1, since: now } });
  });

  it('given attempts below the limit, when one more comes, then it is allowed', () => {
    expect(decideAttempt({ count: 1, since: now - 10_000 }, now, 2)).toEqual({
      window: { count: 2, since: now - 10_000 },
    });
  });

  it('given the limit reached, when one more comes, then it is refused until the window ends', () => {
    const decision = decideAttempt({ count: 2, since: now - 10_000 }, now, 2);
    expect(decision.window).toEqual({ count: 3, since: now - 10_000 });
    expect(decision.refusedForSeconds).toBe(50);
  });

  it('given a full window that is over, when one more comes, then a new window opens', () => {
    expect(decideAttempt({ count: 9, since: now - ATTEMPT_WINDOW_MS }, now, 2)).toEqual({
      window: { count: 1, since: now },
    });
  });
});
