import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** A post that got no answer in time: its `name` is `TimeoutError`, as `AbortSignal.timeout`'s. */
export class PostTimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

const agents = {
  http: new HttpAgent({ keepAlive: true, maxSockets: 256 }),
  https: new HttpsAgent({ keepAlive: true, maxSockets: 256 }),
};

/**
 * Posts a webhook on kept-alive connections (node:http) and resolves with the answer's status
 * once its body has been read; `fetch` (undici's streams, a Request and a Response per post)
 * cost the sandbox about twice the CPU per webhook. A network failure rejects with the socket's
 * error as its `cause`; no answer within `timeoutMs` rejects with a `PostTimeoutError`.
 */
export function httpPost(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<number> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const bytes = Buffer.from(body);
  return new Promise<number>((resolve, reject) => {
    const request = (secure ? httpsRequest : httpRequest)(
      target,
      {
        method: 'POST',
        agent: secure ? agents.https : agents.http,
        headers: { ...headers, 'content-length': String(bytes.length) },
      },
      (response) => {
        response.resume();
        response.on('end', () => {
          clearTimeout(timer);
          resolve(response.statusCode ?? 0);
        });
        response.on('error', fail);
      },
    );
    const timer = setTimeout(() => {
      const error = new PostTimeoutError(`no answer within ${timeoutMs} ms`);
      request.destroy(error);
      reject(error);
    }, timeoutMs);
    function fail(error: Error): void {
      clearTimeout(timer);
      reject(new Error(error.message, { cause: error }));
    }
    request.on('error', (error) => {
      if (error instanceof PostTimeoutError) return;
      fail(error);
    });
    request.end(bytes);
  });
}
