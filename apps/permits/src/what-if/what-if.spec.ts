import { describe, expect, it } from '@jest/globals';
import { addWorkingDays, workingDaysBetween } from '#calendar';
import type { WhatIfRequest } from '#contracts';
import {
  A,
  asOf,
  B,
  building,
  C,
  cal,
  D,
  E,
  F,
  G,
  proposal,
  submitted,
  t,
  tradeLicence,
  transitionRowsOf,
} from '../testing/what-if-history.medium-fixture.js';
import type { CaseHistory, HistoryStep } from './case-history.js';
import { ExportHistories } from './history-from-export.js';
import { historyFromTransitions } from './history-from-transitions.js';
import { whatIfProblems } from './proposal.js';
import { proposedResult } from './replay.js';
import { WhatIfAccumulator } from './what-if-report.js';
import { workingDaysOf } from './working-days.js';

const reportOf = (request: WhatIfRequest, cases: CaseHistory[]) => {
  const acc = new WhatIfAccumulator(request, cal, asOf);
  for (const c of cases) acc.add(c);
  return acc.report();
};

describe('what-if replay on a seeded history', () => {
  it('gives the hand-computed report per permit type', () => {
    expect(reportOf(proposal, [A, B, C, D, E, F])).toEqual({
      from: '2026-01-01',
      to: '2026-01-31',
      asOf: '2026-03-01T00:00:00.000Z',
      calendarVersion: 7,
      cases: 6,
      types: [
        {
          permitType: 'building',
          cases: 5,
          // A: 5 days of review from Thu 01-08 end with Thu 01-15, approved 01-21: missed.
          // B: completeness 3 days ends Thu 01-08 (not Mon 01-12): everything 4 days earlier;
          //    review Sat 01-10 → due end of Fri 01-16; stopped Mon 01-12 with 4 days left;
          //    restarted Fri 01-23 → due end of Thu 01-29; rejected Sun 02-01: missed.
          // F: review Wed 01-07 → due end of Wed 01-14; held Fri 01-09 with 3 days left (Mon
          //    12 to Wed 14); released Mon 01-26 → due end of Thu 01-29; approved 02-04: missed.
          missedDeadline: { actual: 0, proposed: 3 },
          lapsed: { actual: 1, proposed: 1 },
          decided: { actual: 3, proposed: 3 },
          // Actual: A 16.25 days, F 30.042 days, B 31.083 days. Proposed (deemed refused at the
          // due times): A 01-16T00:00 = 10.625 days, B and F 01-30T00:00 = 24.625 days.
          medianDaysToDecision: { actual: 30.04, proposed: 24.63 },
          // Actual: A 150.00 + B 300.00 + 100.00 + F 200.00. Proposed: A 200 + 0.5·50,
          // B 200 + 0.5·300, F 200 + 0.5·100; C lapsed, D withdrawn and refunded.
          revenue: [
            { currency: 'EUR', actualMinor: 75_000, proposedMinor: 82_500, differenceMinor: 7_500 },
          ],
        },
        {
          permitType: 'trade-licence',
          cases: 1,
          // Paid Fri 01-09, four days after its invoice: later than two working days (end of
          // Wed 01-07): it lapses, is never decided and pays nothing.
          missedDeadline: { actual: 1, proposed: 0 },
          lapsed: { actual: 0, proposed: 1 },
          decided: { actual: 1, proposed: 0 },
          medianDaysToDecision: { actual: 11.63, proposed: null },
          revenue: [
            { currency: 'EUR', actualMinor: 5_000, proposedMinor: 0, differenceMinor: -5_000 },
          ],
        },
      ],
    });
  });

  it('changes nothing when the proposal is the rules in force', () => {
    const same: WhatIfRequest = {
      from: '2026-01-01',
      to: '2026-01-31',
      slas: [
        { permitType: 'building', reviewDays: 10, completenessCheckDays: 5, remedy: 'escalate' },
      ],
    };
    for (const type of reportOf(same, [A, B, C, D, F, G]).types) {
      expect(type.missedDeadline.proposed).toBe(type.missedDeadline.actual);
      expect(type.decided.proposed).toBe(type.decided.actual);
      expect(type.medianDaysToDecision.proposed).toBe(type.medianDaysToDecision.actual);
      expect(type.revenue[0]?.differenceMinor).toBe(0);
    }
  });

  it('applies each remedy when the clock runs out', () => {
    const late = { reviewDays: 5 };
    // A under 5 days misses (due end of Thu 01-15, approved 01-21).
    expect(proposedResult(A, { ...late, remedy: 'escalate' }, cal, asOf)).toMatchObject({
      missed: true,
      decision: { outcome: 'approved', at: t('2026-01-21T15:00:00') },
      revenueMinor: 15_000,
    });
    expect(proposedResult(A, { ...late, remedy: 'fee_refund' }, cal, asOf)).toMatchObject({
      missed: true,
      revenueMinor: 0,
    });
    expect(proposedResult(A, { ...late, remedy: 'deemed_approved' }, cal, asOf)).toMatchObject({
      missed: true,
      decision: { outcome: 'approved', at: t('2026-01-16T00:00:00') },
    });
  });

  it('decides a case the clock decided again at the proposed due time, or leaves it open', () => {
    // E with 10 days from Fri 01-09: due end of Mon 01-26 (Mon 01-19 a holiday).
    expect(proposedResult(E, { reviewDays: 10 }, cal, asOf)).toMatchObject({
      missed: true,
      decision: { outcome: 'approved', at: t('2026-01-27T00:00:00') },
    });
    const early = new Date('2026-01-20T00:00:00Z');
    expect(proposedResult(E, { reviewDays: 10 }, cal, early)).toEqual({
      missed: false,
      lapsed: false,
      revenueMinor: 5_000,
      currency: 'EUR',
    });
  });

  it('stops the review clock while a case is held and restarts it with the days it kept', () => {
    // F's own 10 days: due again at the end of Thu 02-05 after the hold; approved 02-04.
    expect(proposedResult(F, { reviewDays: 10 }, cal, asOf)).toMatchObject({
      missed: false,
      decision: { outcome: 'approved', at: t('2026-02-04T10:00:00') },
    });
    // 5 days: 3 kept at the hold, due at the end of Thu 01-29 after the release.
    expect(proposedResult(F, { reviewDays: 5, remedy: 'deemed_refused' }, cal, asOf)).toMatchObject(
      { missed: true, decision: { outcome: 'rejected', at: t('2026-01-30T00:00:00') } },
    );
    // 1 day (end of Thu 01-08): the hold on Fri 01-09 comes after the clock ran out.
    expect(
      proposedResult(F, { reviewDays: 1, remedy: 'deemed_approved' }, cal, asOf),
    ).toMatchObject({
      missed: true,
      decision: { outcome: 'approved', at: t('2026-01-09T00:00:00') },
    });
    // Read while still held (the history up to the hold): the stopped clock has no due time,
    // nothing is missed yet (a clock running through the hold would have run out 01-15).
    const stillHeld = { ...F, steps: F.steps.slice(0, 4) };
    expect(proposedResult(stillHeld, { reviewDays: 5 }, cal, t('2026-01-20T00:00:00'))).toEqual({
      missed: false,
      lapsed: false,
      revenueMinor: 20_000,
      currency: 'EUR',
    });
  });

  it('restarts at the release a clock that a resubmission would have restarted during the hold', () => {
    // G with 5 days: 3 kept at the change request (Mon 12 to Wed 14), restarted by the release
    // on Mon 01-26 → due at the end of Thu 01-29.
    expect(proposedResult(G, { reviewDays: 5, remedy: 'deemed_refused' }, cal, asOf)).toMatchObject(
      { missed: true, decision: { outcome: 'rejected', at: t('2026-01-30T00:00:00') } },
    );
    // Released before the fee difference was paid: the payment (Tue 01-27) restarts it → due at
    // the end of Fri 01-30.
    const paidAfter: CaseHistory = {
      ...G,
      steps: G.steps.flatMap((s): HistoryStep[] =>
        s.kind === 'released'
          ? [
              { ...s, restarted: false },
              { kind: 'review-started' as const, at: t('2026-01-27T09:00:00'), workingDaysLeft: 8 },
            ]
          : [s],
      ),
    };
    expect(
      proposedResult(paidAfter, { reviewDays: 5, remedy: 'deemed_refused' }, cal, asOf),
    ).toMatchObject({
      missed: true,
      decision: { outcome: 'rejected', at: t('2026-01-31T00:00:00') },
    });
  });

  it('moves the completeness check only as far as the clerk was late', () => {
    // A's clerk confirmed Wed 01-07 10:00; with 1 day, the deadline (end of Tue 01-06, i.e.
    // 01-07 00:00) comes first: everything after it 10 hours earlier, the approval too.
    expect(
      proposedResult(A, { completenessCheckDays: 1, reviewDays: 10 }, cal, asOf),
    ).toMatchObject({ missed: false, decision: { at: t('2026-01-21T05:00:00') } });
    // With 3 days (end of Thu 01-08) the clerk was in time: nothing moves.
    expect(proposedResult(A, { completenessCheckDays: 3 }, cal, asOf)).toMatchObject({
      decision: { at: t('2026-01-21T15:00:00') },
    });
  });
});

