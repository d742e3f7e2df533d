import { addWorkingDays, type BusinessCalendar } from '#calendar';
import type { WhatIfRequest } from '#contracts';
import type { ActualRules, CaseHistory, HistoryStep } from '../what-if/case-history.js';

/*
 * A seeded history whose numbers are worked out by hand (the comments give the working). The
 * calendar: UTC, weekends off, Monday 2026-01-19 a holiday. 2026-01-05 is a Monday.
 */
export const cal: BusinessCalendar = {
  version: 7,
  timeZone: 'UTC',
  weekendDays: [6, 7],
  holidays: ['2026-01-19'],
};
export const asOf = new Date('2026-03-01T00:00:00Z');
export const t = (iso: string): Date => new Date(`${iso}Z`);

export const building: ActualRules = {
  completenessCheckDays: 5,
  paymentDays: 10,
  reviewDays: 10,
  remedy: 'escalate',
};
export const tradeLicence: ActualRules = { ...building, reviewDays: 5, remedy: 'deemed_approved' };

export const submitted = t('2026-01-05T09:00:00');
const history = (
  id: string,
  permitType: string,
  rules: ActualRules,
  floor: number,
  steps: HistoryStep[],
): CaseHistory => ({
  applicationId: id,
  permitType,
  typeVersion: 1,
  submittedAt: submitted,
  quantities: { floor_area_m2: floor },
  rules,
  steps,
});

// Actual fee of building: 100.00 + 1.00 per m².
export const A = history('a', 'building', building, 50, [
  { kind: 'completeness-confirmed', at: t('2026-01-07T10:00:00'), by: 'clerk' },
  { kind: 'payment-requested', at: t('2026-01-07T10:00:00'), feeMinor: 15_000, currency: 'EUR' },
  { kind: 'review-started', at: t('2026-01-08T12:00:00'), workingDaysLeft: 10 },
  { kind: 'closed', at: t('2026-01-21T15:00:00'), outcome: 'approved', deemed: false },
]);
export const B = history('b', 'building', building, 200, [
  { kind: 'completeness-confirmed', at: t('2026-01-13T00:00:01'), by: 'deadline' },
  { kind: 'payment-requested', at: t('2026-01-13T00:00:01'), feeMinor: 30_000, currency: 'EUR' },
  { kind: 'review-started', at: t('2026-01-14T09:00:00'), workingDaysLeft: 10 },
  { kind: 'changes-requested', at: t('2026-01-16T10:00:00') },
  { kind: 'resubmitted', at: t('2026-01-26T10:00:00'), quantities: { floor_area_m2: 300 } },
  { kind: 'payment-requested', at: t('2026-01-26T10:00:00'), feeMinor: 10_000, currency: 'EUR' },
  { kind: 'review-started', at: t('2026-01-27T09:00:00'), workingDaysLeft: 8 },
  { kind: 'closed', at: t('2026-02-05T11:00:00'), outcome: 'rejected', deemed: false },
]);
export const C = history('c', 'building', building, 50, [
  { kind: 'completeness-confirmed', at: t('2026-01-06T09:00:00'), by: 'clerk' },
  { kind: 'payment-requested', at: t('2026-01-06T09:00:00'), feeMinor: 15_000, currency: 'EUR' },
  { kind: 'closed', at: t('2026-01-20T09:00:00'), outcome: 'lapsed', deemed: false },
]);
export const D = history('d', 'building', building, 50, [
  { kind: 'completeness-confirmed', at: t('2026-01-06T09:00:00'), by: 'clerk' },
  { kind: 'payment-requested', at: t('2026-01-06T09:00:00'), feeMinor: 15_000, currency: 'EUR' },
  { kind: 'review-started', at: t('2026-01-07T09:00:00'), workingDaysLeft: 10 },
  {
    kind: 'closed',
    at: t('2026-01-09T09:00:00'),
    outcome: 'withdrawn',
    deemed: false,
    refunded: true,
  },
]);
// Trade licence, 50.00 flat; its 5-day clock ran out (end of Fri 01-16) and deemed it approved.
export const E = history('e', 'trade-licence', tradeLicence, 0, [
  { kind: 'completeness-confirmed', at: t('2026-01-05T12:00:00'), by: 'clerk' },
  { kind: 'payment-requested', at: t('2026-01-05T12:00:00'), feeMinor: 5_000, currency: 'EUR' },
  { kind: 'review-started', at: t('2026-01-09T09:00:00'), workingDaysLeft: 5 },
  { kind: 'breach', at: t('2026-01-17T00:00:00'), remedy: 'deemed_approved' },
  { kind: 'closed', at: t('2026-01-17T00:00:00'), outcome: 'approved', deemed: true },
]);
// Held in review: 10 days from Wed 01-07 were due at the end of Thu 01-22 (Mon 01-19 a
// holiday); held Fri 01-09 with 8 whole working days left (Mon 01-12 to Thu 01-22 less the
// holiday); released Mon 01-26, due again 8 days on, at the end of Thu 02-05; approved Wed
// 02-04, in time. A clock that ran through the hold would have missed it.
export const F = history('f', 'building', building, 100, [
  { kind: 'completeness-confirmed', at: t('2026-01-06T09:00:00'), by: 'clerk' },
  { kind: 'payment-requested', at: t('2026-01-06T09:00:00'), feeMinor: 20_000, currency: 'EUR' },
  { kind: 'review-started', at: t('2026-01-07T09:00:00'), workingDaysLeft: 10 },
  { kind: 'held', at: t('2026-01-09T10:00:00'), workingDaysLeft: 8 },
  { kind: 'released', at: t('2026-01-26T10:00:00'), restarted: true },
  { kind: 'closed', at: t('2026-02-04T10:00:00'), outcome: 'approved', deemed: false },
]);
// Changes asked in review (Fri 01-09, 8 days kept), resubmitted with a larger area Mon 01-12,
// held Tue 01-13 while the fee difference was being paid: the release (Mon 01-26) restarts the
// clock the resubmission would have, with the 8 days (due at the end of Thu 02-05).
export const G = history('g', 'building', building, 50, [
  { kind: 'completeness-confirmed', at: t('2026-01-06T09:00:00'), by: 'clerk' },
  { kind: 'payment-requested', at: t('2026-01-06T09:00:00'), feeMinor: 15_000, currency: 'EUR' },
  { kind: 'review-started', at: t('2026-01-07T09:00:00'), workingDaysLeft: 10 },
  { kind: 'changes-requested', at: t('2026-01-09T10:00:00') },
  { kind: 'resubmitted', at: t('2026-01-12T10:00:00'), quantities: { floor_area_m2: 100 } },
  { kind: 'payment-requested', at: t('2026-01-12T10:00:00'), feeMinor: 5_000, currency: 'EUR' },
  { kind: 'held', at: t('2026-01-13T10:00:00') },
  { kind: 'released', at: t('2026-01-26T10:00:00'), restarted: true },
  { kind: 'closed', at: t('2026-02-04T10:00:00'), outcome: 'approved', deemed: false },
]);

