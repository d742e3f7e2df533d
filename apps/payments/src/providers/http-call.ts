import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** What a provider's API answered. */
export interface HttpAnswer {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  text: string;
}

/** A call that got no answer in time: its `name` is `TimeoutError`, as `AbortSignal.timeout`'s. */
export class HttpTimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

const agents = {
  http: new HttpAgent({ keepAlive: true, maxSockets: 256 }),
  https: new HttpsAgent({ keepAlive: true, maxSockets: 256 }),
};

/**
 * One HTTP call to a provider's API on kept-alive connections (node:http). `fetch` (undici's
 * streams, a Request and a Response per call) cost the payments service about twice the CPU per
 * call. A network failure rejects with the socket's error (`code`: `ECONNREFUSED`, ...) as its
 * `cause`; no answer within `timeoutMs` rejects with an `HttpTimeoutError`.
 */
export function httpCall(
  url: string,
  options: { method: string; headers: Record<string, string>; body?: string; timeoutMs: number },
): Promise<HttpAnswer> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  return new Promise<HttpAnswer>((resolve, reject) => {
    const request = (secure ? httpsRequest : httpRequest)(
      target,
      {
        method: options.method,
        agent: secure ? agents.https : agents.http,
        headers: {
          ...options.headers,
          ...(body ? { 'content-length': String(body.length) } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          clearTimeout(timer);
          resolve({
            status: response.statusCode ?? 0,
            statusText: response.statusMessage ?? '',
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
        response.on('error', fail);
      },
    );
    const timer = setTimeout(() => {
      const error = new HttpTimeoutError(`no answer within ${options.timeoutMs} ms`);
      request.destroy(error);
      reject(error);
    }, options.timeoutMs);
    function fail(error: Error): void {
      clearTimeout(timer);
      reject(new Error(error.message, { cause: error }));
    }
    request.on('error', (error) => {
      if (error instanceof HttpTimeoutError) return;
      fail(error);
    });
    request.end(body);
  });
}
