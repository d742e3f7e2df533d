import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { call, expectProblem, startGateway, type Gateway } from '../factories/gateway.js';

interface Document {
  openapi: string;
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
  components: { schemas: Record<string, { additionalProperties?: boolean; properties?: object }> };
}

/**
 * What the API contract test (test/contract) relies on, shown directly: a path's other methods
 * are 405 with Allow, and the document declares what the gateway checks. The contract test
 * fuzzes the whole document; these pin the rules it found broken once.
 */
describe('gateway: the HTTP contract', () => {
  let gateway: Gateway;
  let document: Document;

  beforeAll(async () => {
    gateway = await startGateway();
    document = (await call(gateway, 'GET', '/api/docs-json')).body as unknown as Document;
  });

  afterAll(async () => {
    await gateway?.process.stop();
  });

  it('answers a method a path does not have with 405 and Allow, before anything else', async () => {
    const status = await call(gateway, 'DELETE', '/api/v1/status');
    expectProblem(status, 405, 'METHOD_NOT_ALLOWED');
    expect(status.headers.get('allow')).toBe('GET, HEAD');
    // No credentials, no body, an unknown method: still 405, not 401, 400 or 404.
    // (GET lists the staff accounts for the admin's page, POST makes one.)
    const users = await call(gateway, 'PATCH', '/api/v1/users');
    expect({ status: users.status, allow: users.headers.get('allow') }).toEqual({
      status: 405,
      allow: 'GET, HEAD, POST',
    });
    const query = await call(gateway, 'QUERY', '/api/v1/audit/entries/7');
    expect({ status: query.status, allow: query.headers.get('allow') }).toEqual({
      status: 405,
      allow: 'GET, HEAD',
    });
    const twoFactor = await call(gateway, 'GET', '/api/v1/roles/clerk/two-factor');
    expect({ status: twoFactor.status, allow: twoFactor.headers.get('allow') }).toEqual({
      status: 405,
      allow: 'PUT',
    });
  });

  it('still answers a path no route has with 404', async () => {
    expectProblem(await call(gateway, 'DELETE', '/api/v1/nothing-here'), 404, 'NOT_FOUND');
  });

  it('serves an OpenAPI 3.1 document that declares every path parameter', () => {
    expect(document.openapi).toBe('3.1.0');
    for (const [path, item] of Object.entries(document.paths))
      for (const [method, operation] of Object.entries(item)) {
        const declared = (operation.parameters ?? [])
          .filter((p) => p.in === 'path')
          .map((p) => p.name)
          .sort();
        const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        expect({ operation: `${method} ${path}`, declared }).toEqual({
          operation: `${method} ${path}`,
          declared: inPath,
        });
      }
  });

  it('declares that request bodies refuse unknown fields, and strings it refuses empty', async () => {
    const { schemas } = document.components;
    for (const name of [
      'RegisterDto',
      'LoginDto',
      'RefreshDto',
      'TotpCodeDto',
      'CreateStaffUserDto',
    ])
      expect({ name, closed: schemas[name]?.additionalProperties }).toEqual({
        name,
        closed: false,
      });
    expect(schemas.LoginDto?.properties).toMatchObject({ password: { minLength: 1 } });
    expect(schemas.RefreshDto?.properties).toMatchObject({ refreshToken: { minLength: 1 } });
    const login = await call(gateway, 'POST', '/api/v1/auth/login', {
      body: { email: 'ana@example.org', password: 'x', extra: 1 },
    });
    expectProblem(login, 422, 'VALIDATION_FAILED');
    expect(login.body.errors).toEqual([
      { field: 'extra', code: 'UNKNOWN_FIELD', message: 'extra is not a known field' },
    ]);
  });

  it('types the ids the status page passes on as strings', () => {
    const service = document.components.schemas.ServiceStatusDto?.properties;
    expect(service).toMatchObject({
      correlationId: { type: ['string', 'null'] },
      traceId: { type: ['string', 'null'] },
    });
  });
});
