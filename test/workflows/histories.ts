import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { temporal } from '@temporalio/proto';
import { repoRoot } from '#devstack';
import { historyFromJson } from './history-json.js';

/**
 * Recorded workflow histories: `workflows/<folder>/histories/<path>.<n>.json`, written once by
 * `npm run workflows:record` and never changed after (append-only: see appendOnlyViolations).
 * Each file holds the workflow id it ran under, so the replay passes that id explicitly.
 */
export interface HistoryFile {
  workflowId: string;
  workflowType: string;
  /** The path it recorded (test/workflows/*.paths.ts). */
  path: string;
  /** Temporal's JSON form of the history (proto3 JSON, as `temporal workflow show -o json`). */
  history: unknown;
}

export interface RecordedHistory extends HistoryFile {
  /** Relative to the repository root. */
  file: string;
}

/** Relative to the repository root, as git names it. */
export const historiesDir = (folder: string): string => `workflows/${folder}/histories`;

const HISTORY_NAME = /^(?<path>[a-z0-9-]+)\.(?<n>[1-9][0-9]*)\.json$/;

/** The recordings of one workflow folder, sorted by file name. */
export function readHistories(folder: string): RecordedHistory[] {
  const dir = join(repoRoot, historiesDir(folder));
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const file = `${historiesDir(folder)}/${name}`;
      if (!HISTORY_NAME.test(name))
        throw new Error(`${file}: a history is named <path>.<n>.json (e.g. worker-check.1.json)`);
      const parsed = JSON.parse(readFileSync(join(repoRoot, file), 'utf8')) as HistoryFile;
      return { ...parsed, file };
    });
}

/** The recording's history in the replayer's form. */
export const historyOf = (recorded: RecordedHistory): temporal.api.history.v1.IHistory =>
  historyFromJson(recorded.history);

/** `<path>.<n>.json` with n one past the highest recorded for that path. */
export function nextHistoryName(folder: string, path: string): string {
  const taken = readHistories(folder)
    .map((h) => HISTORY_NAME.exec(h.file.split('/').at(-1) ?? '')?.groups)
    .filter((groups) => groups?.path === path)
    .map((groups) => Number(groups?.n));
  return `${path}.${Math.max(0, ...taken) + 1}.json`;
}

const git = (args: string[]): string =>
  execFileSync('git', args, {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

/**
 * Committed histories are append-only. For every history file any commit ever added, the
 * working tree must still hold it, byte for byte as the commit that first added it (compared
 * by git's blob ids, so line-ending filters do not matter). A history changed or deleted and
 * then committed fails here for as long as the change stands, so re-recording cannot hide a
 * workflow change that breaks running workflows. Files not yet committed are free.
 *
 * Throws when the git history cannot answer: no git, no repository, or a shallow clone
 * (whose oldest commit seems to add every file, so an earlier version would go unseen).
 */
export function appendOnlyViolations(): string[] {
  let shallow: string;
  try {
    shallow = git(['rev-parse', '--is-shallow-repository']).trim();
  } catch (error) {
    throw new Error(
      `cannot read the git history of ${repoRoot}, so cannot check that committed workflow ` +
        `histories were never changed: run the tests in a git clone. (${(error as Error).message.trim()})`,
      { cause: error },
    );
  }
  if (shallow !== 'false')
    throw new Error(
      'this is a shallow git clone: the check that committed workflow histories were never ' +
        'changed needs the whole history. Run `git fetch --unshallow` (in CI: fetch-depth 0).',
    );
  // Oldest first: the first commit that names a file is the one that first added it.
  const log = git([
    'log',
    '--reverse',
    '--no-renames',
    '--diff-filter=A',
    '--format=commit %H',
    '--name-only',
    '--',
    ':(glob)workflows/*/histories/*.json',
  ]);
  const firstAdded = new Map<string, string>();
  let commit = '';
  for (const line of log.split('\n')) {
    if (line.startsWith('commit ')) commit = line.slice('commit '.length);
    else if (line.trim() !== '' && !firstAdded.has(line)) firstAdded.set(line, commit);
  }
  const violations: string[] = [];
  const present: string[] = [];
  for (const [file, added] of firstAdded) {
    if (existsSync(join(repoRoot, file))) present.push(file);
    else violations.push(`${file} (added in ${added.slice(0, 12)}) was removed`);
  }
  if (present.length === 0) return violations;
  const committed = git(['rev-parse', ...present.map((file) => `${firstAdded.get(file)}:${file}`)])
    .trim()
    .split('\n');
  const current = git(['hash-object', '--', ...present])
    .trim()
    .split('\n');
  present.forEach((file, i) => {
    if (committed[i] !== current[i])
      violations.push(
        `${file} differs from the version first committed in ${firstAdded.get(file)?.slice(0, 12)}`,
      );
  });
  return violations;
}
