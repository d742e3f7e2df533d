// `npm test`'s first step: the type check, the lint (`npm run lint`'s three parts) and the
// build side by side (none reads what another writes: the type check emits nothing, the build
// does not type-check), each line prefixed with its name. On 2 cores that takes about two
// thirds of the time of one after the other. Exits non-zero when any of them fails, once all
// have ended.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

// ESLint alone is about as long as the rest together: it gets a process of its own.
const STEPS = [
  { name: 'typecheck', args: ['run', 'typecheck', '--silent'] },
  { name: 'eslint', args: ['run', 'lint:code', '--silent'] },
  { name: 'deps', args: ['run', 'lint:deps', '--silent'] },
  { name: 'format', args: ['run', 'lint:format', '--silent'] },
  { name: 'build', args: ['run', 'build', '--silent'] },
];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const runStep = ({ name, args }) =>
  new Promise((resolve) => {
    const child = spawn(npm, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    for (const [stream, out] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ])
      createInterface({ input: stream }).on('line', (line) => out.write(`[${name}] ${line}\n`));
    child.on('close', (code, signal) => resolve({ name, code: code ?? 1, signal }));
  });

const results = await Promise.all(STEPS.map(runStep));
const failed = results.filter((r) => r.code !== 0);
for (const r of failed)
  process.stdout.write(`${r.name} FAILED (exit ${r.code}${r.signal ? `, ${r.signal}` : ''})\n`);
process.exit(failed.length === 0 ? 0 : 1);
