/**
 * The web UI served by the real gateway under `/` (issue 16): the built files with a strict
 * Content-Security-Policy, hashed assets cached for a year, index.html for the app's own paths,
 * and /api and /open311 answered as before.
 */
import { readFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { repoRoot, run } from '#devstack';
import { call, expectProblem, startGateway, type Gateway } from '../factories/gateway.js';

const index = readFileSync(join(repoRoot, 'dist/web/index.html'), 'utf8');

describe('gateway: the web UI under /', () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await startGateway();
  });

  afterAll(async () => {
    await gateway?.process.stop('SIGTERM', 15_000);
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${gateway.url}${path}`, { headers });

  it('serves index.html at / and at the app’s own paths, never cached without asking, under a strict CSP', async () => {
    for (const path of ['/', '/sign-in', '/applications', '/verify?number=BP-P-2026-000001']) {
      const response = await get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      // Document previews: blob: images, data: frames (an opaque origin), never a plugin object.
      expect(csp).toContain("img-src 'self' data: blob:");
      expect(csp).toContain('frame-src data:');
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(await response.text()).toBe(index);
    }
  });

  it('has no inline script: every script of the page is a file of its own origin', () => {
    const scripts = [...index.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\ssrc="\/assets\/[^"]+\.js"/);
      expect(body?.trim()).toBe('');
    }
  });

  it('serves the hashed assets for a year, and GOV.UK Frontend’s fonts where its CSS asks', async () => {
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index)?.[1] ?? '';
    const styles = /href="(\/assets\/[^"]+\.css)"/.exec(index)?.[1] ?? '';
    for (const path of [script, styles, '/assets/fonts/bold-b542beb274-v2.woff2']) {
      const response = await get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
    expect((await get(script)).headers.get('content-type')).toContain('javascript');
    expect((await get(styles)).headers.get('content-type')).toContain('text/css');
  });

  it('sends the app compressed as the browser accepts (brotli, else gzip, else as it is), varying on Accept-Encoding', async () => {
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index)?.[1] ?? '';
    const original = readFileSync(join(repoRoot, 'dist/web', script));
    // node:http, not fetch: fetch asks for every encoding and decodes the answer itself.
    const raw = (path: string, acceptEncoding?: string) =>
      new Promise<{ headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        request(
          `${gateway.url}${path}`,
          { agent: false, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () =>
              resolve({ headers: response.headers, body: Buffer.concat(chunks) }),
            );
            response.on('error', reject);
          },
        )
          .on('error', reject)
          .end();
      });
    const br = await raw(script, 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers['content-type']).toContain('javascript');
    expect(br.body.length).toBeLessThan(original.length / 2);
    expect(brotliDecompressSync(br.body).equals(original)).toBe(true);
    const gz = await raw(script, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(original)).toBe(true);
    const plain = await raw(script);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(original)).toBe(true);
    // The page itself too, at the app's own paths, with its CSP.
    const page = await raw('/sign-in', 'br');
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(brotliDecompressSync(page.body).toString('utf8')).toBe(index);
  });

  it('leaves /api and /open311 as they were: their 404s are problems, not the app', async () => {
    expectProblem(await call(gateway, 'GET', '/api/v1/nothing-here'), 404, 'NOT_FOUND');
    expectProblem(await call(gateway, 'GET', '/api'), 404, 'NOT_FOUND');
    expect((await call(gateway, 'GET', '/api/v1/status')).status).toBe(200);
    const open311 = await get('/open311/v2/nothing-here');
    expect(open311.status).toBe(404);
    expect(open311.headers.get('content-type')).not.toContain('text/html');
    const missingAsset = await get('/assets/missing-0000.js');
    expect(missingAsset.status).toBe(404);
    expect(missingAsset.headers.get('content-type')).not.toContain('text/html');
  });

  it('answers only GET and HEAD with the app: another method on an app path is not the page', async () => {
    expectProblem(await call(gateway, 'POST', '/applications', { body: {} }), 404, 'NOT_FOUND');
    expect((await fetch(`${gateway.url}/sign-in`, { method: 'HEAD' })).status).toBe(200);
  });

  it('types the web UI’s client from the very document the gateway serves (written without a server)', async () => {
    const written = await run(
      process.execPath,
      [join(repoRoot, 'dist/apps/gateway/src/openapi-document.js')],
      {
        cwd: repoRoot,
        env: { PATH: process.env.PATH, LOG_LEVEL: 'error' },
      },
    );
    expect(written.code).toBe(0);
    const served = (await call(gateway, 'GET', '/api/docs-json')).body;
    expect(JSON.parse(written.output) as unknown).toEqual(served);
  });
});
