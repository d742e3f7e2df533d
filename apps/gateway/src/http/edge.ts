import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { ProblemException } from '#platform';
import type { GatewayConfig } from '../config.js';

/** Routes that take credentials from anyone: the tightest limit per client address. */
const CREDENTIAL_ROUTES = new Set([
  '/api/v1/auth/login',
  '/api/v1/auth/register',
  '/api/v1/auth/refresh',
  '/api/v1/auth/claim',
]);

/** Routes anyone may call without logging in. */
const PUBLIC_PREFIXES = [
  '/api/v1/status',
  '/api/v1/audit/public-keys',
  '/open311/',
  '/api/docs',
  '/api/v1/dashboard',
  '/api/v1/open-data/',
];

/**
 * Public routes under a path that is otherwise for logged-in accounts: a permit's public
 * verification and its proof from the audit log.
 */
const PUBLIC_PATTERNS = [/^\/api\/v1\/permits\/[^/]+(\/proof)?$/];

type LimitClass = 'credentials' | 'public' | 'authenticated';

const limitClass = (request: FastifyRequest): LimitClass => {
  const path = request.url.split('?')[0] ?? '';
  if (CREDENTIAL_ROUTES.has(path)) return 'credentials';
  return PUBLIC_PREFIXES.some((p) => path.startsWith(p)) ||
    PUBLIC_PATTERNS.some((p) => p.test(path))
    ? 'public'
    : 'authenticated';
};

/**
 * The gateway's edge: CORS for the configured origins only, and rate limits per client
 * address (login, registration and refresh tightest; public endpoints looser; logged-in
 * requests are limited per account further in). A refusal is a 429 problem with Retry-After.
 */
export async function setUpEdge(app: NestFastifyApplication, config: GatewayConfig): Promise<void> {
  const origins = config.GATEWAY_CORS_ORIGINS.split(',').filter(Boolean);
  await app.register(cors, {
    origin: origins.length > 0 ? origins : false,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: [
      'authorization',
      'content-type',
      'x-correlation-id',
      'traceparent',
      'tracestate',
      'idempotency-key',
    ],
    exposedHeaders: ['x-correlation-id', 'retry-after', 'idempotent-replayed'],
    maxAge: 600,
  });
  await app.register(rateLimit, {
    global: true,
    timeWindow: 60_000,
    keyGenerator: (request) => `${limitClass(request)}:${request.ip}`,
    allowList: (request) => limitClass(request) === 'authenticated',
    max: (request) =>
      limitClass(request) === 'credentials'
        ? config.GATEWAY_AUTH_RATE_LIMIT_PER_MINUTE
        : config.GATEWAY_PUBLIC_RATE_LIMIT_PER_MINUTE,
    errorResponseBuilder: (_request, context) =>
      new ProblemException(
        429,
        'RATE_LIMITED',
        'Too many requests',
        `limit of ${context.max} per minute reached; retry in ${Math.ceil(context.ttl / 1_000)} s`,
        undefined,
        { 'retry-after': String(Math.ceil(context.ttl / 1_000)) },
      ),
  });
}
