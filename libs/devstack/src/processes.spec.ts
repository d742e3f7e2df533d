import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { isAlive, run } from './processes.js';

const dir = mkdtempSync(join(tmpdir(), 'civic-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A job that says its pid, then would run far longer than any test. */
const longJob = (pidFile: string) => ['-c', `echo $$ > ${pidFile}; exec sleep 600`];

async function pidFrom(file: string): Promise<number> {
  for (;;) {
    try {
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (pid > 0) return pid;
    } catch {
      // Not written yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('run (the stack’s one-off jobs)', () => {
  it('reports the exit code and the output of a job left to finish', async () => {
    await expect(run('sh', ['-c', 'echo made; exit 3'])).resolves.toEqual({
      code: 3,
      output: 'made\n',
    });
  });

  it('keeps a character whole that the job wrote in two pieces', async () => {
    // U+2013 (en dash) is E2 80 93 in UTF-8: its bytes reach the pipe in two reads.
    const split = "printf '9\\342\\200'; sleep 0.2; printf '\\22310'";
    await expect(run('sh', ['-c', split])).resolves.toEqual({ code: 0, output: '9–10' });
  });

  it('ends a running job when the stop is requested', async () => {
    const stop = new AbortController();
    const pidFile = join(dir, 'running.pid');
    const result = run('sh', longJob(pidFile), { signal: stop.signal });
    const pid = await pidFrom(pidFile);
    stop.abort();
    expect((await result).code).not.toBe(0);
    // Answered once the job has exited, not when the stop was asked for.
    expect(isAlive(pid)).toBe(false);
  });

  it('ends at once a job spawned after the stop was requested', async () => {
    const stop = new AbortController();
    stop.abort();
    const pidFile = join(dir, 'late.pid');
    const result = await run('sh', longJob(pidFile), { signal: stop.signal });
    expect(result.code).not.toBe(0);
    // Whether or not the shell got as far as writing its pid, nothing of it is left.
    let pid = 0;
    try {
      pid = Number(readFileSync(pidFile, 'utf8').trim());
    } catch {
      // Killed before it wrote.
    }
    if (pid > 0) expect(isAlive(pid)).toBe(false);
    else expect(pid).toBe(0);
  });
});
