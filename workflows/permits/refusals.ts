/**
 * The Update validators of the permit application workflow: synchronous, from workflow state
 * only. Who may do what is not decided here: each validator first applies the shared pure rule
 * the permits service applies before it sends the Update (`#contracts/access`:
 * `permitDecisionRefusal`, `claimRefusal`, `reassignRefusal`, `scheduleInspectionRefusal`,
 * `applicantRefusal`) to the facts the workflow holds, then checks the case's state, which only
 * the workflow knows for certain. A refusal is a non-retryable `ApplicationFailure` whose `type`
 * is the stable code (`PERMITS.*`, `POLICY.*`), so it reads the same whichever of the two gave it.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import {
  addConditionRefusal,
  applicantRefusal,
  claimRefusal,
  conditionMetRefusal,
  holdRefusal,
  permitDecisionRefusal,
  reassignRefusal,
  scheduleInspectionRefusal,
  type PermitCaseFacts,
  type PermitsRefusal,
} from '#contracts/access';
import type { PermitsApplicationErrorCode } from '../../libs/contracts/src/errors/permits-applications.errors.js';
import type {
  AddConditionArgs,
  CaseActor,
  DecideArgs,
  HoldArgs,
  MarkConditionMetArgs,
  PermitCaseState,
  ResubmitArgs,
  ScheduleInspectionArgs,
} from '#contracts/temporal';

/** What the validators read besides the Query's view. */
export interface ValidationView {
  state: PermitCaseState;
  applicantId: string;
  inspectionRequired: boolean;
  /** A withdrawal, rejection or deemed outcome is under way: nothing else is taken. */
  ending: boolean;
  /** An inspection child is running. */
  inspectionRunning: boolean;
  /** Conditions of approval by id: met or not. */
  conditions: ReadonlyMap<string, boolean>;
}

export const refuse = (code: PermitsApplicationErrorCode, message: string): never => {
  throw ApplicationFailure.nonRetryable(message, code);
};

/** Throws the shared rule's refusal, if any. */
function check(refusal: PermitsRefusal | null): void {
  if (refusal) throw ApplicationFailure.nonRetryable(refusal.message, refusal.code);
}

/** The facts the shared rules read, from workflow state. */
const factsOf = (view: ValidationView): PermitCaseFacts => ({
  applicantId: view.applicantId,
  approverIds: view.state.approverIds,
  secondApprovalRequired: view.state.secondApprovalRequired,
});

const invalid = (state: PermitCaseState): never =>
  refuse(
    'PERMITS.INVALID_TRANSITION',
    `not allowed while the application is ${state.status} (${state.step})`,
  );

const OPEN: readonly string[] = [
  'submitted',
  'changes_requested',
  'awaiting_payment',
  'under_review',
  'inspection',
];

function open(view: ValidationView): void {
  if (!OPEN.includes(view.state.status) || view.ending) invalid(view.state);
}

/** A held case: nothing that moves it is taken until it is released. */
function notHeld(view: ValidationView): void {
  if (view.state.onHold)
    refuse(
      'PERMITS.APPLICATION_ON_HOLD',
      'the application is on hold: nothing moves until a supervisor releases it',
    );
}

/** Approved, its permit waiting for the conditions of approval to be met. */
const awaitingConditions = (state: PermitCaseState): boolean =>
  state.status === 'approved' && state.step === 'awaiting_conditions';

/** Open, or approved and waiting for its conditions: conditions may be added and met. */
function openForConditions(view: ValidationView): void {
  if (view.ending || !(OPEN.includes(view.state.status) || awaitingConditions(view.state)))
    invalid(view.state);
}

function notPending(view: ValidationView): void {
  if (view.state.pendingDecision)
    refuse(
      'PERMITS.DECISION_IN_PROGRESS',
      'another decision on this application is being recorded; read it again',
    );
}

