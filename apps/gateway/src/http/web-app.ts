import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';

/**
 * The web UI's pages (docs/web.md) may run scripts, styles, fonts and images of their own
 * origin only, and talk to it only: no inline script, nothing from elsewhere, never framed.
 * `blob:` images and `data:` frames are the staff's document previews: the bytes the page
 * fetched from the API in an `<img>`, or a PDF in a frame of its own opaque origin.
 */
export const WEB_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  'frame-src data:',
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Paths the web UI never answers: the API's (and the docs'), Open311's. */
const NOT_THE_APP = /^\/(api|open311)(\/|$)/;

/** The built app beside the compiled gateway: dist/apps/gateway/src/http → dist/web. */
export const defaultWebRoot = (): string =>
  fileURLToPath(new URL('../../../../web/', import.meta.url));

/**
 * Serves the built web UI under `/`: its files as they are (the hashed ones under /assets cached
 * for a year, index.html never without asking again), and index.html for any other GET of a path
 * outside /api and /open311 that no route has, so the app's own routes load it (a single-page
 * app's fallback). Everything under /api and /open311 is answered as before, 404s included.
 * Without a build (no index.html in `root`), the gateway serves the API only and says so.
 */
export async function serveWebApp(
  app: NestFastifyApplication,
  root: string,
  logger: Logger,
): Promise<void> {
  if (!existsSync(`${root}/index.html`)) {
    logger.warn(`no web UI at ${root} (npm run build makes it): serving the API only`);
    return;
  }
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(fastifyStatic, {
    root,
    prefix: '/',
    // One route per built file, made at start: no file-system lookup for any other path.
    wildcard: false,
    index: false,
    cacheControl: false,
    // The build wrote each text file's .br and .gz beside it (deploy/web.mjs): sent as the
    // request's Accept-Encoding allows, with Vary: Accept-Encoding.
    preCompressed: true,
    etag: true,
    lastModified: false,
    setHeaders: (reply, path) => {
      void reply
        .header('content-security-policy', WEB_CONTENT_SECURITY_POLICY)
        .header(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
    },
  });
  fastify.addHook('onRequest', async (request, reply: FastifyReply) => {
    if (!request.is404 || (request.method !== 'GET' && request.method !== 'HEAD')) return;
    const path = request.url.split('?')[0] ?? '';
    if (NOT_THE_APP.test(path) || path.startsWith('/assets/')) return;
    void reply
      .header('content-security-policy', WEB_CONTENT_SECURITY_POLICY)
      .header('cache-control', 'no-cache');
    await reply.sendFile('index.html');
    return reply;
  });
}
