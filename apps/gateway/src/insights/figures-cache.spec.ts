import { describe, expect, it } from '@jest/globals';
import { FiguresCache } from './figures-cache.js';

describe('the public figures cache', () => {
  it('reuses an answer for its period, then asks again', async () => {
    let now = 0;
    let asked = 0;
    const cache = new FiguresCache(30_000, () => now);
    const load = () => Promise.resolve(++asked);
    await expect(cache.get('k', load)).resolves.toBe(1);
    now = 29_999;
    await expect(cache.get('k', load)).resolves.toBe(1);
    await expect(cache.get('other', load)).resolves.toBe(2);
    now = 30_000;
    await expect(cache.get('k', load)).resolves.toBe(3);
  });

  it('shares one request among concurrent misses, and keeps no failure', async () => {
    let asked = 0;
    const cache = new FiguresCache(30_000, () => 0);
    const slow = () => new Promise<number>((resolve) => setTimeout(() => resolve(++asked), 10));
    await expect(Promise.all([cache.get('k', slow), cache.get('k', slow)])).resolves.toEqual([
      1, 1,
    ]);
    const failing = new FiguresCache(30_000, () => 0);
    await expect(failing.get('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await expect(failing.get('k', () => Promise.resolve(7))).resolves.toBe(7);
  });

  it('asks every time with a period of 0', async () => {
    let asked = 0;
    const cache = new FiguresCache(0);
    await cache.get('k', () => Promise.resolve(++asked));
    await cache.get('k', () => Promise.resolve(++asked));
    expect(asked).toBe(2);
  });
});
