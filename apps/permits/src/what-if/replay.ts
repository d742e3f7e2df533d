import type { BusinessCalendar } from '#calendar';
import {
  assessFee,
  type FeeRule,
  type PermitTypeDefinition,
  type Quantities,
  type ReviewRemedy,
} from '../permit-types/permit-type.js';
import type { CaseHistory, HistoryStep } from './case-history.js';
import { workingDaysOf, type WorkingDays } from './working-days.js';

/*
 * The recomputation of one case under a proposed fee rule and SLA (docs/permits.md, "What-if
 * replay"). Pure: the history, the proposal, the business calendar and the instant the history
 * was read (`asOf`) in; what happened and what would have happened out. The model:
 *
 * - People act when they acted. The completeness check ends when the clerk found the case
 *   complete, or at the proposed deadline if that comes first (silence counts as complete);
 *   everything after it moves by the same amount of time (the applicant pays, the clerk
 *   decides, as long after it as they did).
 * - A payment made after the proposed payment deadline would have been too late: the case
 *   lapses (only when a payment window is proposed).
 * - The review clock runs from each review start, stops when changes are asked (keeping the
 *   whole working days left to its due time) and restarts on the next start; a hold stops it
 *   the same way and its release restarts it with the days it kept (as `workflows/permits/
 *   clock.ts` does). A decision, change request, hold or withdrawal after the due time, or
 *   none by `asOf`, misses the deadline,
 *   and the remedy applies: `deemed_*` decides at the due time, `fee_refund` refunds what was
 *   paid, `escalate` lets the case go on. A case the clock decided (deemed) had no decision of
 *   a person: under the proposal the clock decides again, at its own due time.
 * - Revenue is what a case paid and kept: the fee of its last assessed quantities under the
 *   proposed rule (the workflow invoices a rise and refunds a fall), nothing when it lapsed,
 *   was withdrawn after paying (refunded) or its fee was refunded by the remedy.
 */

/** What is proposed for one permit type; absent parts stay as the type version has them. */
export interface TypeProposal {
  fee?: FeeRule;
  reviewDays?: number;
  completenessCheckDays?: number;
  paymentDays?: number;
  remedy?: ReviewRemedy;
}

export interface CaseResult {
  /** The review deadline was missed (the remedy applied). */
  missed: boolean;
  lapsed: boolean;
  /** Approved or rejected (by a person or deemed), and when. */
  decision?: { outcome: 'approved' | 'rejected'; at: Date };
  /** Paid and kept, minor units of `currency`. */
  revenueMinor: number;
  currency?: string;
}

export interface CaseReplay {
  permitType: string;
  submittedAt: Date;
  actual: CaseResult;
  proposed: CaseResult;
}

const MS_DAY = 86_400_000;

const feeOf = (rule: FeeRule, quantities: Quantities): number =>
  assessFee({ fee: rule } as PermitTypeDefinition, quantities).totalMinor;

/** The case as it happened, from its recorded steps. */
export function actualResult(h: CaseHistory): CaseResult {
  let paid = 0;
  let kept = 0;
  let currency: string | undefined;
  let pending: number | undefined;
  let missed = false;
  let lapsed = false;
  let decision: CaseResult['decision'];
  for (const step of h.steps) {
    switch (step.kind) {
      case 'payment-requested':
        currency ??= step.currency;
        if (pending !== undefined) paid += pending;
        pending = step.feeMinor;
        break;
      case 'review-started':
        if (pending !== undefined) paid += pending;
        pending = undefined;
        break;
      case 'fee-reassessed':
        kept -= step.refundedMinor;
        break;
      case 'breach':
        missed = true;
        if (step.refundedMinor) kept -= step.refundedMinor;
        break;
      case 'closed':
        if (step.outcome === 'lapsed') {
          lapsed = true;
          pending = undefined;
        } else if (step.outcome === 'withdrawn') {
          pending = undefined;
          if (step.refunded) kept = -paid;
        } else {
          decision = { outcome: step.outcome, at: step.at };
          if (pending !== undefined) paid += pending;
          pending = undefined;
        }
        break;
      case 'completeness-confirmed':
      case 'changes-requested':
      case 'resubmitted':
      case 'held':
      case 'released':
        break;
    }
  }
  return { missed, lapsed, ...(decision ? { decision } : {}), revenueMinor: paid + kept, currency };
}

