import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { decideRefresh, type RefreshTokenState } from './session.js';

// Given / when / then: what a presented refresh token earns, from its row alone.
const hashOf = (secret: string): Buffer => createHash('sha256').update(secret).digest();

const fresh: RefreshTokenState = {
  secretHash: hashOf('the secret'),
  used: false,
  tokenExpired: false,
  sessionLive: true,
  accountActive: true,
};

describe('decideRefresh: a refresh token is presented', () => {
  it('given an unspent token of a live session, when its secret is presented, then it rotates', () => {
    expect(decideRefresh(fresh, hashOf('the secret'))).toBe('rotate');
  });

  it('given a spent token, when it is presented again, then it is reuse (the session ends)', () => {
    expect(decideRefresh({ ...fresh, used: true }, hashOf('the secret'))).toBe('reused');
  });

  it('given a spent token, when a wrong secret is presented with its id, then it is only invalid', () => {
    expect(decideRefresh({ ...fresh, used: true }, hashOf('a guess'))).toBe('invalid');
  });

  it('given no such token, then it is invalid', () => {
    expect(decideRefresh(undefined, hashOf('the secret'))).toBe('invalid');
  });

  it('given an expired token, a revoked or expired session, or a deactivated account, then it is invalid', () => {
    for (const state of [
      { ...fresh, tokenExpired: true },
      { ...fresh, sessionLive: false },
      { ...fresh, accountActive: false },
    ])
      expect(decideRefresh(state, hashOf('the secret'))).toBe('invalid');
  });
});
