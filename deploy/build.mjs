#!/usr/bin/env node
// Build: SWC compiles apps/, libs/, workflows/ and test/ to dist/ (no type check: `npm run
// typecheck` and `npm run lint` do that), then the workflow code is bundled once for the
// worker. The bundle is rebuilt only when the compiled workflows changed. Last, the web UI
// (deploy/web.mjs: its API types from the gateway's OpenAPI document, type-checked, bundled
// by Vite into dist/web), rebuilt only when the gateway or the web app changed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const started = Date.now();

const swc = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules/@swc/cli/bin/swc.js'),
    'apps',
    'libs',
    'workflows',
    'test',
    '-d',
    'dist',
    '--copy-files',
    '--quiet',
    '--ignore',
    '**/*.spec.ts,**/*.medium-spec.ts,**/*.medium-fixture.ts,**/*.d.ts,apps/web/**',
  ],
  { cwd: root, stdio: 'inherit' },
);
if (swc.status !== 0) process.exit(swc.status ?? 1);

const workflowsDir = join(root, 'dist/workflows');
const hash = createHash('sha256');
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.js') && name !== 'bundle.js')
      hash.update(path).update(readFileSync(path));
  }
};
walk(workflowsDir);
walk(join(root, 'dist/libs/contracts'));
const digest = hash.digest('hex');
const bundlePath = join(workflowsDir, 'bundle.js');
const stampPath = join(workflowsDir, 'bundle.sha256');
if (
  !existsSync(bundlePath) ||
  !existsSync(stampPath) ||
  readFileSync(stampPath, 'utf8') !== digest
) {
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  const { code } = await bundleWorkflowCode({
    workflowsPath: join(workflowsDir, 'index.js'),
    workflowInterceptorModules: [join(workflowsDir, 'interceptors.js')],
    logger: {
      log() {},
      trace() {},
      debug() {},
      info() {},
      warn: console.warn,
      error: console.error,
    },
  });
  writeFileSync(bundlePath, code);
  writeFileSync(stampPath, digest);
}
// The web UI: its API client's types from the gateway's document, its type check, its bundle.
const webBuild = spawnSync(process.execPath, [join(root, 'deploy/web.mjs')], {
  cwd: root,
  stdio: 'inherit',
});
if (webBuild.status !== 0) process.exit(webBuild.status ?? 1);
console.log(`build: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
