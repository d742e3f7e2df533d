/**
 * Every state-changing route of the gateway says whether it takes an `Idempotency-Key`, read
 * from the controllers' metadata (a new POST without a declaration fails here), and the
 * header's form is checked before any command runs.
 */
import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import {
  RequestMethod,
  type DynamicModule,
  type ExecutionContext,
  type Type,
} from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import { loadConfig, ProblemException } from '#platform';
import { GatewayConfig } from '../config.js';
import { GatewayModule } from '../gateway.module.js';
import { IdempotencyKeyGuard } from './idempotency-key.guard.js';
import { keepsAnswer } from './idempotency.hook.js';
import { IDEMPOTENCY, NO_IDEMPOTENCY_REASON } from './idempotency.constants.js';

interface Route {
  label: string;
  method: string;
  mode: unknown;
  reason: unknown;
}

/** Every route of the gateway's controllers with its declaration. */
function gatewayRoutes(): Route[] {
  const controllers = new Set<Type>();
  const walk = (module: DynamicModule | Type): void => {
    const dynamic = module as DynamicModule;
    for (const c of dynamic.controllers ?? []) controllers.add(c);
    for (const c of (Reflect.getMetadata('controllers', module) ?? []) as Type[])
      controllers.add(c);
    for (const child of [
      ...(dynamic.imports ?? []),
      ...((Reflect.getMetadata('imports', module) ?? []) as []),
    ])
      if (child && typeof child === 'object' && 'module' in child) walk(child);
  };
  walk(GatewayModule.forRoot(loadConfig('gateway', GatewayConfig, {})));
  const routes: Route[] = [];
  for (const controller of controllers) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const sub = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
      const path = `/${[base, sub].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/');
      routes.push({
        label: `${RequestMethod[method]} ${path}`,
        method: RequestMethod[method],
        mode: Reflect.getMetadata(IDEMPOTENCY, handler),
        reason: Reflect.getMetadata(NO_IDEMPOTENCY_REASON, handler),
      });
    }
  }
  return routes.sort((a, b) => a.label.localeCompare(b.label));
}

const contextOf = (
  headers: Readonly<Record<string, string | readonly string[]>>,
  handler: () => void,
) =>
  ({
    getType: () => 'http',
    getHandler: () => handler,
    getClass: () => Object,
    switchToHttp: () => ({ getRequest: () => ({ headers }) }),
  }) as unknown as ExecutionContext;

const handlerWith = (mode?: string): (() => void) => {
  const handler = () => undefined;
  if (mode) Reflect.defineMetadata(IDEMPOTENCY, mode, handler);
  return handler;
};

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    const problem = error as ProblemException;
    return { status: problem.status, code: problem.code, errors: problem.errors };
  }
  return undefined;
};

describe('Idempotency-Key', () => {
  const routes = gatewayRoutes();

  it('is declared on every POST route: required, optional, or not accepted with a reason', () => {
    const posts = routes.filter((r) => r.method === 'POST');
    expect(posts.length).toBeGreaterThanOrEqual(9);
    expect(
      posts
        .filter(
          (r) =>
            !['required', 'optional', 'not-accepted'].includes(String(r.mode)) ||
            (r.mode === 'not-accepted' && !(typeof r.reason === 'string' && r.reason.length > 20)),
        )
        .map((r) => r.label),
    ).toEqual([]);
    expect(
      Object.fromEntries(posts.map((r) => [r.label, r.mode])) as Record<string, unknown>,
    ).toMatchObject({
      'POST /api/v1/users': 'optional',
      'POST /api/v1/users/:id/deactivate': 'optional',
      'POST /api/v1/auth/register': 'optional',
      'POST /api/v1/auth/totp/confirm': 'optional',
      'POST /api/v1/audit/tree-heads': 'optional',
      'POST /api/v1/reconciliation/reports': 'optional',
      'POST /api/v1/auth/login': 'not-accepted',
      'POST /api/v1/auth/refresh': 'not-accepted',
    });
  });

  it('is taken by no read', () => {
    expect(routes.filter((r) => r.method === 'GET' && r.mode).map((r) => r.label)).toEqual([]);
  });

  const guard = new IdempotencyKeyGuard(new Reflector());
  const key = '0193a1d2-7c4e-7b1a-9f0e-2d3c4b5a6978';

  it('passes a well-formed key where taken, and no key where optional or not taken', () => {
    expect(guard.canActivate(contextOf({ 'idempotency-key': key }, handlerWith('optional')))).toBe(
      true,
    );
    expect(guard.canActivate(contextOf({ 'idempotency-key': 'a' }, handlerWith('required')))).toBe(
      true,
    );
    expect(guard.canActivate(contextOf({}, handlerWith('optional')))).toBe(true);
    expect(guard.canActivate(contextOf({}, handlerWith()))).toBe(true);
  });

  it.each([
    ['missing where required', {}, 'required', 'REQUIRED'],
    ['sent where not declared', { 'idempotency-key': key }, undefined, 'NOT_ACCEPTED'],
    ['sent where not accepted', { 'idempotency-key': key }, 'not-accepted', 'NOT_ACCEPTED'],
    ['with other characters', { 'idempotency-key': 'a_b' }, 'optional', 'MATCHES'],
    ['empty', { 'idempotency-key': '' }, 'optional', 'MATCHES'],
    ['longer than 255', { 'idempotency-key': 'a'.repeat(256) }, 'optional', 'MATCHES'],
    ['sent twice', { 'idempotency-key': [key, key] }, 'optional', 'MATCHES'],
  ] as const)('is refused %s: 422 naming the header', (_what, headers, mode, code) => {
    expect(refusal(() => guard.canActivate(contextOf(headers, handlerWith(mode))))).toEqual({
      status: 422,
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'Idempotency-Key', code, message: expect.any(String) as unknown }],
    });
  });

  it('keeps answers to the command, not refusals of the request nor our failures', () => {
    expect([200, 201, 204, 403, 404, 409].filter(keepsAnswer)).toEqual([
      200, 201, 204, 403, 404, 409,
    ]);
    expect([400, 413, 415, 422, 429, 500, 502, 503, 504].filter(keepsAnswer)).toEqual([]);
  });
});
