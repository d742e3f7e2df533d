// `npm test`'s Jest step: the tiers in two Jest processes side by side, each with its own
// servers (the global set-up starts a private PostgreSQL, NATS and Temporal per process, on
// free ports, in a temporary folder) and each running one test file at a time. Much of the
// browser and end-to-end tiers' time is waiting (workflow timers, a page's network), which the
// other process fills: on two cores the run takes about two thirds of the time one process
// took. Arguments are passed to both (a path or `-t` narrows both). Each process's lines are
// prefixed with its name; at the end each failure is named again, briefly, and one line sums both: "tests: N passed, N failed, N skipped".
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { describeFailures } from './summary-reporter.mjs';

// The contract tier's two halves (test/contract/contract-runs.ts) go one to each process: its
// eight schemathesis runs alone took a quarter of an hour on 2 cores, which left the slow
// process ten minutes behind the fast one. The workflow and medium tiers (about three minutes
// on a slow machine) go with the slow one: with them, the two took about as long on
// 2026-12-01's machine. `ignore` replaces Jest's default (node_modules).
const GROUPS = [
  {
    name: 'slow',
    projects: ['browser', 'e2e', 'workflows', 'medium', 'contract'],
    ignore: ['/node_modules/', '/test/contract/openapi-operations\\.contract-spec\\.ts$'],
  },
  {
    name: 'fast',
    projects: ['unit', 'integration', 'contract'],
    ignore: ['/node_modules/', '/test/contract/openapi\\.contract-spec\\.ts$'],
  },
];
const root = new URL('../..', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'civic-tiers-'));
const args = process.argv.slice(2);

const runGroup = ({ name, projects, ignore }) =>
  new Promise((resolve) => {
    const summaryFile = join(scratch, `${name}.json`);
    const child = spawn(
      process.execPath,
      [
        '--experimental-vm-modules',
        join(root, 'node_modules/jest/bin/jest.js'),
        '--maxWorkers=1',
        // A path or -t may match nothing in one of the two.
        '--passWithNoTests',
        ...ignore.flatMap((pattern) => ['--testPathIgnorePatterns', pattern]),
        '--selectProjects',
        ...projects,
        // Ends the project list: what follows is the caller's (paths, -t).
        '--',
        ...args,
      ],
      {
        cwd: root,
        env: { ...process.env, CIVIC_TEST_SUMMARY_FILE: summaryFile },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    for (const [stream, out] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ])
      createInterface({ input: stream }).on('line', (line) => out.write(`[${name}] ${line}\n`));
    child.on('close', (code, signal) => {
      let summary = { passed: 0, failed: 0, skipped: 0, failures: [], ran: false };
      try {
        summary = { ...JSON.parse(readFileSync(summaryFile, 'utf8')), ran: true };
      } catch {
        // No summary: Jest ended before its reporters ran (counted as a failure below).
      }
      resolve({ name, code: code ?? 1, signal, summary });
    });
  });

const results = await Promise.all(GROUPS.map(runGroup));
rmSync(scratch, { recursive: true, force: true });
const sum = (key) => results.reduce((total, r) => total + r.summary[key], 0);
for (const r of results)
  if (r.code !== 0 || !r.summary.ran)
    process.stdout.write(
      `[${r.name}] jest ended with ${r.signal ? `signal ${r.signal}` : `code ${r.code}`}${r.summary.ran ? '' : ' before its summary'}\n`,
    );
// Each failure again, briefly, next to the closing line: a CI log is often kept only in part.
for (const r of results)
  if (r.summary.failures.length > 0)
    process.stdout.write(describeFailures(r.summary.failures).replace(/^(?=.)/gm, `[${r.name}] `));
const failed = sum('failed') + results.filter((r) => !r.summary.ran).length;
process.stdout.write(
  `tests: ${sum('passed')} passed, ${failed} failed, ${sum('skipped')} skipped\n`,
);
process.exit(results.every((r) => r.code === 0 && r.summary.ran) ? 0 : 1);
