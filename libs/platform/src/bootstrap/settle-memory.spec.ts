import { describe, expect, it } from '@jest/globals';
import { settleMemory } from './settle-memory.js';

describe('settleMemory', () => {
  it('gives back the heap a burst of garbage grew into, without exposing the collector', () => {
    let garbage: { n: number; text: string }[] = [];
    for (let n = 0; n < 1_000_000; n += 1) garbage.push({ n, text: `item ${n}` });
    const grown = process.memoryUsage().heapTotal;
    garbage = [];
    settleMemory();
    expect(garbage).toHaveLength(0);
    expect(process.memoryUsage().heapTotal).toBeLessThan(grown / 2);
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });
});
