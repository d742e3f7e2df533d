import { condition, patched } from '@temporalio/workflow';
import type { PermitApplicationInput, PermitCaseState } from '#contracts/temporal';
import {
  acts,
  cancelRunningInspection,
  closing,
  FEWER_ROUND_TRIPS,
  finalState,
  mirror,
  nowIso,
  openCase,
  record,
  recordVia,
  section,
  upsert,
  type Case,
} from './case.js';
import { clockStarted, recomputeDue, remedy, reviewStartFacts, startClock } from './clock.js';
import { close, collect, lapse } from './fees.js';
import { registerHandlers } from './handlers.js';
import { applyInspection } from './inspections.js';
import { afterResubmission } from './resubmission.js';

/**
 * One permit application's case, from submission to its end (docs/permits.md, "Workflow"):
 * completeness check → fee → review (clock, Updates, inspections, four eyes) → issued, or
 * rejected / withdrawn / lapsed / deemed. Every transition is written by the permits service
 * through `permitsRecordTransition` with the workflow's own `seq`; the Updates return after
 * their transition is recorded. Returns the final state.
 *
 * The parts: case.ts (the state and its moves), handlers.ts (Query, Signals, Updates),
 * refusals.ts (the Updates' validators), clock.ts (the review clock and its remedies),
 * fees.ts (invoices, lapse, refunds, the end of a withdrawal), resubmission.ts,
 * inspections.ts (the child rounds). This file is the flow.
 */
export async function permitApplicationWorkflow(
  input: PermitApplicationInput,
): Promise<PermitCaseState> {
  const c = openCase(input);
  registerHandlers(c);
  // The start set the search attributes of a submitted case: nothing to upsert yet.
  if (input.completenessDue && patched(FEWER_ROUND_TRIPS))
    c.upserted = `${c.s.status}|${c.s.assigneeId ?? ''}`;
  upsert(c);

  const checked = await completenessCheck(c);
  if (checked === 'ending') return close(c);

  // 2. The fee (assessed already when the deadline confirmed completeness).
  const assessment =
    c.assessment ??
    (await section(c, () => acts.permitsAssess({ applicationId: input.applicationId })));
  c.quantities = assessment.quantities;
  c.assessedMinor = assessment.totalMinor;
  c.s.secondApprovalRequired = assessment.secondApprovalRequired;
  if (assessment.totalMinor > 0) {
    const paid = await collect(c, 'application-fee', assessment.lines);
    if (paid === 'lapsed') return lapse(c);
    if (paid === 'ending') return close(c);
  }

  return review(c);
}

/** 1. Completeness check: a clerk's finding, or the deadline counts it complete. */
async function completenessCheck(c: Case): Promise<'complete' | 'ending'> {
  // Read through a function: handlers change it across awaits.
  const completenessIs = (value: Case['completeness']): boolean => c.completeness === value;
  let checkFrom = c.input.submittedAt;
  let given = c.input.completenessDue;
  for (;;) {
    const deadline =
      given && patched(FEWER_ROUND_TRIPS)
        ? { dueAt: given.dueAt, waitMs: Math.max(0, Date.parse(given.timerEndsAt) - Date.now()) }
        : await acts.permitsDeadline({
            from: checkFrom,
            workingDays: c.input.rules.completenessCheckDays,
          });
    given = undefined;
    c.s.completenessDueAt = deadline.dueAt;
    await condition(() => c.completeness !== 'pending' || closing(c), deadline.waitMs);
    await section(c, async () => {
      if (c.completeness !== 'pending' || closing(c)) return;
      const detail = {
        facts: {
          completenessBy: 'deadline' as const,
          completenessDueAt: deadline.dueAt,
          clockStage: 'completeness' as const,
        },
      };
      if (patched(FEWER_ROUND_TRIPS)) {
        // A case with no fee has its review clock started by the same activity (the next
        // seq); one with a fee, or a run recorded before, gets none and starts it later.
        const from = nowIso();
        const days = c.input.rules.reviewDays;
        const facts = reviewStartFacts(c, days);
        const { reviewStarted, ...assessment } = await recordVia(
          c,
          'completeness-confirmed',
          detail,
          (request) =>
            acts.permitsConfirmCompleteness({
              ...request,
              thenStartReview: {
                from,
                workingDays: days,
                transition: {
                  applicationId: request.applicationId,
                  seq: request.seq + 1,
                  transition: 'review-started',
                  facts,
                },
              },
            }),
        );
        c.assessment = assessment;
        if (reviewStarted) {
          c.seq += 1;
          mirror(c, facts);
          clockStarted(c, from, days, reviewStarted);
        }
      } else await record(c, 'completeness-confirmed', detail);
      c.completeness = 'confirmed';
    });
    if (closing(c)) return 'ending';
    if (completenessIs('confirmed')) return 'complete';
    await condition(() => c.resubmission !== undefined || closing(c));
    if (closing(c)) return 'ending';
    checkFrom = c.resubmission?.at ?? nowIso();
    c.resubmission = undefined;
    c.completeness = 'pending';
  }
}

/** 3. Review: the clock races the decisions. */
async function review(c: Case): Promise<PermitCaseState> {
  const { s } = c;
  // (Started already when the deadline's confirmation of a case with no fee started it.)
  await section(c, () =>
    closing(c) || s.clock !== 'not_started'
      ? Promise.resolve()
      : startClock(c, c.input.rules.reviewDays),
  );
  for (;;) {
    if (closing(c)) return close(c);
    if (c.approved && !awaitingConditions(c)) return issue(c);
    if (c.resubmission) {
      const args = c.resubmission;
      c.resubmission = undefined;
      const outcome = await afterResubmission(c, args);
      if (outcome === 'lapsed') return lapse(c);
      continue;
    }
    if (c.inspection?.result) {
      const result = c.inspection.result;
      c.inspection = undefined;
      await section(c, () => applyInspection(c, result));
      continue;
    }
    if (c.calendarPending) {
      await section(c, () => recomputeDue(c));
      continue;
    }
    const seenWake = c.wake;
    if (s.clock === 'running') {
      const left = c.clockEndsAt - Date.now();
      if (left <= 0) {
        await section(c, () =>
          s.clock === 'running' && !closing(c) && !c.approved ? remedy(c) : Promise.resolve(),
        );
        continue;
      }
      await condition(() => c.wake !== seenWake, left);
    } else {
      await condition(() => c.wake !== seenWake);
    }
  }
}

/**
 * Approved with a condition of approval unmet: the loop waits (`approved /
 * awaiting_conditions`) until the last is marked met. Only a case that has conditions asks the
 * patch, so the histories recorded before conditions existed replay unchanged.
 */
const awaitingConditions = (c: Case): boolean =>
  c.s.unmetConditions > 0 && patched('permits-conditions-of-approval');

/** Approved: the permit is issued (number, validity) by the service. */
async function issue(c: Case): Promise<PermitCaseState> {
  const { s } = c;
  await section(c, async () => {
    cancelRunningInspection(c);
    const permit = await acts.permitsIssuePermit({
      applicationId: c.input.applicationId,
      seq: ++c.seq,
    });
    s.permitNumber = permit.permitNumber;
    s.status = 'issued';
    s.step = 'closed';
    s.transitions += 1;
    upsert(c);
  });
  return finalState(c);
}
