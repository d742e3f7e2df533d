/**
 * The gateway's routes and who may call each, read from the controllers' Nest metadata (the
 * access policies the gateway enforces): the access matrix test walks every route × every
 * role with them, and the API contract runs tell apart what the acting role may call.
 */
import 'reflect-metadata';
import type { DynamicModule, Type } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ROLES } from '#contracts';
import { loadConfig } from '#platform';
import {
  ACCESS_POLICY,
  type AccessPolicy,
} from '../../apps/gateway/src/access/access.decorators.js';
import { GatewayConfig } from '../../apps/gateway/src/config.js';
import { GatewayModule } from '../../apps/gateway/src/gateway.module.js';

export interface RouteInfo {
  /** `GET`, `POST`, ... */
  method: string;
  /** Nest's pattern: `/api/v1/payments/:id`. */
  path: string;
  policy: AccessPolicy | undefined;
  /** `GET /api/v1/payments/:id` */
  label: string;
}

/** Every route of the gateway's controllers, read from Nest's metadata. */
export function gatewayRoutes(): RouteInfo[] {
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
  const routes: RouteInfo[] = [];
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
      const policy = (Reflect.getMetadata(ACCESS_POLICY, handler) ??
        Reflect.getMetadata(ACCESS_POLICY, controller)) as AccessPolicy | undefined;
      const verb = RequestMethod[method];
      routes.push({ method: verb, path, policy, label: `${verb} ${path}` });
    }
  }
  return routes.sort((a, b) => a.label.localeCompare(b.label));
}

export const WHO = ['anonymous', ...ROLES] as const;
export type Who = (typeof WHO)[number];

/** Whether the route's policy lets `who` through. */
export const allowed = (policy: AccessPolicy | undefined, who: Who): boolean =>
  policy?.kind === 'public' ||
  (who !== 'anonymous' &&
    (policy?.kind === 'authenticated' || (policy?.kind === 'roles' && policy.roles.includes(who))));

/** The route's name in the OpenAPI document: `GET /api/v1/payments/{id}`. */
export const openApiName = (route: RouteInfo): string =>
  `${route.method} ${route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;
