import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The security headers helmet sets for `options`, computed once. Without CSP nonces they are
 * the same on every response, so an app applies the finished set to each reply instead of
 * running helmet's middlewares, and their validated `setHeader` calls, per request (that was
 * a twentieth of the gateway's time for a forwarded read).
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let finished = false;
  let failure: Error | undefined;
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error) => {
    if (error !== undefined && error !== null)
      failure = new Error('helmet refused its options', { cause: error });
    finished = true;
  });
  if (!finished || failure)
    throw new Error(`helmet did not set its headers: ${failure?.message ?? 'not synchronous'}`);
  return headers;
}