describe('histories', () => {
  it('reads the transition table', () => {
    const h = historyFromTransitions(
      {
        id: 'x',
        permit_type: 'building',
        type_version: 2,
        submitted_at: submitted,
        quantities: { floor_area_m2: 50 },
      },
      [
        { transition: 'submitted', reason_code: null, facts: {}, at: submitted },
        {
          transition: 'completeness-confirmed',
          reason_code: null,
          facts: { completenessBy: 'deadline' },
          at: t('2026-01-13T00:00:00'),
        },
        {
          transition: 'payment-requested',
          reason_code: null,
          facts: { feeMinor: 15_000, currency: 'EUR' },
          at: t('2026-01-13T00:00:00'),
        },
        {
          transition: 'review-started',
          reason_code: null,
          facts: { workingDaysLeft: 10 },
          at: t('2026-01-14T00:00:00'),
        },
        {
          transition: 'fee-refunded',
          reason_code: 'fee_reassessed',
          facts: { feeMinor: 500 },
          at: t('2026-01-15T00:00:00'),
        },
        {
          transition: 'deemed-refused',
          reason_code: null,
          facts: {},
          at: t('2026-01-30T00:00:00'),
        },
      ],
      building,
    );
    expect(h.steps.map((s) => s.kind)).toEqual([
      'completeness-confirmed',
      'payment-requested',
      'review-started',
      'fee-reassessed',
      'breach',
      'closed',
    ]);
    expect(h.steps[5]).toEqual({
      kind: 'closed',
      at: t('2026-01-30T00:00:00'),
      outcome: 'rejected',
      deemed: true,
    });
  });

  it('reads holds and releases from the transition table', () => {
    const rows = transitionRowsOf(F).map((r) => ({
      transition: r.transition,
      reason_code: r.reasonCode,
      facts: r.facts,
      at: r.at,
    }));
    expect(rows.filter((r) => r.transition === 'released')).toEqual([
      expect.objectContaining({
        facts: { reviewDueAt: '2026-02-06T00:00:00.000Z', workingDaysLeft: 8 },
      }),
    ]);
    const h = historyFromTransitions(
      {
        id: 'f',
        permit_type: 'building',
        type_version: 1,
        submitted_at: submitted,
        quantities: {},
      },
      rows,
      building,
    );
    expect(h.steps).toEqual(F.steps);
    // A hold that stopped no clock, a release that restarted none.
    const quiet = historyFromTransitions(
      {
        id: 'g',
        permit_type: 'building',
        type_version: 1,
        submitted_at: submitted,
        quantities: {},
      },
      [
        {
          transition: 'held',
          reason_code: 'legal_review',
          facts: {},
          at: t('2026-01-13T10:00:00'),
        },
        { transition: 'released', reason_code: null, facts: {}, at: t('2026-01-26T10:00:00') },
      ],
      building,
    );
    expect(quiet.steps).toEqual([
      { kind: 'held', at: t('2026-01-13T10:00:00') },
      { kind: 'released', at: t('2026-01-26T10:00:00'), restarted: false },
    ]);
  });

  it('reads holds and releases from an audit export', () => {
    const entry = (type: string, time: string, data: Record<string, unknown>) =>
      JSON.stringify({
        kind: 'entry',
        type,
        data: JSON.stringify({ type, time: `${time}Z`, data: { applicationId: 'f', ...data } }),
      });
    const histories = new ExportHistories();
    for (const line of [
      entry('gov.permits.application.submitted.v1', '2026-01-05T09:00:00', {
        permitType: 'building',
        typeVersion: 1,
        submittedAt: '2026-01-05T09:00:00Z',
        quantities: {},
      }),
      entry('gov.permits.application.held.v1', '2026-01-09T10:00:00', {
        reasonCode: 'legal_review',
        workingDaysLeft: 8,
      }),
      entry('gov.permits.application.released.v1', '2026-01-26T10:00:00', {
        reviewDueAt: '2026-02-06T00:00:00Z',
        workingDaysLeft: 8,
      }),
      entry('gov.permits.application.held.v1', '2026-02-02T10:00:00', { reasonCode: 'audit' }),
      entry('gov.permits.application.released.v1', '2026-02-03T10:00:00', {}),
    ])
      histories.add(line);
    const [h] = [...histories.histories(t('2026-01-01T00:00:00'), asOf, () => building)];
    expect(h?.steps).toEqual([
      { kind: 'held', at: t('2026-01-09T10:00:00'), workingDaysLeft: 8 },
      { kind: 'released', at: t('2026-01-26T10:00:00'), restarted: true },
      { kind: 'held', at: t('2026-02-02T10:00:00') },
      { kind: 'released', at: t('2026-02-03T10:00:00'), restarted: false },
    ]);
  });

  it('reads an audit export, grouped by application, within the period', () => {
    const entry = (type: string, time: string, data: Record<string, unknown>) =>
      JSON.stringify({
        kind: 'entry',
        type,
        data: JSON.stringify({ type, time: `${time}Z`, data: { applicationId: 'e', ...data } }),
      });
    const lines = [
      JSON.stringify({ kind: 'header' }),
      entry('gov.permits.application.submitted.v1', '2026-01-05T09:00:00', {
        permitType: 'trade-licence',
        typeVersion: 1,
        submittedAt: '2026-01-05T09:00:00Z',
        quantities: { floor_area_m2: 0 },
      }),
      entry('gov.permits.application.completeness-confirmed.v1', '2026-01-05T12:00:00', {
        by: 'clerk',
      }),
      entry('gov.payments.invoice.issued.v1', '2026-01-05T12:00:00', {}),
      entry('gov.permits.application.payment-requested.v1', '2026-01-05T12:00:00', {
        feeMinor: 5_000,
        currency: 'EUR',
        quantities: { floor_area_m2: 0 },
      }),
      entry('gov.permits.application.review-started.v1', '2026-01-09T09:00:00', {
        workingDaysLeft: 5,
      }),
      entry('gov.permits.application.deemed-approved.v1', '2026-01-17T00:00:00', {
        reviewDueAt: '2026-01-17T00:00:00Z',
      }),
    ];
    const histories = new ExportHistories();
    for (const line of lines) histories.add(line);
    const [h, ...more] = [
      ...histories.histories(
        t('2026-01-01T00:00:00'),
        t('2026-02-01T00:00:00'),
        () => tradeLicence,
      ),
    ];
    expect(more).toEqual([]);
    expect({ ...h, steps: h?.steps.map((s) => ({ ...s })) }).toEqual({
      ...E,
      quantities: { floor_area_m2: 0 },
      steps: E.steps.map((s) =>
        s.kind === 'payment-requested' ? { ...s, quantities: { floor_area_m2: 0 } } : s,
      ),
    });
    expect([...histories.histories(t('2026-02-01T00:00:00'), asOf, () => ({}))]).toEqual([]);
  });
});

