import { describe, expect, it } from '@jest/globals';
import { runAtMost } from './run-at-most.js';

describe('runAtMost', () => {
  it('runs every task, never more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    const tasks = Array.from({ length: 10 }, (_, i) => async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
      done.push(i);
    });
    await runAtMost(3, tasks);
    expect(most).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('runs the others when one fails, then throws the first failure', async () => {
    const ran: number[] = [];
    const tasks = [0, 1, 2, 3].map((i) => async () => {
      ran.push(i);
      if (i === 1 || i === 2) throw new Error(`task ${i}`);
    });
    await expect(runAtMost(2, tasks)).rejects.toThrow('task 1');
    expect(ran.sort()).toEqual([0, 1, 2, 3]);
  });

  it('does nothing without tasks', async () => {
    await expect(runAtMost(4, [])).resolves.toBeUndefined();
  });
});
