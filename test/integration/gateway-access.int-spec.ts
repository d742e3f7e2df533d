/**
 * Who may call what, checked against the real gateway: every route the gateway's controllers
 * declare × every role and anonymous, generated from the route metadata, so a new route
 * without a policy fails here. Also: refusals become `gov.identity.access.denied.v1` events,
 * staff accounts are an admin's to create and deactivate, and a request forwarded over NATS
 * carries its actor, with 503 / 504 when the service is absent or too slow.
 */
import { randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generate as generateTotp } from 'otplib';
import pg from 'pg';
import { ACCESS_DENIED_V1, ROLES, type Role } from '#contracts';
import { connectNats } from '#platform';
import { eventually, testEnv } from '#testing';
import { call, expectProblem, startGateway, type Gateway } from '../factories/gateway.js';
import { allowed, gatewayRoutes, WHO } from '../factories/gateway-routes.js';

const ROUTES = gatewayRoutes();

/** A concrete URL for a route pattern: sample values for its parameters. */
const concrete = (path: string): string =>
  path.replace(':service', 'complaints').replace(/:[a-zA-Z]+/g, () => randomUUID());

/** Routes whose credential is a refresh token (the body's or the `civic_refresh` cookie's). */
const REFRESH_TOKEN_ROUTES = ['/api/v1/auth/refresh', '/api/v1/auth/logout'];

