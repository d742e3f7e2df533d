import { describe, expect, it } from '@jest/globals';
import type { FastifyRequest } from 'fastify';
import { clearedRefreshCookie, refreshCookie, refreshTokenOfCookie } from './refresh-cookie.js';

const withCookie = (cookie?: string) => ({ headers: { cookie } }) as unknown as FastifyRequest;

describe('the browser session cookie', () => {
  it('keeps the refresh token for the session’s lifetime, HttpOnly, Secure, Strict, on the auth path only', () => {
    expect(refreshCookie('abc.def', 30)).toBe(
      'civic_refresh=abc.def; Max-Age=2592000; Path=/api/v1/auth; HttpOnly; Secure; SameSite=Strict',
    );
    expect(clearedRefreshCookie()).toBe(
      'civic_refresh=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/api/v1/auth; HttpOnly; Secure; SameSite=Strict',
    );
  });

  it('reads its token among other cookies, and nothing from an empty, absent or oversized one', () => {
    expect(refreshTokenOfCookie(withCookie('a=1; civic_refresh=abc.def; b=2'))).toBe('abc.def');
    expect(refreshTokenOfCookie(withCookie('civic_refresh_old=x; civic_refresh=y'))).toBe('y');
    expect(refreshTokenOfCookie(withCookie('civic_refresh='))).toBeUndefined();
    expect(refreshTokenOfCookie(withCookie('other=civic_refresh'))).toBeUndefined();
    expect(refreshTokenOfCookie(withCookie())).toBeUndefined();
    expect(refreshTokenOfCookie(withCookie(`civic_refresh=${'x'.repeat(201)}`))).toBeUndefined();
  });
});