describe('a proposal', () => {
  it('must propose something, over a period that does not end before it starts', () => {
    expect(whatIfProblems({ from: '2026-02-01', to: '2026-01-01' })).toEqual([
      expect.objectContaining({ field: 'feeRules', code: 'REQUIRED' }),
      expect.objectContaining({ field: 'to', code: 'MIN' }),
    ]);
  });

  it('names unknown types and quantities', () => {
    const known = (type: string) => (type === 'building' ? ['storeys'] : undefined);
    expect(
      whatIfProblems({ ...proposal, slas: [{ permitType: 'kiosk', reviewDays: 3 }] }, known),
    ).toEqual([
      expect.objectContaining({ field: 'feeRules.0.fee.perUnit.0.quantity', code: 'UNKNOWN' }),
      expect.objectContaining({ field: 'slas.0.permitType', code: 'UNKNOWN' }),
    ]);
  });
});

describe('the remembered working-day arithmetic', () => {
  it('answers as libs/calendar does, across a DST change and holidays', () => {
    const berlin = {
      version: 1,
      timeZone: 'Europe/Berlin',
      weekendDays: [6, 7],
      holidays: ['2026-03-30', '2026-04-03'],
    };
    const remembered = workingDaysOf(berlin);
    let seed = 7;
    const next = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    for (let i = 0; i < 500; i += 1) {
      const from = new Date(Date.UTC(2026, 2, 20) + Math.floor(next() * 30 * 24 * 60) * 60_000);
      const to = new Date(from.getTime() + Math.floor(next() * 20 * 24 * 60) * 60_000);
      const days = Math.floor(next() * 12);
      expect(remembered.addWorkingDays(from, days)).toEqual(addWorkingDays(from, days, berlin));
      expect(remembered.workingDaysBetween(from, to)).toBe(workingDaysBetween(from, to, berlin));
    }
  });
});
