import { patched } from '@temporalio/workflow';
import {
  acts,
  cancelRunningInspection,
  FEWER_ROUND_TRIPS,
  nowIso,
  record,
  recordVia,
  unmetConditions,
  type Case,
  type Facts,
} from './case.js';
import type { Deadline } from '#contracts/temporal';
import { refundPaid } from './fees.js';

/*
 * The review clock: durable timers in working days (the due times come from the business
 * calendar through activities), stopped while the applicant is asked for changes, recomputed
 * when the calendar changes, and the type's remedy when it runs out.
 */

/** Stops a running review clock, keeping the whole working days left. */
export async function stopClock(c: Case): Promise<void> {
  const { s } = c;
  if (s.clock !== 'running' || !s.reviewDueAt) return;
  const waitMsLeft = Math.max(0, c.clockEndsAt - Date.now());
  s.clock = 'stopped';
  s.workingDaysLeft = await acts.permitsWorkingDaysLeft({
    now: nowIso(),
    dueAt: s.reviewDueAt,
    waitMsLeft,
  });
  s.reviewDueAt = null;
}

/** (Re)starts the review clock with `days` working days counted from now. */
/** The facts of a review clock's start (`reviewDueAt` is added by the activity that records it). */
export function reviewStartFacts(c: Case, days: number): Facts {
  return {
    status: 'under_review',
    step: c.s.approverIds.length > 0 ? 'second_approval' : 'review',
    workingDaysLeft: days,
    clockStage: 'review',
  };
}

/** A review clock started from `from` for `days`, due as `deadline` says. */
export function clockStarted(c: Case, from: string, days: number, deadline: Deadline): void {
  const { s } = c;
  c.clockStart = { from, days };
  c.clockEndsAt = Date.now() + deadline.waitMs;
  s.reviewDueAt = deadline.dueAt;
  s.workingDaysLeft = days;
  s.clock = 'running';
}

export async function startClock(c: Case, days: number): Promise<void> {
  const from = nowIso();
  const facts = reviewStartFacts(c, days);
  if (patched(FEWER_ROUND_TRIPS)) {
    // The due time computed and recorded in one activity (`reviewDueAt` set by it).
    const deadline = await recordVia(c, 'review-started', { facts }, (transition) =>
      acts.permitsStartReview({ from, workingDays: days, transition }),
    );
    clockStarted(c, from, days, deadline);
    return;
  }
  const deadline = await acts.permitsDeadline({ from, workingDays: days });
  clockStarted(c, from, days, deadline);
  await record(c, 'review-started', {
    facts: {
      status: facts.status,
      step: facts.step,
      reviewDueAt: deadline.dueAt,
      workingDaysLeft: days,
      clockStage: 'review',
    },
  });
}

/**
 * A hold's release: a review clock the hold stopped runs again with the whole working days it
 * kept, counted from the next working day (as after a resubmission). Answers the facts the
 * `released` transition records (none when no clock was stopped by the hold).
 */
export async function resumeClock(c: Case): Promise<Facts> {
  const { s } = c;
  if (!c.holdStoppedClock || s.clock !== 'stopped') return {};
  c.holdStoppedClock = false;
  const days = s.workingDaysLeft ?? 0;
  const from = nowIso();
  const deadline = await acts.permitsDeadline({ from, workingDays: days });
  c.clockStart = { from, days };
  c.clockEndsAt = Date.now() + deadline.waitMs;
  s.reviewDueAt = deadline.dueAt;
  s.clock = 'running';
  return { reviewDueAt: deadline.dueAt, workingDaysLeft: days };
}

/** Calendar changed: the running due time is computed again from the clock's start. */
export async function recomputeDue(c: Case): Promise<void> {
  const { s } = c;
  c.calendarPending = false;
  if (s.clock !== 'running' || !c.clockStart) return;
  const start = c.clockStart;
  const deadline = await acts.permitsDeadline({ from: start.from, workingDays: start.days });
  if (deadline.dueAt === s.reviewDueAt || s.clock !== 'running') return;
  s.reviewDueAt = deadline.dueAt;
  c.clockEndsAt = Date.now() + deadline.waitMs;
  await record(c, 'review-started', {
    facts: { reviewDueAt: deadline.dueAt, workingDaysLeft: start.days, clockStage: 'review' },
  });
}

/** The review clock ran out: the type's remedy. */
export async function remedy(c: Case): Promise<void> {
  c.s.clock = 'done';
  switch (c.input.rules.remedy) {
    case 'escalate':
      c.s.escalated = true;
      await record(c, 'escalated', { facts: { escalated: true } });
      return;
    case 'deemed_approved':
      cancelRunningInspection(c);
      await record(c, 'deemed-approved', {
        facts: {
          status: 'approved',
          step: unmetConditions(c) > 0 ? 'awaiting_conditions' : 'issuing',
        },
      });
      c.approved = true;
      return;
    case 'deemed_refused':
      cancelRunningInspection(c);
      await record(c, 'deemed-refused', { facts: { status: 'rejected', step: 'closed' } });
      c.ending = 'rejected';
      return;
    case 'fee_refund': {
      const refunded = await refundPaid(c, 'review_deadline_missed');
      await record(c, 'fee-refunded', {
        facts: { feeMinor: refunded, ...(c.lastRefundId ? { refundId: c.lastRefundId } : {}) },
      });
      return;
    }
  }
}
