/** A real gateway process for integration tests, and helpers to call it. */
import { expect } from '@jest/globals';
import { freePort, type ManagedProcess } from '#devstack';
import { keyPem, startTestApp } from './apps.js';

export { keyPem };
export const GATEWAY_KEY = keyPem();
export const ISSUER = 'urn:civic:gateway';
export const AUDIENCE = 'urn:civic:api';

export interface Gateway {
  url: string;
  process: ManagedProcess;
}

export async function startGateway(overrides: NodeJS.ProcessEnv = {}): Promise<Gateway> {
  const port = await freePort();
  const process_ = await startTestApp('gateway', {
    GATEWAY_PORT: String(port),
    GATEWAY_JWT_PRIVATE_KEY: GATEWAY_KEY,
    GATEWAY_AUTH_RATE_LIMIT_PER_MINUTE: '10000',
    GATEWAY_ACCOUNT_RATE_LIMIT_PER_MINUTE: '10000',
    GATEWAY_LOGIN_MAX_FAILURES: '3',
    GATEWAY_LOCKOUT_SECONDS: '30',
    ...overrides,
  });
  return { url: `http://127.0.0.1:${port}`, process: process_ };
}

export interface Reply {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export const call = async (
  gateway: Gateway,
  method: string,
  path: string,
  options: {
    body?: unknown;
    raw?: string;
    token?: string;
    contentType?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Reply> => {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined || options.raw !== undefined)
    headers['content-type'] = options.contentType ?? 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${gateway.url}${path}`, {
    method,
    headers,
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
};

/** A problem+json response with this status and code (and the correlation id). */
export const expectProblem = (reply: Reply, status: number, code: string) => {
  expect({ status: reply.status, code: reply.body.code }).toEqual({ status, code });
  expect(reply.headers.get('content-type')).toContain('application/problem+json');
  expect(reply.body).toMatchObject({ status, title: expect.any(String) as unknown });
  expect(reply.body.type).toMatch(/^urn:civic:problem:/);
  expect(reply.body.correlationId).toBe(reply.headers.get('x-correlation-id'));
};

/** The reply's body when its status is `status`; else an error naming both. */
export const expectStatus = (reply: Reply, status: number): Record<string, unknown> => {
  if (reply.status !== status)
    throw new Error(`expected ${status}, got ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body;
};
