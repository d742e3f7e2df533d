/**
 * The gateway's identity: registration, login, rotating refresh tokens, logout, lockout, the
 * tokens it must refuse, and RFC 9457 problems for bad input. Runs the real gateway process
 * against the test PostgreSQL and NATS.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { importPKCS8, SignJWT } from 'jose';
import pg from 'pg';
import { appEntry, repoRoot, run } from '#devstack';
import { testEnv } from '#testing';
import {
  AUDIENCE,
  call,
  expectProblem,
  GATEWAY_KEY,
  ISSUER,
  keyPem,
  startGateway,
  type Gateway,
} from '../factories/gateway.js';

const newAccount = () => ({
  email: `ana.${randomUUID().slice(0, 8)}@example.org`,
  password: 'correct horse battery staple',
  fullName: 'Ana Citizen',
});

describe('gateway identity: accounts, sessions, tokens and problems', () => {
  let gateway: Gateway;
  let db: pg.Client;

  beforeAll(async () => {
    gateway = await startGateway();
    db = new pg.Client({
      connectionString: testEnv().databaseUrl,
      options: '-c search_path=identity',
    });
    await db.connect();
  });

  afterAll(async () => {
    await gateway?.process.stop('SIGTERM', 15_000);
    await db?.end();
  });

  const registerAndLogin = async () => {
    const account = newAccount();
    const registered = await call(gateway, 'POST', '/api/v1/auth/register', { body: account });
    expect(registered.status).toBe(201);
    const login = await call(gateway, 'POST', '/api/v1/auth/login', {
      body: { email: account.email, password: account.password },
    });
    expect(login.status).toBe(200);
    return {
      account,
      user: registered.body,
      tokens: login.body as { accessToken: string; refreshToken: string },
    };
  };

  it('registers a citizen, logs in and answers who they are; the password hash never leaves', async () => {
    const { account, user, tokens } = await registerAndLogin();
    expect(user).toEqual({
      id: expect.any(String) as unknown,
      email: account.email,
      fullName: 'Ana Citizen',
      role: 'citizen',
      status: 'active',
      createdAt: expect.any(String) as unknown,
    });
    expect(tokens).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    const me = await call(gateway, 'GET', '/api/v1/auth/me', { token: tokens.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toEqual(user);
    const stored = await db.query<{ password_hash: string }>(
      'SELECT password_hash FROM users WHERE id = $1',
      [user.id],
    );
    expect(stored.rows[0]?.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a second account for the same email, whatever its case', async () => {
    const account = newAccount();
    expect((await call(gateway, 'POST', '/api/v1/auth/register', { body: account })).status).toBe(
      201,
    );
    const again = await call(gateway, 'POST', '/api/v1/auth/register', {
      body: { ...account, email: account.email.toUpperCase() },
    });
    expectProblem(again, 409, 'IDENTITY.EMAIL_TAKEN');
  });

  it('rotates refresh tokens; a spent one ends the whole session, access tokens included', async () => {
    const { tokens } = await registerAndLogin();
    const first = await call(gateway, 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: tokens.refreshToken },
    });
    expect(first.status).toBe(200);
    const rotated = first.body as { accessToken: string; refreshToken: string };
    expect(rotated.refreshToken).not.toBe(tokens.refreshToken);
    expect(
      (await call(gateway, 'GET', '/api/v1/auth/me', { token: rotated.accessToken })).status,
    ).toBe(200);

    const replay = await call(gateway, 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: tokens.refreshToken },
    });
    expectProblem(replay, 401, 'IDENTITY.INVALID_REFRESH_TOKEN');
    expectProblem(
      await call(gateway, 'GET', '/api/v1/auth/me', { token: rotated.accessToken }),
      401,
      'IDENTITY.UNAUTHENTICATED',
    );
    expectProblem(
      await call(gateway, 'POST', '/api/v1/auth/refresh', {
        body: { refreshToken: rotated.refreshToken },
      }),
      401,
      'IDENTITY.INVALID_REFRESH_TOKEN',
    );
  });

  it('logs out: the session ends at once', async () => {
    const { tokens } = await registerAndLogin();
    const out = await call(gateway, 'POST', '/api/v1/auth/logout', {
      token: tokens.accessToken,
      body: { refreshToken: tokens.refreshToken },
    });
    expect(out.status).toBe(204);
    expectProblem(
      await call(gateway, 'GET', '/api/v1/auth/me', { token: tokens.accessToken }),
      401,
      'IDENTITY.UNAUTHENTICATED',
    );
    expectProblem(
      await call(gateway, 'POST', '/api/v1/auth/refresh', {
        body: { refreshToken: tokens.refreshToken },
      }),
      401,
      'IDENTITY.INVALID_REFRESH_TOKEN',
    );
  });

  it('ends every session of a deactivated account at once', async () => {
    const { user, tokens } = await registerAndLogin();
    await db.query(`UPDATE users SET status = 'deactivated' WHERE id = $1`, [user.id]);
    expectProblem(
      await call(gateway, 'GET', '/api/v1/auth/me', { token: tokens.accessToken }),
      401,
      'IDENTITY.UNAUTHENTICATED',
    );
  });

  it('locks an account after repeated failures, with Retry-After, even for the right password', async () => {
    const { account } = await registerAndLogin();
    const attempt = (password: string) =>
      call(gateway, 'POST', '/api/v1/auth/login', { body: { email: account.email, password } });
    for (let i = 0; i < 3; i += 1)
      expectProblem(await attempt('wrong password!'), 401, 'IDENTITY.INVALID_CREDENTIALS');
    const locked = await attempt(account.password);
    expectProblem(locked, 429, 'IDENTITY.ACCOUNT_LOCKED');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expectProblem(
      await call(gateway, 'POST', '/api/v1/auth/login', {
        body: { email: `nobody.${randomUUID()}@example.org`, password: 'whatever it is' },
      }),
      401,
      'IDENTITY.INVALID_CREDENTIALS',
    );
  });

  describe('refuses with 401 every access token that is not exactly right', () => {
    let userId: string;
    let sessionToken: string;
    const sign = async (
      claims: Record<string, unknown>,
      options: { key?: string; audience?: string; expiresAt?: number } = {},
    ) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
        .setIssuer(ISSUER)
        .setAudience(options.audience ?? AUDIENCE)
        .setSubject(userId)
        .setIssuedAt()
        .setExpirationTime(options.expiresAt ?? '5m')
        .sign(await importPKCS8(options.key ?? GATEWAY_KEY, 'EdDSA'));

    beforeAll(async () => {
      const { user, tokens } = await registerAndLogin();
      userId = user.id as string;
      sessionToken = tokens.accessToken;
    });

    const sid = () =>
      (
        JSON.parse(Buffer.from(sessionToken.split('.')[1] as string, 'base64url').toString()) as {
          sid: string;
        }
      ).sid;

    it('accepts a token the gateway itself could have signed (the control case)', async () => {
      const token = await sign({ role: 'citizen', sid: sid() });
      expect((await call(gateway, 'GET', '/api/v1/auth/me', { token })).status).toBe(200);
    });

    it.each([
      ['expired', async () => sign({ role: 'citizen', sid: sid() }, { expiresAt: 1_700_000_000 })],
      [
        'signed with another key',
        async () => sign({ role: 'citizen', sid: sid() }, { key: keyPem() }),
      ],
      [
        'for another audience',
        async () => sign({ role: 'citizen', sid: sid() }, { audience: 'urn:other' }),
      ],
      [
        'with alg none',
        async () => {
          const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString(
            'base64url',
          );
          const payload = sessionToken.split('.')[1] as string;
          return `${header}.${payload}.`;
        },
      ],
      [
        'with tampered claims (role raised to admin, signature kept)',
        async () => {
          const [header, payload, signature] = sessionToken.split('.') as [string, string, string];
          const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
            string,
            unknown
          >;
          const raised = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString(
            'base64url',
          );
          return `${header}.${raised}.${signature}`;
        },
      ],
      ['without a session', async () => sign({ role: 'citizen', sid: randomUUID() })],
      ['that is not a JWT', async () => 'not-a-token'],
    ])('%s', async (_label, make) => {
      const reply = await call(gateway, 'GET', '/api/v1/auth/me', { token: await make() });
      expectProblem(reply, 401, 'IDENTITY.UNAUTHENTICATED');
      expect(reply.headers.get('www-authenticate')).toContain('Bearer');
    });

    it('and asks for one when none is given', async () => {
      expectProblem(await call(gateway, 'GET', '/api/v1/auth/me'), 401, 'IDENTITY.UNAUTHENTICATED');
    });
  });

  describe('bad input gets a problem naming the field, never a 500', () => {
    const register = (body: unknown) => call(gateway, 'POST', '/api/v1/auth/register', { body });

    it.each([
      ['wrong type', { ...newAccount(), email: 5 }, 'email', 'IS_EMAIL'],
      ['too long', { ...newAccount(), fullName: 'x'.repeat(201) }, 'fullName', 'MAX_LENGTH'],
      ['too short', { ...newAccount(), password: 'short' }, 'password', 'MIN_LENGTH'],
      ['unknown field', { ...newAccount(), role: 'admin' }, 'role', 'UNKNOWN_FIELD'],
      [
        'missing',
        { email: 'missing@example.org', fullName: 'No Password' },
        'password',
        'IS_STRING',
      ],
      ['blank', { ...newAccount(), fullName: '   ' }, 'fullName', 'MATCHES'],
    ])('%s', async (_label, body, field, code) => {
      const reply = await register(body);
      expectProblem(reply, 422, 'VALIDATION_FAILED');
      expect(reply.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field, code })]),
      );
    });

    it('a text holding U+0000 (which PostgreSQL cannot store) is a 422 naming it; nothing is written', async () => {
      const account = { ...newAccount(), fullName: 'Ana\u0000 Citizen' };
      const reply = await register(account);
      expectProblem(reply, 422, 'VALIDATION_FAILED');
      expect(reply.body.errors).toEqual([
        expect.objectContaining({ field: 'fullName', code: 'INVALID_CHARACTER' }),
      ]);
      const stored = await db.query('SELECT 1 FROM users WHERE lower(email) = lower($1)', [
        account.email,
      ]);
      expect(stored.rowCount).toBe(0);
    });

    it('malformed JSON is a 400', async () => {
      const reply = await call(gateway, 'POST', '/api/v1/auth/login', { raw: '{"email": ' });
      expectProblem(reply, 400, 'MALFORMED_JSON');
    });

    it('a body over the limit is a 413', async () => {
      const reply = await call(gateway, 'POST', '/api/v1/auth/login', {
        raw: JSON.stringify({ email: 'x'.repeat(2_000_000), password: 'y' }),
      });
      expectProblem(reply, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('a body of another media type is a 415', async () => {
      const reply = await call(gateway, 'POST', '/api/v1/auth/login', {
        raw: 'email=a&password=b',
        contentType: 'application/x-www-form-urlencoded',
      });
      expectProblem(reply, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('an unknown route is a 404 problem', async () => {
      expectProblem(await call(gateway, 'GET', '/api/v1/nothing-here'), 404, 'NOT_FOUND');
    });
  });

  it('creates staff accounts from the command line (npm run cli -- users:create)', async () => {
    const cli = (...args: string[]) =>
      run(process.execPath, [appEntry('gateway', 'cli'), ...args], {
        cwd: repoRoot,
        env: { PATH: process.env.PATH, DATABASE_URL: testEnv().databaseUrl, LOG_LEVEL: 'warn' },
      });
    const email = `inspector.${randomUUID().slice(0, 8)}@city.example`;
    const created = await cli(
      'users:create',
      '--email',
      email,
      '--role',
      'inspector',
      '--full-name',
      'Ines Inspector',
    );
    expect(created.code).toBe(0);
    const account = JSON.parse(created.output.trim().split('\n').at(-1) as string) as {
      role: string;
      password: string;
    };
    expect(account.role).toBe('inspector');
    expect(account.password.length).toBeGreaterThanOrEqual(16);
    const login = await call(gateway, 'POST', '/api/v1/auth/login', {
      body: { email, password: account.password },
    });
    expect(login.status).toBe(200);

    const again = await cli(
      'users:create',
      '--email',
      email,
      '--role',
      'inspector',
      '--full-name',
      'Twice',
    );
    expect(again.code).toBe(1);
    expect(again.output).toContain('already exists');
    const wrong = await cli(
      'users:create',
      '--email',
      'x@city.example',
      '--role',
      'mayor',
      '--full-name',
      'X',
    );
    expect(wrong.code).toBe(2);
    expect(wrong.output).toContain('usage:');
    const gone = await cli('users:deactivate', '--email', email);
    expect(gone.code).toBe(0);
    const refused = await call(gateway, 'POST', '/api/v1/auth/login', {
      body: { email, password: account.password },
    });
    expectProblem(refused, 401, 'IDENTITY.INVALID_CREDENTIALS');
  });

  it('sets the security headers on every response', async () => {
    const reply = await call(gateway, 'GET', '/api/v1/status');
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    expect(reply.headers.get('strict-transport-security')).toContain('max-age=');
    expect(reply.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});

describe('gateway rate limits', () => {
  let gateway: Gateway;
  beforeAll(async () => {
    gateway = await startGateway({
      GATEWAY_AUTH_RATE_LIMIT_PER_MINUTE: '3',
      GATEWAY_PUBLIC_RATE_LIMIT_PER_MINUTE: '5',
      GATEWAY_CORS_ORIGINS: 'https://portal.city.example',
    });
  });
  afterAll(async () => {
    await gateway?.process.stop('SIGTERM', 15_000);
  });

  it('limits logins per client address, with Retry-After', async () => {
    const body = { email: 'nobody@example.org', password: 'not the password' };
    for (let i = 0; i < 3; i += 1)
      expect((await call(gateway, 'POST', '/api/v1/auth/login', { body })).status).toBe(401);
    const limited = await call(gateway, 'POST', '/api/v1/auth/login', { body });
    expectProblem(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('limits logins per account, whatever the address', async () => {
    const limited = await startGateway({ GATEWAY_ACCOUNT_RATE_LIMIT_PER_MINUTE: '2' });
    try {
      const body = {
        email: `target.${randomUUID().slice(0, 8)}@example.org`,
        password: 'guess one two',
      };
      for (let i = 0; i < 2; i += 1)
        expect((await call(limited, 'POST', '/api/v1/auth/login', { body })).status).toBe(401);
      const refused = await call(limited, 'POST', '/api/v1/auth/login', { body });
      expectProblem(refused, 429, 'RATE_LIMITED');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      // Registration attempts on one address count too.
      const account = {
        email: `reg.${randomUUID().slice(0, 8)}@example.org`,
        password: 'a long password!',
        fullName: 'R',
      };
      expect((await call(limited, 'POST', '/api/v1/auth/register', { body: account })).status).toBe(
        201,
      );
      expect((await call(limited, 'POST', '/api/v1/auth/register', { body: account })).status).toBe(
        409,
      );
      expectProblem(
        await call(limited, 'POST', '/api/v1/auth/register', { body: account }),
        429,
        'RATE_LIMITED',
      );
      const other = await call(limited, 'POST', '/api/v1/auth/login', {
        body: { ...body, email: `other.${randomUUID().slice(0, 8)}@example.org` },
      });
      expect(other.status).toBe(401);
    } finally {
      await limited.process.stop('SIGTERM', 15_000);
    }
  });

  it('limits public endpoints per client address', async () => {
    const statuses = [];
    for (let i = 0; i < 6; i += 1)
      statuses.push((await call(gateway, 'GET', '/api/v1/status')).status);
    expect(statuses.slice(0, 5).every((s) => s === 200)).toBe(true);
    expect(statuses[5]).toBe(429);
  });

  it('answers CORS only for the configured origins', async () => {
    const preflight = (origin: string) =>
      fetch(`${gateway.url}/api/v1/auth/me`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET' },
      });
    const allowed = await preflight('https://portal.city.example');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://portal.city.example');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
