import { describe, expect, it } from '@jest/globals';
import { countRows, deadlineRow, durationRow, paymentsRow, satisfactionRow } from './figures.js';

describe('published rows', () => {
  it('turns durations into hours, withheld below the threshold', () => {
    expect(
      durationRow(
        { category: null, month: null, cases: 6, medianSeconds: 36_000, p90Seconds: 90_000 },
        5,
      ),
    ).toEqual({ key: 'all', cases: 6, medianHours: 10, p90Hours: 25, suppressed: [] });
    expect(
      durationRow(
        { category: 'building', month: null, cases: 2, medianSeconds: 36_000, p90Seconds: 90_000 },
        5,
      ),
    ).toEqual({
      key: 'building',
      cases: null,
      medianHours: null,
      p90Hours: null,
      suppressed: ['medianHours', 'p90Hours', 'cases'],
    });
  });

  it('gives the share of deadlines met only from enough cases, none of them withheld', () => {
    expect(deadlineRow({ category: null, met: 60, breached: 20 }, 5)).toEqual({
      key: 'all',
      met: 60,
      breached: 20,
      shareMet: 0.75,
      suppressed: [],
    });
    // 2 breached of 8 is withheld, and a share of 0.75 would tell it again.
    expect(deadlineRow({ category: 'x', met: 6, breached: 2 }, 5)).toEqual({
      key: 'x',
      met: 6,
      breached: null,
      shareMet: null,
      suppressed: ['breached', 'shareMet'],
    });
    expect(deadlineRow({ category: 'x', met: 2, breached: 1 }, 5)).toMatchObject({
      met: null,
      breached: null,
      shareMet: null,
    });
  });

  it('gives satisfaction and NPS per service and month from enough answers', () => {
    expect(
      satisfactionRow(
        {
          month: '2026-03',
          serviceCode: '001',
          ratings: 5,
          ratingSum: 19,
          satisfied: 4,
          npsAnswers: 4,
          promoters: 3,
          detractors: 1,
        },
        5,
      ),
    ).toEqual({
      month: '2026-03',
      serviceCode: '001',
      ratings: 5,
      averageRating: 3.8,
      satisfiedShare: 0.8,
      npsAnswers: null,
      nps: null,
      suppressed: ['nps', 'npsAnswers'],
    });
  });

  it('withholds the total of few payments with their count', () => {
    expect(
      paymentsRow({ month: '2026-03', currency: 'INR', payments: 2, amountMinor: 5000 }, 5),
    ).toEqual({
      month: '2026-03',
      currency: 'INR',
      payments: null,
      amountMinor: null,
      suppressed: ['amountMinor', 'payments'],
    });
  });

  it('applies group suppression to status counts', () => {
    expect(
      countRows(
        [
          { key: 'approved', count: 9 },
          { key: 'rejected', count: 1 },
          { key: 'submitted', count: 6 },
        ],
        5,
      ).map((r) => r.count),
    ).toEqual([9, null, null]);
  });
});