describe('gateway access: deny by default, every route x every role', () => {
  let gateway: Gateway;
  let db: pg.Client;
  let nc: NatsConnection;
  const tokens = new Map<Role, string>();
  const users = new Map<Role, string>();

  beforeAll(async () => {
    gateway = await startGateway({ NATS_REQUEST_TIMEOUT_MS: '600' });
    db = new pg.Client({
      connectionString: testEnv().databaseUrl,
      options: '-c search_path=identity',
    });
    await db.connect();
    nc = await connectNats({
      name: 'itest-access',
      servers: testEnv().natsUrl,
      auth: testEnv().natsAuth,
    });
    const password = 'correct horse battery staple';
    // The first admin comes from outside the API (as the command-line tool makes it).
    const adminEmail = `admin.${randomUUID().slice(0, 8)}@city.example`;
    await db.query(
      `INSERT INTO users (id, email, email_key, full_name, password_hash, role)
       VALUES ($1, $2, $2, 'First Admin', $3, 'admin')`,
      [randomUUID(), adminEmail, await hash(password)],
    );
    const login = async (email: string) => {
      const reply = await call(gateway, 'POST', '/api/v1/auth/login', {
        body: { email, password },
      });
      expect(reply.status).toBe(200);
      return reply.body.accessToken as string;
    };
    tokens.set('admin', await login(adminEmail));
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      const email = `${role}.${randomUUID().slice(0, 8)}@city.example`;
      const created =
        role === 'citizen'
          ? await call(gateway, 'POST', '/api/v1/auth/register', {
              body: { email, password, fullName: `A ${role}` },
            })
          : await call(gateway, 'POST', '/api/v1/users', {
              token: tokens.get('admin'),
              body: { email, password, fullName: `A ${role}`, role },
            });
      expect({ role, status: created.status }).toEqual({ role, status: 201 });
      expect(created.body.role).toBe(role);
      users.set(role, created.body.id as string);
      tokens.set(role, await login(email));
    }
  });

  afterAll(async () => {
    await gateway?.process.stop('SIGTERM', 15_000);
    await db?.end();
    await nc?.close();
  });

  it('finds the routes, and every one declares who may call it', () => {
    expect(ROUTES.length).toBeGreaterThanOrEqual(8);
    expect(ROUTES.filter((r) => !r.policy).map((r) => r.label)).toEqual([]);
  });

  it('keeps the transparency dashboard and open data public', () => {
    for (const label of ['GET /api/v1/dashboard', 'GET /api/v1/open-data/:file'])
      expect({ label, policy: ROUTES.find((r) => r.label === label)?.policy?.kind }).toEqual({
        label,
        policy: 'public',
      });
  });

  it.each(ROUTES.flatMap((route) => WHO.map((who) => [route.label, who, route] as const)))(
    '%s as %s',
    async (_label, who, route) => {
      const reply = await call(gateway, route.method, concrete(route.path), {
        token: who === 'anonymous' ? undefined : tokens.get(who),
        body: route.method === 'GET' ? undefined : {},
      });
      if (allowed(route.policy, who)) {
        // The assisted channel's routes check the clerk's delegation after the role: the
        // made-up one here is refused as not granted, not for the role; ending one that is not
        // the caller's finds none.
        if (route.path.endsWith(':delegationId/end'))
          expectProblem(reply, 404, 'IDENTITY.DELEGATION_NOT_FOUND');
        else if (route.path.includes(':delegationId'))
          expectProblem(reply, 403, 'IDENTITY.NOT_DELEGATED');
        // A refresh token is the credential of these two: none in the body nor the cookie
        // is a failed authentication, whoever sends it.
        else if (REFRESH_TOKEN_ROUTES.includes(route.path))
          expectProblem(reply, 401, 'IDENTITY.INVALID_REFRESH_TOKEN');
        else expect([401, 403]).not.toContain(reply.status);
      } else if (who === 'anonymous') expectProblem(reply, 401, 'IDENTITY.UNAUTHENTICATED');
      else expectProblem(reply, 403, 'IDENTITY.FORBIDDEN');
      // Never a 500: a route whose service is not running here answers 503, never 'internal'.
      expect(reply.status).not.toBe(500);
    },
  );

  it('documents every route in OpenAPI 3.1: who may call it, what it answers, its problems', async () => {
    const response = await fetch(`${gateway.url}/api/docs-json`);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { description?: string; responses: Record<string, unknown> }>
      >;
      components: { schemas: Record<string, unknown> };
    };
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.schemas.ProblemDto).toBeDefined();
    for (const route of ROUTES) {
      const path = route.path.replace(/:([a-zA-Z]+)/g, '{$1}');
      const operation = document.paths[path]?.[route.method.toLowerCase()];
      expect({ route: route.label, documented: operation !== undefined }).toEqual({
        route: route.label,
        documented: true,
      });
      const statuses = Object.keys(operation?.responses ?? {});
      expect({ route: route.label, roles: /Roles: /.test(operation?.description ?? '') }).toEqual({
        route: route.label,
        roles: true,
      });
      expect(statuses.some((s) => s.startsWith('2'))).toBe(true);
      expect(statuses.some((s) => s.startsWith('4'))).toBe(true);
      if (route.policy?.kind !== 'public')
        expect({ route: route.label, statuses }).toEqual({
          route: route.label,
          statuses: expect.arrayContaining(['401']) as unknown,
        });
    }
  });

  it('writes every refusal as an access-denied event for the audit trail', async () => {
    const clerk = users.get('clerk') as string;
    const refused = await call(gateway, 'POST', '/api/v1/users', {
      token: tokens.get('clerk'),
      body: {},
    });
    expectProblem(refused, 403, 'IDENTITY.FORBIDDEN');
    const rows = await eventually(async () => {
      const found = await db.query<{ envelope: string }>(
        `SELECT envelope FROM outbox WHERE subject = $1 AND envelope LIKE $2 AND envelope LIKE $3`,
        [ACCESS_DENIED_V1, `%${clerk}%`, '%"POST /api/v1/users"%'],
      );
      return found.rows.length > 0 ? found.rows : undefined;
    });
    const event = JSON.parse(rows[0]?.envelope as string) as {
      actor: string;
      data: Record<string, unknown>;
    };
    expect(event.actor).toBe(`user:${clerk}:clerk`);
    expect(event.data).toEqual({
      resourceType: 'http-route',
      resourceId: 'POST /api/v1/users',
      action: 'call',
      reasonCode: 'ACCESS.ROLE_NOT_ALLOWED',
      refusedBy: 'gateway',
      userId: clerk,
    });
  });

  it('lets an admin deactivate an account: its sessions end at once', async () => {
    const inspector = users.get('inspector') as string;
    expect(
      (await call(gateway, 'GET', '/api/v1/auth/me', { token: tokens.get('inspector') })).status,
    ).toBe(200);
    const done = await call(gateway, 'POST', `/api/v1/users/${inspector}/deactivate`, {
      token: tokens.get('admin'),
    });
    expect(done.status).toBe(204);
    expectProblem(
      await call(gateway, 'GET', '/api/v1/auth/me', { token: tokens.get('inspector') }),
      401,
      'IDENTITY.UNAUTHENTICATED',
    );
    expectProblem(
      await call(gateway, 'POST', `/api/v1/users/not-a-uuid/deactivate`, {
        token: tokens.get('admin'),
      }),
      422,
      'VALIDATION_FAILED',
    );
  });

  it('lets an admin require two-factor login for a role: such sessions may only enrol until they have it', async () => {
    const supervisorToken = tokens.get('supervisor') as string;
    const staffRoute = '/api/v1/services/payments/status';
    const require = (required: boolean) =>
      call(gateway, 'PUT', '/api/v1/roles/supervisor/two-factor', {
        token: tokens.get('admin'),
        body: { required },
      });
    expect((await require(true)).status).toBe(204);
    try {
      // Within the role-settings cache's few seconds.
      const blocked = await eventually(async () => {
        const reply = await call(gateway, 'GET', staffRoute, { token: supervisorToken });
        return reply.status === 403 ? reply : undefined;
      });
      expectProblem(blocked, 403, 'IDENTITY.TWO_FACTOR_REQUIRED');
      expect(
        (await call(gateway, 'GET', '/api/v1/auth/me', { token: supervisorToken })).status,
      ).toBe(200);

      const setup = await call(gateway, 'POST', '/api/v1/auth/totp/setup', {
        token: supervisorToken,
      });
      expect(setup.status).toBe(200);
      const secret = setup.body.secret as string;
      expect(setup.body.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
      expectProblem(
        await call(gateway, 'POST', '/api/v1/auth/totp/confirm', {
          token: supervisorToken,
          body: { code: '000000' === (await generateTotp({ secret })) ? '111111' : '000000' },
        }),
        401,
        'IDENTITY.INVALID_TOTP',
      );
      const firstCode = await generateTotp({ secret });
      const confirmed = await call(gateway, 'POST', '/api/v1/auth/totp/confirm', {
        token: supervisorToken,
        body: { code: firstCode },
      });
      expect(confirmed.status).toBe(204);
      // This session now counts as two-factor.
      await eventually(async () => {
        const reply = await call(gateway, 'GET', staffRoute, { token: supervisorToken });
        return reply.status !== 403 ? true : undefined;
      });

      // A new login needs the code; a wrong one or the one already used is refused.
      const email = (await call(gateway, 'GET', '/api/v1/auth/me', { token: supervisorToken })).body
        .email as string;
      const login = (totp?: string) =>
        call(gateway, 'POST', '/api/v1/auth/login', {
          body: { email, password: 'correct horse battery staple', ...(totp ? { totp } : {}) },
        });
      expectProblem(await login(), 401, 'IDENTITY.TOTP_REQUIRED');
      expectProblem(await login(firstCode), 401, 'IDENTITY.INVALID_TOTP'); // a code works once
      const next = await generateTotp({ secret, epoch: Math.floor(Date.now() / 1_000) + 30 });
      const withCode = await login(next);
      expect(withCode.status).toBe(200);
      expect(
        (
          await call(gateway, 'GET', staffRoute, {
            token: withCode.body.accessToken as string,
          })
        ).status,
      ).not.toBe(403);
    } finally {
      expect((await require(false)).status).toBe(204);
    }
  });

  describe('forwarding over NATS', () => {
    const subject = 'payments.system.status';
    const ask = () =>
      call(gateway, 'GET', '/api/v1/services/payments/status', { token: tokens.get('auditor') });
    let sub: Subscription | undefined;
    afterAll(() => sub?.unsubscribe());

    it('is a 503 problem when no service answers', async () => {
      const reply = await ask();
      expectProblem(reply, 503, 'SERVICE_UNAVAILABLE');
      expect(reply.headers.get('retry-after')).toBe('5');
    });

    it('is a 504 problem when the service does not answer in time', async () => {
      sub = nc.subscribe(subject, { callback: () => undefined });
      await nc.flush();
      expectProblem(await ask(), 504, 'SERVICE_TIMEOUT');
      sub.unsubscribe();
    });

    it("turns a service's own refusal into a 403 problem and an access-denied event", async () => {
      sub = nc.subscribe(subject, {
        callback: (_error, msg) => {
          msg.respond(
            JSON.stringify({
              id: msg.json<{ id: string }>().id,
              isDisposed: true,
              // No HTTP status crosses NATS: the gateway's error table knows the code is a
              // refusal of access.
              err: {
                code: 'POLICY.OWN_CASE',
                message: 'staff may not act on a case of their own',
              },
            }),
          );
        },
      });
      await nc.flush();
      expectProblem(await ask(), 403, 'POLICY.OWN_CASE');
      sub.unsubscribe();
      const auditor = users.get('auditor') as string;
      const rows = await eventually(async () => {
        const found = await db.query<{ envelope: string }>(
          `SELECT envelope FROM outbox WHERE subject = $1 AND envelope LIKE $2 AND envelope LIKE '%POLICY.OWN_CASE%'`,
          [ACCESS_DENIED_V1, `%${auditor}%`],
        );
        return found.rows.length > 0 ? found.rows : undefined;
      });
      expect(
        (JSON.parse(rows[0]?.envelope as string) as { data: { refusedBy: string } }).data.refusedBy,
      ).toBe('service');
    });

    it("answers a service's refusal of a request's fields as a 422 naming them, not as a refusal of access", async () => {
      const errors = [{ field: 'size', code: 'IS_INT', message: 'size must be an integer number' }];
      sub = nc.subscribe(subject, {
        callback: (_error, msg) => {
          msg.respond(
            JSON.stringify({
              id: msg.json<{ id: string }>().id,
              isDisposed: true,
              err: { code: 'PLATFORM.VALIDATION_FAILED', message: 'invalid', details: { errors } },
            }),
          );
        },
      });
      await nc.flush();
      const reply = await ask();
      sub.unsubscribe();
      expectProblem(reply, 422, 'VALIDATION_FAILED');
      expect(reply.body.errors).toEqual(errors);
    });

    it('carries the authenticated actor to the service', async () => {
      const seen: (string | undefined)[] = [];
      sub = nc.subscribe(subject, {
        callback: (_error, msg) => {
          seen.push(msg.headers?.get('x-civic-actor'));
          msg.respond(
            JSON.stringify({
              id: msg.json<{ id: string }>().id,
              isDisposed: true,
              response: {
                service: 'payments',
                version: 'test',
                uptimeSeconds: 1,
                correlationId: msg.headers?.get('x-correlation-id') ?? null,
                traceId: null,
                actor: msg.headers?.get('x-civic-actor') ?? null,
              },
            }),
          );
        },
      });
      await nc.flush();
      const reply = await ask();
      expect(reply.status).toBe(200);
      const auditor = users.get('auditor') as string;
      expect(reply.body).toMatchObject({ service: 'payments', actor: `user:${auditor}:auditor` });
      expect(seen).toEqual([`user:${auditor}:auditor`]);
      expectProblem(
        await call(gateway, 'GET', '/api/v1/services/nonsense/status', {
          token: tokens.get('auditor'),
        }),
        422,
        'VALIDATION_FAILED',
      );
    });
  });
});
