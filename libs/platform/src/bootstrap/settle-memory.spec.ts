import { describe, expect, it } from '@jest/globals';
import { settleMemory } from './settle-memory.js';

describe('settleMemory', () => {
  it('gives back the heap a burst of garbage grew into, without exposing the collector', () => {
    settleMemory(); // the heap of whatever ran before in this process, settled
    const settled = process.memoryUsage().heapTotal;
    let garbage: { n: number; text: string }[] = [];
    for (let n = 0; n < 1_000_000; n += 1) garbage.push({ n, text: `item ${n}` });
    const grown = process.memoryUsage().heapTotal;
    expect(grown - settled).toBeGreaterThan(50_000_000);
    garbage = [];
    settleMemory();
    expect(garbage).toHaveLength(0);
    // At least most of what the garbage took is given back.
    expect(process.memoryUsage().heapTotal - settled).toBeLessThan((grown - settled) / 4);
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });
});