export function validateDecision(view: ValidationView, args: DecideArgs): void {
  const { state } = view;
  check(permitDecisionRefusal(args.actor, factsOf(view), args));
  open(view);
  notHeld(view);
  notPending(view);
  const inCompleteness = state.status === 'submitted' && state.step === 'completeness_check';
  const inReview =
    state.status === 'under_review' &&
    (state.step === 'review' || state.step === 'second_approval');
  switch (args.decision) {
    case 'confirm_complete':
      if (!inCompleteness) invalid(state);
      return;
    case 'request_changes':
      if (!(inCompleteness || (inReview && state.step === 'review'))) invalid(state);
      return;
    case 'reject':
      if (!(inReview || state.status === 'inspection')) invalid(state);
      return;
    case 'approve':
      if (!(inReview || state.status === 'inspection')) invalid(state);
      if (view.inspectionRequired && state.lastInspection !== 'passed')
        refuse('PERMITS.INSPECTION_REQUIRED', 'this permit type needs a passed inspection first');
      if (!inReview) invalid(state);
      return;
  }
}

export function validateClaim(view: ValidationView, actor: CaseActor): void {
  check(claimRefusal(actor, factsOf(view)));
  open(view);
  notHeld(view);
}

export function validateReassign(view: ValidationView, actor: CaseActor, assigneeId: string): void {
  check(reassignRefusal(actor, factsOf(view), assigneeId));
  open(view);
  notHeld(view);
}

export function validateSchedule(view: ValidationView, args: ScheduleInspectionArgs): void {
  const { state } = view;
  check(scheduleInspectionRefusal(args.actor, factsOf(view), args.inspectorId));
  open(view);
  notHeld(view);
  notPending(view);
  const reviewing = state.status === 'under_review' && state.step === 'review';
  const afterFailure = state.status === 'inspection' && state.step === 'inspection_failed';
  if (!(reviewing || afterFailure) || view.inspectionRunning) invalid(state);
  if (state.lastInspection === 'passed') invalid(state);
}

export function validateResubmit(view: ValidationView, args: ResubmitArgs): void {
  check(applicantRefusal(args.actor, factsOf(view)));
  open(view);
  notHeld(view);
  notPending(view);
  if (view.state.status !== 'changes_requested') invalid(view.state);
}

export function validateWithdraw(view: ValidationView, actor: CaseActor): void {
  check(applicantRefusal(actor, factsOf(view)));
  open(view);
  notPending(view);
}

/** Attaching a condition: open or approved and waiting for conditions; allowed while held. */
export function validateAddCondition(view: ValidationView, args: AddConditionArgs): void {
  check(addConditionRefusal(args.actor, factsOf(view)));
  openForConditions(view);
  notPending(view);
  if (view.conditions.has(args.conditionId)) invalid(view.state);
}

export function validateConditionMet(view: ValidationView, args: MarkConditionMetArgs): void {
  check(conditionMetRefusal(args.actor, factsOf(view)));
  openForConditions(view);
  notHeld(view);
  const met = view.conditions.get(args.conditionId);
  if (met === undefined)
    refuse('PERMITS.CONDITION_NOT_FOUND', 'no such condition on this application');
  if (met) refuse('PERMITS.CONDITION_ALREADY_MET', 'the condition was already marked met');
  notPending(view);
}

/**
 * Statuses a hold applies to: the review (and its inspections), changes asked during review,
 * and an approval waiting for its conditions. Before review the case waits on a completeness
 * check whose silence counts as complete, or on the applicant's payment.
 */
function holdable(view: ValidationView): boolean {
  const { state } = view;
  if (view.ending) return false;
  if (state.status === 'under_review' || state.status === 'inspection') return true;
  if (state.status === 'changes_requested') return state.clock !== 'not_started';
  return awaitingConditions(state);
}

export function validateHold(view: ValidationView, args: HoldArgs): void {
  check(holdRefusal(args.actor, factsOf(view)));
  if (view.state.onHold && !view.ending)
    refuse('PERMITS.APPLICATION_ON_HOLD', 'the application is on hold already');
  if (!holdable(view)) invalid(view.state);
  notPending(view);
}

export function validateRelease(view: ValidationView, actor: CaseActor): void {
  check(holdRefusal(actor, factsOf(view)));
  if (view.ending) invalid(view.state);
  if (!view.state.onHold)
    refuse('PERMITS.APPLICATION_NOT_ON_HOLD', 'the application is not on hold');
  notPending(view);
}
