import {
  PERMIT_APPLICATION_APPROVED_V1,
  PERMIT_APPLICATION_CHANGES_REQUESTED_V1,
  PERMIT_APPLICATION_COMPLETENESS_CONFIRMED_V1,
  PERMIT_APPLICATION_DEEMED_APPROVED_V1,
  PERMIT_APPLICATION_DEEMED_REFUSED_V1,
  PERMIT_APPLICATION_ESCALATED_V1,
  PERMIT_APPLICATION_FEE_REFUNDED_V1,
  PERMIT_APPLICATION_HELD_V1,
  PERMIT_APPLICATION_LAPSED_V1,
  PERMIT_APPLICATION_PAYMENT_REQUESTED_V1,
  PERMIT_APPLICATION_REJECTED_V1,
  PERMIT_APPLICATION_RELEASED_V1,
  PERMIT_APPLICATION_RESUBMITTED_V1,
  PERMIT_APPLICATION_REVIEW_STARTED_V1,
  PERMIT_APPLICATION_SUBMITTED_V1,
  PERMIT_APPLICATION_WITHDRAWN_V1,
} from '#contracts';
import type { Quantities } from '../permit-types/permit-type.js';
import type { ActualRules, CaseHistory, HistoryStep } from './case-history.js';

/*
 * Case histories from an audit export (`npm run audit:export`, JSON Lines, docs/audit.md): each
 * entry's `data` is the event as received, whose own `data` is the permits event's payload
 * (permits.events.ts: type version, quantities, fees, clock starts and stops). The export is in
 * log order; entries are grouped by application. Pure: lines in, histories out.
 */

interface Envelope {
  type: string;
  time: string;
  data: Record<string, unknown>;
}

interface Building {
  history?: Omit<CaseHistory, 'rules'>;
  steps: HistoryStep[];
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** The steps of one permits event (none for those the replay does not need). */
function stepsOfEvent(type: string, at: Date, d: Record<string, unknown>): HistoryStep[] {
  switch (type) {
    case PERMIT_APPLICATION_COMPLETENESS_CONFIRMED_V1:
      return [
        { kind: 'completeness-confirmed', at, by: d.by === 'deadline' ? 'deadline' : 'clerk' },
      ];
    case PERMIT_APPLICATION_CHANGES_REQUESTED_V1:
      return [{ kind: 'changes-requested', at }];
    case PERMIT_APPLICATION_RESUBMITTED_V1:
      return [{ kind: 'resubmitted', at, quantities: d.quantities as Quantities }];
    case PERMIT_APPLICATION_PAYMENT_REQUESTED_V1:
      return [
        {
          kind: 'payment-requested',
          at,
          feeMinor: num(d.feeMinor) ?? 0,
          currency: String(d.currency),
          quantities: d.quantities as Quantities,
        },
      ];
    case PERMIT_APPLICATION_REVIEW_STARTED_V1:
      return [{ kind: 'review-started', at, workingDaysLeft: num(d.workingDaysLeft) ?? 0 }];
    case PERMIT_APPLICATION_HELD_V1: {
      const left = num(d.workingDaysLeft);
      return [{ kind: 'held', at, ...(left !== undefined ? { workingDaysLeft: left } : {}) }];
    }
    case PERMIT_APPLICATION_RELEASED_V1:
      return [{ kind: 'released', at, restarted: typeof d.reviewDueAt === 'string' }];
    case PERMIT_APPLICATION_FEE_REFUNDED_V1: {
      const refundedMinor = num(d.amountMinor) ?? 0;
      // A breach refunds once its due time has passed; a lowered fee refunds while the clock stops.
      const breach = typeof d.reviewDueAt === 'string' && new Date(d.reviewDueAt) <= at;
      return breach
        ? [{ kind: 'breach', at, remedy: 'fee_refund', refundedMinor }]
        : [{ kind: 'fee-reassessed', at, refundedMinor }];
    }
    case PERMIT_APPLICATION_ESCALATED_V1:
      return [{ kind: 'breach', at, remedy: 'escalate' }];
    case PERMIT_APPLICATION_DEEMED_APPROVED_V1:
      return [
        { kind: 'breach', at, remedy: 'deemed_approved' },
        { kind: 'closed', at, outcome: 'approved', deemed: true },
      ];
    case PERMIT_APPLICATION_DEEMED_REFUSED_V1:
      return [
        { kind: 'breach', at, remedy: 'deemed_refused' },
        { kind: 'closed', at, outcome: 'rejected', deemed: true },
      ];
    case PERMIT_APPLICATION_APPROVED_V1:
      return [{ kind: 'closed', at, outcome: 'approved', deemed: false }];
    case PERMIT_APPLICATION_REJECTED_V1:
      return [{ kind: 'closed', at, outcome: 'rejected', deemed: false }];
    case PERMIT_APPLICATION_WITHDRAWN_V1:
      return [
        {
          kind: 'closed',
          at,
          outcome: 'withdrawn',
          deemed: false,
          refunded: d.compensation === 'refunded',
        },
      ];
    case PERMIT_APPLICATION_LAPSED_V1:
      return [{ kind: 'closed', at, outcome: 'lapsed', deemed: false }];
    default:
      return [];
  }
}

/** Collects the permits application events of an export, line by line. */
export class ExportHistories {
  private readonly cases = new Map<string, Building>();
  private line = 0;

  /** One line of the export (the header and other contexts' entries are skipped). */
  add(text: string): void {
    this.line += 1;
    if (text.trim() === '') return;
    let entry: { kind?: string; type?: string; data?: string };
    try {
      entry = JSON.parse(text) as typeof entry;
    } catch {
      throw new Error(`line ${this.line} of the export is not JSON`);
    }
    if (entry.kind !== 'entry' || !entry.type?.startsWith('gov.permits.application.')) return;
    const event = JSON.parse(entry.data ?? '{}') as Envelope;
    const d = event.data ?? {};
    const applicationId = String(d.applicationId);
    let c = this.cases.get(applicationId);
    if (!c) {
      c = { steps: [] };
      this.cases.set(applicationId, c);
    }
    const at = new Date(event.time);
    if (event.type === PERMIT_APPLICATION_SUBMITTED_V1)
      c.history = {
        applicationId,
        permitType: String(d.permitType),
        typeVersion: num(d.typeVersion) ?? 1,
        submittedAt: new Date(typeof d.submittedAt === 'string' ? d.submittedAt : event.time),
        quantities: (d.quantities as Quantities | undefined) ?? {},
        steps: [],
      };
    else c.steps.push(...stepsOfEvent(event.type, at, d));
  }

  /**
   * Every case submitted in [start, end) with its version's rules (`rulesOf`, e.g. from the
   * catalogue; unknown parts come from the events: review days from the first clock start).
   */
  *histories(
    start: Date,
    end: Date,
    rulesOf: (permitType: string, version: number) => ActualRules,
  ): Generator<CaseHistory> {
    for (const c of this.cases.values()) {
      const h = c.history;
      if (!h || h.submittedAt < start || h.submittedAt >= end) continue;
      const steps = [...c.steps].sort((a, b) => a.at.getTime() - b.at.getTime());
      yield { ...h, rules: rulesOf(h.permitType, h.typeVersion), steps };
    }
  }
}
