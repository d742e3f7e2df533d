import { describe, expect, it } from '@jest/globals';
import {
  isSmall,
  netPromoterScore,
  withholdComplement,
  withholdCounts,
  withholdDerived,
} from './suppression.js';

describe('small-count suppression', () => {
  it('withholds a count of 1 to threshold − 1; shows 0 and the threshold itself', () => {
    expect([0, 1, 4, 5, 6].map((n) => isSmall(n, 5))).toEqual([false, true, true, false, false]);
    expect(withholdCounts({ a: 4, b: 5, c: 0, suppressed: [] }, ['a', 'b', 'c'], 5)).toEqual({
      a: null,
      b: 5,
      c: 0,
      suppressed: ['a'],
    });
  });

  it('withholds figures derived from fewer cases than the threshold, and keeps them from enough', () => {
    const row = { median: 12.5, p90: 40, suppressed: [] as string[] };
    expect(withholdDerived(row, ['median', 'p90'], 4, 5)).toEqual({
      median: null,
      p90: null,
      suppressed: ['median', 'p90'],
    });
    expect(withholdDerived(row, ['median', 'p90'], 5, 5)).toEqual(row);
  });

  it('adds to what a row already withholds', () => {
    const first = withholdDerived(
      { n: 3, share: 0.5, suppressed: [] as string[] },
      ['share'],
      3,
      5,
    );
    expect(withholdCounts(first, ['n'], 5)).toEqual({
      n: null,
      share: null,
      suppressed: ['share', 'n'],
    });
  });

  it('when one cell of a group is withheld, withholds the next smallest too (no subtraction from the total)', () => {
    const counts = [12, 3, 7, 0, 9];
    const rows = counts.map((count, i) =>
      withholdCounts({ key: `k${i}`, count, suppressed: [] }, ['count'], 5),
    );
    const out = withholdComplement(rows, counts, 'count');
    expect(out.map((r) => r.count)).toEqual([12, null, null, 0, 9]);
    expect(out[2]?.suppressed).toEqual(['count']);
  });

  it('leaves a group alone when none or several cells are withheld', () => {
    const counts = [12, 3, 2];
    const rows = counts.map((count) => withholdCounts({ count, suppressed: [] }, ['count'], 5));
    expect(withholdComplement(rows, counts, 'count').map((r) => r.count)).toEqual([12, null, null]);
    const big = [10, 20].map((count) => withholdCounts({ count, suppressed: [] }, ['count'], 5));
    expect(withholdComplement(big, [10, 20], 'count').map((r) => r.count)).toEqual([10, 20]);
  });

  it('computes NPS as % promoters minus % detractors', () => {
    expect(netPromoterScore(10, 5, 2)).toBe(30);
    expect(netPromoterScore(3, 0, 3)).toBe(-100);
    expect(netPromoterScore(0, 0, 0)).toBeNull();
  });
});
