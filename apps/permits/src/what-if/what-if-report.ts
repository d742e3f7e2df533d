import type { BusinessCalendar } from '#calendar';
import type { WhatIfReport, WhatIfRequest, WhatIfTypeReport } from '#contracts';
import type { CaseHistory } from './case-history.js';
import { proposalFor } from './proposal.js';
import { daysToDecision, replayCase, type CaseReplay } from './replay.js';

/*
 * The what-if report: every case of the period replayed, summed per permit type (cases, missed
 * review deadlines, lapses, decisions, median days to decision, revenue per currency, actual
 * beside proposed). Pure; cases stream in one at a time (`add`), so a large history never has
 * to be held in memory, only each type's decision times (for the medians).
 */

type Side = 'actual' | 'proposed';
type Pair<T> = Record<Side, T>;

interface TypeTotals {
  cases: number;
  missed: Pair<number>;
  lapsed: Pair<number>;
  decided: Pair<number>;
  days: Pair<number[]>;
  revenue: Map<string, Pair<number>>;
}

const pair = <T>(make: () => T): Pair<T> => ({ actual: make(), proposed: make() });

const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const m =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return Math.round(m * 100) / 100;
};

export class WhatIfAccumulator {
  private readonly types = new Map<string, TypeTotals>();
  private total = 0;

  constructor(
    private readonly request: WhatIfRequest,
    private readonly calendar: BusinessCalendar,
    private readonly asOf: Date,
  ) {}

  /** Replays one case and counts it. */
  add(history: CaseHistory): CaseReplay {
    const replay = replayCase(
      history,
      proposalFor(this.request, history.permitType),
      this.calendar,
      this.asOf,
    );
    this.count(replay);
    return replay;
  }

  private count(r: CaseReplay): void {
    this.total += 1;
    let t = this.types.get(r.permitType);
    if (!t) {
      t = {
        cases: 0,
        missed: pair(() => 0),
        lapsed: pair(() => 0),
        decided: pair(() => 0),
        days: pair((): number[] => []),
        revenue: new Map(),
      };
      this.types.set(r.permitType, t);
    }
    t.cases += 1;
    for (const side of ['actual', 'proposed'] as const) {
      const result = r[side];
      if (result.missed) t.missed[side] += 1;
      if (result.lapsed) t.lapsed[side] += 1;
      const days = daysToDecision(r, side);
      if (days !== undefined) {
        t.decided[side] += 1;
        t.days[side].push(days);
      }
      if (result.currency) {
        const money = t.revenue.get(result.currency) ?? pair(() => 0);
        money[side] += result.revenueMinor;
        t.revenue.set(result.currency, money);
      }
    }
  }

  report(): WhatIfReport {
    const types: WhatIfTypeReport[] = [...this.types.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([permitType, t]) => ({
        permitType,
        cases: t.cases,
        missedDeadline: t.missed,
        lapsed: t.lapsed,
        decided: t.decided,
        medianDaysToDecision: {
          actual: median(t.days.actual),
          proposed: median(t.days.proposed),
        },
        revenue: [...t.revenue.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([currency, { actual: actualMinor, proposed: proposedMinor }]) => ({
            currency,
            actualMinor,
            proposedMinor,
            differenceMinor: proposedMinor - actualMinor,
          })),
      }));
    return {
      from: this.request.from,
      to: this.request.to,
      asOf: this.asOf.toISOString(),
      calendarVersion: this.calendar.version,
      cases: this.total,
      types,
    };
  }
}
