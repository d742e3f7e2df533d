/**
 * Browser sessions (issue 16): login and refresh set the refresh token in an HttpOnly,
 * SameSite=Strict, Secure cookie scoped to the auth routes; a refresh without a body reads it;
 * logout clears it. The JSON tokens stay for other clients. Runs the real gateway process.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { call, expectProblem, startGateway, type Gateway } from '../factories/gateway.js';

interface Operation {
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { required?: boolean };
  responses: Record<string, { headers?: Record<string, unknown> }>;
}

const cookieOf = (setCookie: string | null): { value: string; attributes: string[] } => {
  expect(setCookie).toEqual(expect.stringMatching(/^civic_refresh=/));
  const [pair = '', ...attributes] = (setCookie ?? '').split(';').map((part) => part.trim());
  return { value: pair.slice('civic_refresh='.length), attributes };
};

describe('gateway: browser sessions in a cookie', () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await startGateway();
  });

  afterAll(async () => {
    await gateway?.process.stop('SIGTERM', 15_000);
  });

  const logIn = async () => {
    const account = {
      email: `web.${randomUUID().slice(0, 8)}@example.org`,
      password: 'correct horse battery staple',
      fullName: 'Web Citizen',
    };
    expect((await call(gateway, 'POST', '/api/v1/auth/register', { body: account })).status).toBe(
      201,
    );
    const login = await call(gateway, 'POST', '/api/v1/auth/login', {
      body: { email: account.email, password: account.password },
    });
    expect(login.status).toBe(200);
    return login;
  };

  it('sets the refresh token of a login in an HttpOnly, Secure, SameSite=Strict cookie of the auth path', async () => {
    const login = await logIn();
    const cookie = cookieOf(login.headers.get('set-cookie'));
    expect(cookie.value).toBe(login.body.refreshToken);
    expect(cookie.attributes).toEqual([
      'Max-Age=2592000',
      'Path=/api/v1/auth',
      'HttpOnly',
      'Secure',
      'SameSite=Strict',
    ]);
  });

  it('refreshes from the cookie alone, rotating it; the spent cookie ends the session', async () => {
    const login = await logIn();
    const first = cookieOf(login.headers.get('set-cookie')).value;
    const refreshed = await call(gateway, 'POST', '/api/v1/auth/refresh', {
      headers: { cookie: `other=1; civic_refresh=${first}` },
    });
    expect(refreshed.status).toBe(200);
    const second = cookieOf(refreshed.headers.get('set-cookie')).value;
    expect(second).toBe(refreshed.body.refreshToken);
    expect(second).not.toBe(first);
    const me = await call(gateway, 'GET', '/api/v1/auth/me', {
      token: refreshed.body.accessToken as string,
    });
    expect(me.body).toMatchObject({ fullName: 'Web Citizen', role: 'citizen' });

    expectProblem(
      await call(gateway, 'POST', '/api/v1/auth/refresh', {
        headers: { cookie: `civic_refresh=${first}` },
      }),
      401,
      'IDENTITY.INVALID_REFRESH_TOKEN',
    );
    expectProblem(
      await call(gateway, 'POST', '/api/v1/auth/refresh', {
        headers: { cookie: `civic_refresh=${second}` },
      }),
      401,
      'IDENTITY.INVALID_REFRESH_TOKEN',
    );
  });

  it('prefers the body’s token to the cookie, and refuses a refresh with neither', async () => {
    const login = await logIn();
    const fromBody = await call(gateway, 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: login.body.refreshToken },
      headers: { cookie: 'civic_refresh=not-a-token' },
    });
    expect(fromBody.status).toBe(200);
    expectProblem(
      await call(gateway, 'POST', '/api/v1/auth/refresh', {}),
      401,
      'IDENTITY.INVALID_REFRESH_TOKEN',
    );
    expectProblem(
      await call(gateway, 'POST', '/api/v1/auth/refresh', { body: {} }),
      401,
      'IDENTITY.INVALID_REFRESH_TOKEN',
    );
    expectProblem(
      await call(gateway, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: 7 } }),
      422,
      'VALIDATION_FAILED',
    );
  });

  it('logs out with the cookie and clears it; its refresh token no longer works', async () => {
    const login = await logIn();
    const refreshToken = cookieOf(login.headers.get('set-cookie')).value;
    const logout = await call(gateway, 'POST', '/api/v1/auth/logout', {
      token: login.body.accessToken as string,
      headers: { cookie: `civic_refresh=${refreshToken}` },
    });
    expect(logout.status).toBe(204);
    const cleared = cookieOf(logout.headers.get('set-cookie'));
    expect(cleared.value).toBe('');
    expect(cleared.attributes).toContain('Max-Age=0');
    expect(cleared.attributes).toContain('Path=/api/v1/auth');
    expectProblem(
      await call(gateway, 'POST', '/api/v1/auth/refresh', { body: { refreshToken } }),
      401,
      'IDENTITY.INVALID_REFRESH_TOKEN',
    );
  });

  it('describes the cookie in the OpenAPI document: Set-Cookie answers and the cookie parameter', async () => {
    const document = (await call(gateway, 'GET', '/api/docs-json')).body as unknown as {
      paths: Record<string, Record<string, Operation>>;
    };
    const auth = (path: string) => document.paths[`/api/v1/auth/${path}`]?.post;
    for (const path of ['login', 'refresh'])
      expect(Object.keys(auth(path)?.responses['200']?.headers ?? {})).toEqual(['Set-Cookie']);
    expect(Object.keys(auth('logout')?.responses['204']?.headers ?? {})).toEqual(['Set-Cookie']);
    for (const path of ['refresh', 'logout']) {
      expect(auth(path)?.parameters).toContainEqual(
        expect.objectContaining({ name: 'civic_refresh', in: 'cookie', required: false }),
      );
      expect(auth(path)?.requestBody?.required).toBe(false);
    }
  });
});