/** The rules in force under the proposal: the proposed ones, else the case's own. */
function rulesOf(h: CaseHistory, p: TypeProposal) {
  const firstStart = h.steps.find((s) => s.kind === 'review-started');
  return {
    reviewDays:
      p.reviewDays ??
      h.rules.reviewDays ??
      (firstStart?.kind === 'review-started' ? firstStart.workingDaysLeft : undefined),
    completenessCheckDays: p.completenessCheckDays ?? h.rules.completenessCheckDays,
    actualCompletenessDays: h.rules.completenessCheckDays,
    paymentDays: p.paymentDays,
    remedy: p.remedy ?? h.rules.remedy ?? 'escalate',
  };
}

/**
 * How far the completeness check's end moves (ms, negative: earlier) and the index of its step:
 * the check runs from submission or the last resubmission before it.
 */
function completenessShift(
  h: CaseHistory,
  rules: ReturnType<typeof rulesOf>,
  cal: WorkingDays,
): { shift: number; index: number } {
  const index = h.steps.findIndex((s) => s.kind === 'completeness-confirmed');
  const step = h.steps[index];
  if (!step || step.kind !== 'completeness-confirmed' || rules.completenessCheckDays === undefined)
    return { shift: 0, index };
  let checkFrom = h.submittedAt;
  for (const s of h.steps.slice(0, index)) if (s.kind === 'resubmitted') checkFrom = s.at;
  const due = cal.addWorkingDays(checkFrom, rules.completenessCheckDays);
  // When the deadline confirmed it, it ended at the legal due time of the actual rule.
  const actualEnd =
    step.by === 'deadline' && rules.actualCompletenessDays !== undefined
      ? cal.addWorkingDays(checkFrom, rules.actualCompletenessDays)
      : step.at;
  const end = step.by === 'clerk' && actualEnd <= due ? actualEnd : due;
  return { shift: end.getTime() - actualEnd.getTime(), index };
}

/** The case under the proposal (see the model above). */
export function proposedResult(
  h: CaseHistory,
  p: TypeProposal,
  calendar: BusinessCalendar,
  asOf: Date,
): CaseResult {
  const cal = workingDaysOf(calendar);
  const actual = actualResult(h);
  const rules = rulesOf(h, p);
  const { shift, index } = completenessShift(h, rules, cal);
  const moved = (step: HistoryStep, i: number): Date =>
    i >= index && index >= 0 ? new Date(step.at.getTime() + shift) : step.at;

  // Payment: too late under a proposed window lapses the case.
  let lapsed = actual.lapsed;
  let lapsedAt: Date | undefined;
  if (rules.paymentDays !== undefined && !lapsed) {
    const r = h.steps.findIndex((s) => s.kind === 'payment-requested');
    const request = h.steps[r];
    const paidIndex = h.steps.findIndex((s, i) => i > r && s.kind === 'review-started');
    if (request && paidIndex >= 0) {
      const due = cal.addWorkingDays(moved(request, r), rules.paymentDays);
      if (moved(h.steps[paidIndex] as HistoryStep, paidIndex) > due) {
        lapsed = true;
        lapsedAt = due;
      }
    }
  }

  // The review clock.
  let missed = false;
  let refundedByRemedy = false;
  let decision: CaseResult['decision'];
  let withdrawnRefunded = false;
  let reachedReview = false;
  if (!lapsedAt) {
    let clock: 'not_started' | 'running' | 'stopped' | 'done' = 'not_started';
    let left = rules.reviewDays ?? 0;
    let due = new Date(0);
    /** The running clock was stopped by a hold (its release restarts it). */
    let holdStopped = false;
    let ended = false;
    /** The clock ran out at `due`: the remedy; true when it decided the case. */
    const miss = (): boolean => {
      missed = true;
      if (rules.remedy === 'deemed_approved' || rules.remedy === 'deemed_refused') {
        decision = {
          outcome: rules.remedy === 'deemed_approved' ? 'approved' : 'rejected',
          at: due,
        };
        return true;
      }
      if (rules.remedy === 'fee_refund') refundedByRemedy = true;
      return false;
    };
    for (const [i, step] of h.steps.entries()) {
      if (ended) break;
      const at = moved(step, i);
      if (clock === 'running' && at > due && isPersonsMove(step)) {
        clock = 'done';
        if (miss()) {
          ended = true;
          break;
        }
      }
      switch (step.kind) {
        case 'review-started':
          reachedReview = true;
          if (clock === 'not_started' || clock === 'stopped') {
            if (rules.reviewDays === undefined) {
              clock = 'done';
              break;
            }
            due = cal.addWorkingDays(at, left);
            clock = 'running';
            holdStopped = false;
          }
          break;
        case 'changes-requested':
          if (clock === 'running') {
            left = cal.workingDaysBetween(at, due);
            clock = 'stopped';
          }
          break;
        case 'held':
          if (clock === 'running') {
            left = cal.workingDaysBetween(at, due);
            clock = 'stopped';
            holdStopped = true;
          }
          break;
        case 'released':
          // The hold's own stop, or a resubmission's restart the hold put off (the workflow
          // recorded it on the release): the clock runs again with the whole days it kept.
          if (clock === 'stopped' && (holdStopped || step.restarted)) {
            due = cal.addWorkingDays(at, left);
            clock = 'running';
          }
          holdStopped = false;
          break;
        case 'closed':
          if (step.deemed) break; // the clock, not a person: it decides again below
          ended = true;
          clock = 'done';
          if (step.outcome === 'approved' || step.outcome === 'rejected')
            decision = { outcome: step.outcome, at };
          if (step.outcome === 'withdrawn' && step.refunded) withdrawnRefunded = true;
          break;
        case 'completeness-confirmed':
        case 'resubmitted':
        case 'payment-requested':
        case 'fee-reassessed':
        case 'breach':
          break;
      }
    }
    // No person ended the case: the clock runs out at its due time, if that is past.
    if (!ended && clock === 'running' && due <= asOf) miss();
  }

  // Revenue.
  let revenueMinor = 0;
  let currency = actual.currency;
  // Paid: the review clock starts only once the fee is paid.
  if (!lapsed && !withdrawnRefunded && !refundedByRemedy && reachedReview) {
    if (p.fee) {
      revenueMinor = feeOf(p.fee, lastQuantities(h));
      currency = p.fee.currency;
    } else revenueMinor = keptBeforeRemedies(h);
  }
  if (lapsed && lapsedAt === undefined && p.fee && actual.revenueMinor > 0) {
    // Lapsed on an adjustment: the first fee stays paid.
    revenueMinor = feeOf(p.fee, firstPaidQuantities(h));
    currency = p.fee.currency;
  } else if (lapsed && lapsedAt === undefined) revenueMinor = actual.revenueMinor;
  return {
    missed,
    lapsed,
    ...(decision && !lapsed ? { decision } : {}),
    revenueMinor,
    ...(currency ? { currency } : {}),
  };
}