export const proposal: WhatIfRequest = {
  from: '2026-01-01',
  to: '2026-01-31',
  feeRules: [
    {
      permitType: 'building',
      fee: {
        currency: 'EUR',
        base: { amountMinor: 20_000, revenueCode: 'permits.building', descriptionKey: 'fee.base' },
        perUnit: [
          {
            quantity: 'floor_area_m2',
            amountMinor: 50,
            revenueCode: 'permits.building',
            descriptionKey: 'fee.area',
          },
        ],
      },
    },
  ],
  slas: [
    { paymentDays: 2 },
    { permitType: 'building', reviewDays: 5, completenessCheckDays: 3, remedy: 'deemed_refused' },
  ],
};

/** The transition rows the workflow would have written for a history (the reverse of the reader). */
export function transitionRowsOf(
  h: CaseHistory,
): { transition: string; reasonCode: string | null; facts: Record<string, unknown>; at: Date }[] {
  const rows: ReturnType<typeof transitionRowsOf> = [
    { transition: 'submitted', reasonCode: null, facts: {}, at: h.submittedAt },
  ];
  let kept = 0;
  h.steps.forEach((s, i) => {
    const row = (transition: string, facts: Record<string, unknown> = {}) =>
      rows.push({ transition, reasonCode: null, facts, at: s.at });
    switch (s.kind) {
      case 'completeness-confirmed':
        return row(s.kind, { completenessBy: s.by });
      case 'changes-requested':
        return row(s.kind);
      case 'resubmitted':
        return row(s.kind, s.quantities ? { quantities: s.quantities } : {});
      case 'payment-requested':
        return row(s.kind, { feeMinor: s.feeMinor, currency: s.currency });
      case 'review-started':
        kept = s.workingDaysLeft ?? kept;
        return row(s.kind, { workingDaysLeft: s.workingDaysLeft });
      case 'held':
        if (s.workingDaysLeft === undefined) return row(s.kind);
        kept = s.workingDaysLeft;
        return row(s.kind, { workingDaysLeft: kept, reviewDueAt: null });
      case 'released':
        return row(
          s.kind,
          s.restarted
            ? { reviewDueAt: addWorkingDays(s.at, kept, cal).toISOString(), workingDaysLeft: kept }
            : {},
        );
      case 'fee-reassessed':
        rows.push({
          transition: 'fee-refunded',
          reasonCode: 'fee_reassessed',
          facts: { feeMinor: s.refundedMinor },
          at: s.at,
        });
        return;
      case 'breach':
        if (s.remedy === 'escalate') return row('escalated');
        if (s.remedy === 'fee_refund') return row('fee-refunded', { feeMinor: s.refundedMinor });
        return row(s.remedy === 'deemed_approved' ? 'deemed-approved' : 'deemed-refused');
      case 'closed': {
        const before = h.steps[i - 1];
        if (s.deemed && before?.kind === 'breach') return; // one row: deemed-*
        return row(
          s.outcome,
          s.outcome === 'withdrawn' ? { compensation: s.refunded ? 'refunded' : 'none' } : {},
        );
      }
    }
  });
  return rows;
}
