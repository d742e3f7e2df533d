import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The browser's session: its refresh token in an HttpOnly, SameSite=Strict, Secure cookie that
 * only the auth routes receive (Path), so that no script can read it and no other site can
 * send it. The access token stays in the page's memory. Login and refresh set it, a refresh
 * without a body reads it, and logout clears it; other clients keep using the JSON tokens.
 */
export const REFRESH_COOKIE = 'civic_refresh';
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

const attributes = `Path=${REFRESH_COOKIE_PATH}; HttpOnly; Secure; SameSite=Strict`;

/** The Set-Cookie value that keeps this refresh token for the session's lifetime. */
export const refreshCookie = (refreshToken: string, sessionTtlDays: number): string =>
  `${REFRESH_COOKIE}=${refreshToken}; Max-Age=${sessionTtlDays * 86_400}; ${attributes}`;

/** The Set-Cookie value that removes the cookie. */
export const clearedRefreshCookie = (): string =>
  `${REFRESH_COOKIE}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; ${attributes}`;

/** The refresh token of the request's cookie, if it has one. */
export const refreshTokenOfCookie = (request: FastifyRequest): string | undefined => {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim() !== REFRESH_COOKIE) continue;
    const value = pair.slice(at + 1).trim();
    return value.length > 0 && value.length <= 200 ? value : undefined;
  }
  return undefined;
};

export const setRefreshCookie = (reply: FastifyReply, value: string): void => {
  reply.header('set-cookie', value);
};

/** OpenAPI: the Set-Cookie header of the answers that set or clear the cookie. */
export const SET_COOKIE_HEADER = {
  'Set-Cookie': {
    description: `\`${REFRESH_COOKIE}\`: the refresh token for browsers (HttpOnly; Secure; SameSite=Strict; Path=${REFRESH_COOKIE_PATH}).`,
    schema: { type: 'string' as const },
  },
};

export const CLEAR_COOKIE_HEADER = {
  'Set-Cookie': {
    description: `\`${REFRESH_COOKIE}\` cleared (Max-Age=0).`,
    schema: { type: 'string' as const },
  },
};

/**
 * OpenAPI: the cookie parameter of the routes that read it (no `@nestjs/swagger` decorator
 * describes a cookie parameter; this adds one to the operation's parameters as `@ApiHeader` does
 * for a header).
 */
export const ApiRefreshCookie =
  (): MethodDecorator =>
  (_target, _key, descriptor: PropertyDescriptor): PropertyDescriptor => {
    const key = 'swagger/apiParameters';
    const existing = (Reflect.getMetadata(key, descriptor.value as object) ?? []) as unknown[];
    Reflect.defineMetadata(
      key,
      [
        ...existing,
        {
          name: REFRESH_COOKIE,
          in: 'cookie',
          required: false,
          description:
            'The refresh token that login and refresh set for browsers; read when the body has none.',
          schema: { type: 'string', minLength: 1, maxLength: 200 },
        },
      ],
      descriptor.value as object,
    );
    return descriptor;
  };
