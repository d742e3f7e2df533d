import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ProblemException } from '#platform';

/** A route's URL pattern as a regular expression (`:name` matches one path segment). */
const patternOf = (url: string): RegExp =>
  new RegExp(
    `^${url
      .split('/')
      .map((segment) =>
        segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('/')}/?$`,
  );

/**
 * RFC 9110 §15.5.6: a request whose path is a route of the gateway but whose method is not
 * one of that route's is answered 405 with `Allow` naming the methods the path has, instead of
 * the 404 a path with no route gets. Routes are collected as they are registered, so every
 * controller's path is covered without a list to keep.
 */
export function answerUnknownMethodsWith405(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const routes = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  fastify.addHook('onRoute', (route) => {
    const entry = routes.get(route.url) ?? { pattern: patternOf(route.url), methods: new Set() };
    for (const method of [route.method].flat()) entry.methods.add(method.toUpperCase());
    routes.set(route.url, entry);
  });
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (!request.is404) return done();
    const path = request.url.split('?')[0] ?? '';
    const allowed = new Set<string>();
    for (const { pattern, methods } of routes.values())
      if (pattern.test(path)) for (const method of methods) allowed.add(method);
    if (allowed.size === 0 || allowed.has(request.method)) return done();
    const allow = [...allowed].sort().join(', ');
    done(
      new ProblemException(
        405,
        'METHOD_NOT_ALLOWED',
        'This method is not allowed here',
        `${request.method} is not a method of this path; it allows ${allow}`,
        undefined,
        { allow },
      ),
    );
  });
}
