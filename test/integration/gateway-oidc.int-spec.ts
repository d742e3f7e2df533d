/**
 * Tokens of an external OpenID Connect provider: accepted when its issuer and JWKS URL are
 * configured, with the role from a configured claim; refused when anything is off. The
 * provider here is a JWKS endpoint this test serves, with a key only it holds.
 */
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import pg from 'pg';
import { freePort } from '#devstack';
import { eventually, testEnv } from '#testing';
import { call, expectProblem, startGateway, type Gateway } from '../factories/gateway.js';

const ISSUER = 'https://idp.city.example/realms/staff';
const AUDIENCE = 'civic-platform';

describe('gateway: tokens of an external OpenID Connect provider', () => {
  let gateway: Gateway;
  let jwks: Server;
  let providerKey: CryptoKey;
  let db: pg.Client;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    providerKey = privateKey;
    const jwk = { ...(await exportJWK(publicKey)), kid: 'idp-key-1', alg: 'RS256', use: 'sig' };
    const port = await freePort();
    jwks = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(port, '127.0.0.1', resolve));
    gateway = await startGateway({
      GATEWAY_OIDC_ISSUER: ISSUER,
      GATEWAY_OIDC_JWKS_URL: `http://127.0.0.1:${port}/jwks`,
      GATEWAY_OIDC_AUDIENCE: AUDIENCE,
      GATEWAY_OIDC_ROLES_CLAIM: 'civic_roles',
    });
    db = new pg.Client({
      connectionString: testEnv().databaseUrl,
      options: '-c search_path=identity',
    });
    await db.connect();
  });

  afterAll(async () => {
    await gateway?.process.stop('SIGTERM', 15_000);
    await new Promise((resolve) => jwks?.close(resolve));
    await db?.end();
  });

  const token = (
    claims: Record<string, unknown>,
    options: { audience?: string; key?: CryptoKey; expires?: string | number; sub?: string } = {},
  ) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'idp-key-1' })
      .setIssuer(ISSUER)
      .setAudience(options.audience ?? AUDIENCE)
      .setSubject(options.sub ?? 'staff-42')
      .setIssuedAt()
      .setExpirationTime(options.expires ?? '5m')
      .sign(options.key ?? providerKey);

  it("accepts the provider's token, with the role from the configured claim, and gives the person an account", async () => {
    const sub = `staff-${randomUUID().slice(0, 8)}`;
    const bearer = await token(
      { civic_roles: ['unrelated', 'inspector'], email: `${sub}@city.example`, name: 'Ines' },
      { sub },
    );
    const me = await call(gateway, 'GET', '/api/v1/auth/me', { token: bearer });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: `${sub}@city.example`, role: 'inspector' });
    const again = await call(gateway, 'GET', '/api/v1/auth/me', { token: bearer });
    expect(again.body.id).toBe(me.body.id);

    // Deactivated here, refused at once, whatever the provider says.
    await db.query(`UPDATE users SET status = 'deactivated' WHERE id = $1`, [me.body.id]);
    await eventually(async () => {
      const reply = await call(gateway, 'GET', '/api/v1/auth/me', { token: bearer });
      return reply.status === 401 ? true : undefined;
    }, 5_000);
  });

  it.each([
    ['for another audience', () => token({ civic_roles: ['clerk'] }, { audience: 'other-app' })],
    [
      'signed with a key the provider does not publish',
      async () =>
        token(
          { civic_roles: ['clerk'] },
          { key: (await generateKeyPair('RS256', { extractable: true })).privateKey },
        ),
    ],
    ['without a platform role', () => token({ civic_roles: ['mayor'] })],
    ['expired', () => token({ civic_roles: ['clerk'] }, { expires: 1_700_000_000 })],
  ])('refuses a token %s', async (_label, make) => {
    expectProblem(
      await call(gateway, 'GET', '/api/v1/auth/me', { token: await make() }),
      401,
      'IDENTITY.UNAUTHENTICATED',
    );
  });
});
