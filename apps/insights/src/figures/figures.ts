import type {
  CountRow,
  DeadlineRow,
  DurationRow,
  MonthRow,
  PaymentsRow,
  SatisfactionRow,
} from '#contracts';
import type {
  Deadlines,
  Durations,
  FeedbackSums,
  KeyCount,
  MonthCounts,
  PaymentSums,
} from './figures.repository.js';
import {
  netPromoterScore,
  round,
  withholdComplement,
  withholdCounts,
  withholdDerived,
} from './suppression.js';

/*
 * The published rows, made from the read model's sums with the suppression rules applied. Pure
 * functions: the threshold is the only setting.
 */

const HOUR = 3_600;
const hours = (seconds: number | null): number | null =>
  seconds === null ? null : round(seconds / HOUR, 1);

/** One group of counts (all statuses, all categories): each small one withheld, and a complement. */
export function countRows(counts: readonly KeyCount[], threshold: number): CountRow[] {
  const rows = counts.map((c) =>
    withholdCounts({ key: c.key, count: c.count, suppressed: [] }, ['count'], threshold),
  );
  return withholdComplement(
    rows,
    counts.map((c) => c.count),
    'count',
  );
}

export function monthRow(m: MonthCounts, threshold: number): MonthRow {
  return withholdCounts(
    { month: m.month, received: m.received, finished: m.finished, suppressed: [] },
    ['received', 'finished'],
    threshold,
  );
}

export function durationRow(d: Durations, threshold: number): DurationRow {
  const row = {
    key: d.category ?? 'all',
    cases: d.cases,
    medianHours: hours(d.medianSeconds),
    p90Hours: hours(d.p90Seconds),
    suppressed: [] as string[],
  };
  return withholdCounts(
    withholdDerived(row, ['medianHours', 'p90Hours'], d.cases, threshold),
    ['cases'],
    threshold,
  );
}

/**
 * Deadlines met and breached; the share met only from enough cases and only when neither count
 * is withheld (a share and a total would give a withheld count back).
 */
export function deadlineRow(d: Deadlines, threshold: number): DeadlineRow {
  const total = d.met + d.breached;
  const counts = withholdCounts(
    {
      key: d.category ?? 'all',
      met: d.met,
      breached: d.breached,
      shareMet: total === 0 ? null : round(d.met / total, 3),
      suppressed: [] as string[],
    },
    ['met', 'breached'],
    threshold,
  );
  const basis = counts.suppressed.length > 0 ? Math.min(total, 1) : total;
  return withholdDerived(counts, ['shareMet'], basis, threshold);
}

export function satisfactionRow(f: FeedbackSums, threshold: number): SatisfactionRow {
  const row = {
    month: f.month,
    serviceCode: f.serviceCode,
    ratings: f.ratings,
    averageRating: f.ratings === 0 ? null : round(f.ratingSum / f.ratings, 2),
    satisfiedShare: f.ratings === 0 ? null : round(f.satisfied / f.ratings, 3),
    npsAnswers: f.npsAnswers,
    nps: netPromoterScore(f.npsAnswers, f.promoters, f.detractors),
    suppressed: [] as string[],
  };
  return withholdCounts(
    withholdDerived(
      withholdDerived(row, ['averageRating', 'satisfiedShare'], f.ratings, threshold),
      ['nps'],
      f.npsAnswers,
      threshold,
    ),
    ['ratings', 'npsAnswers'],
    threshold,
  );
}

export function paymentsRow(p: PaymentSums, threshold: number): PaymentsRow {
  return withholdCounts(
    withholdDerived(
      {
        month: p.month,
        currency: p.currency,
        payments: p.payments,
        amountMinor: p.amountMinor,
        suppressed: [] as string[],
      },
      ['amountMinor'],
      p.payments,
      threshold,
    ),
    ['payments'],
    threshold,
  );
}