/**
 * A step a person took that ends or stops the clock (a decision, a change request, a hold, a
 * withdrawal): taken after the due time, the clock had run out before it.
 */
const isPersonsMove = (step: HistoryStep): boolean =>
  step.kind === 'changes-requested' ||
  step.kind === 'held' ||
  (step.kind === 'closed' && !step.deemed);

/** What the case paid and kept, leaving out refunds of a remedy or a withdrawal. */
function keptBeforeRemedies(h: CaseHistory): number {
  const withoutRefunds = {
    ...h,
    steps: h.steps
      .filter((s) => s.kind !== 'breach')
      .map((s) => (s.kind === 'closed' ? { ...s, refunded: false } : s)),
  };
  return actualResult(withoutRefunds).revenueMinor;
}

/** The quantities of the last assessment: the last resubmission's, else those submitted. */
function lastQuantities(h: CaseHistory): Quantities {
  let q = h.quantities;
  for (const s of h.steps) {
    if (s.kind === 'resubmitted' && s.quantities) q = s.quantities;
    if (s.kind === 'payment-requested' && s.quantities) q = s.quantities;
  }
  return q;
}

function firstPaidQuantities(h: CaseHistory): Quantities {
  const first = h.steps.find((s) => s.kind === 'payment-requested');
  return (first?.kind === 'payment-requested' ? first.quantities : undefined) ?? h.quantities;
}

/** Both sides of one case. */
export function replayCase(
  h: CaseHistory,
  p: TypeProposal,
  cal: BusinessCalendar,
  asOf: Date,
): CaseReplay {
  return {
    permitType: h.permitType,
    submittedAt: h.submittedAt,
    actual: actualResult(h),
    proposed: proposedResult(h, p, cal, asOf),
  };
}

/** Days (calendar days, as a fraction) from submission to the decision. */
export const daysToDecision = (r: CaseReplay, side: 'actual' | 'proposed'): number | undefined => {
  const d = r[side].decision;
  return d ? (d.at.getTime() - r.submittedAt.getTime()) / MS_DAY : undefined;
};
