import { createReadStream, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { trustedLogKeys } from '../../deploy/trusted-log-keys.mjs';

/**
 * The web UI (docs/web.md). GOV.UK Frontend's compiled CSS asks for its fonts and images at
 * /assets/fonts and /assets/images; this plugin serves them from node_modules in development
 * and copies them into the build (their names carry a content hash already).
 */
/** @returns {import('vite').Plugin} */
const govukAssets = () => {
  const dist = fileURLToPath(
    new URL('../../node_modules/govuk-frontend/dist/govuk/assets/', import.meta.url),
  );
  const files = [
    'fonts/light-94a07e06a1-v2.woff2',
    'fonts/light-f591b13f7d-v2.woff',
    'fonts/bold-b542beb274-v2.woff2',
    'fonts/bold-affa96571d-v2.woff',
    'images/favicon.ico',
    'images/favicon.svg',
  ];
  return {
    name: 'civic-govuk-assets',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const file = files.find((name) => request.url === `/assets/${name}`);
        if (!file) return next();
        const types = {
          woff2: 'font/woff2',
          woff: 'font/woff',
          ico: 'image/x-icon',
          svg: 'image/svg+xml',
        };
        response.setHeader('content-type', types[file.slice(file.lastIndexOf('.') + 1)]);
        createReadStream(`${dist}${file}`).pipe(response);
      });
    },
    generateBundle() {
      for (const file of files)
        this.emitFile({
          type: 'asset',
          fileName: `assets/${file}`,
          source: readFileSync(`${dist}${file}`),
        });
    },
  };
};

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [govukAssets()],
  // The audit log's public keys, pinned into the bundle (src/verification/trusted-keys.ts).
  define: { __CIVIC_TRUSTED_LOG_KEYS__: JSON.stringify(trustedLogKeys().keys) },
  oxc: { jsx: { runtime: 'automatic' } },
  // GOV.UK Frontend's compiled CSS keeps an old Internet Explorer hack (`@media screen\0`) that
  // Lightning CSS refuses; it drops those rules (no modern browser reads them) and goes on.
  css: { lightningcss: { errorRecovery: true } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // .vite/manifest.json: each route's chunks, which deploy/web-size.mjs weighs.
    manifest: true,
    reportCompressedSize: false,
  },
  server: {
    port: Number(process.env.WEB_DEV_PORT ?? 5173),
    // The gateway (npm start) answers the API; the dev server only the app.
    proxy: { '/api': process.env.WEB_API_URL ?? 'http://127.0.0.1:3000' },
  },
});
