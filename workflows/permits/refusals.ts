/**
 * The Update validators of the permit application workflow: synchronous, from workflow state
 * only. Each throws a non-retryable `ApplicationFailure` whose `type` is the stable code the
 * permits service would give (`PERMITS.*`, `POLICY.*`), so a refusal reads the same whichever
 * of the two gave it. The pure access rules are the shared ones (`#contracts/access`).
 */
import { ApplicationFailure } from '@temporalio/workflow';
import { Policy, decide, type PolicyRule } from '#contracts/access';
import type { PermitsApplicationErrorCode } from '../../libs/contracts/src/errors/permits-applications.errors.js';
import type {
  CaseActor,
  DecideArgs,
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
}

export const refuse = (code: PermitsApplicationErrorCode, message: string): never => {
  throw ApplicationFailure.nonRetryable(message, code);
};

function apply(actor: CaseActor, view: ValidationView, ...rules: PolicyRule[]): void {
  const decision = decide(
    actor,
    { ownerId: view.applicantId, approverIds: view.state.approverIds },
    ...rules,
  );
  if (!decision.allowed) throw ApplicationFailure.nonRetryable(decision.message, decision.code);
}

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

function notPending(view: ValidationView): void {
  if (view.state.pendingDecision)
    refuse(
      'PERMITS.DECISION_IN_PROGRESS',
      'another decision on this application is being recorded; read it again',
    );
}

const STAFF = Policy.roles('clerk', 'supervisor');

export function validateDecision(view: ValidationView, args: DecideArgs): void {
  const { state } = view;
  apply(args.actor, view, STAFF, Policy.notOwnCase());
  open(view);
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
      if (!args.reasonCode) refuse('PERMITS.REASON_REQUIRED', 'a reason code is required');
      if (!args.revisionItemKeys?.length)
        refuse('PERMITS.REVISION_ITEMS_REQUIRED', 'name at least one revision item');
      return;
    case 'reject':
      if (!(inReview || state.status === 'inspection')) invalid(state);
      if (!args.reasonCode) refuse('PERMITS.REASON_REQUIRED', 'a reason code is required');
      return;
    case 'approve':
      if (!(inReview || state.status === 'inspection')) invalid(state);
      if (view.inspectionRequired && state.lastInspection !== 'passed')
        refuse('PERMITS.INSPECTION_REQUIRED', 'this permit type needs a passed inspection first');
      if (!inReview) invalid(state);
      if (state.step === 'second_approval') {
        if (args.actor.role !== 'supervisor')
          refuse('PERMITS.SECOND_APPROVAL_ROLE', 'the second approval is a supervisor’s');
        apply(args.actor, view, Policy.newApprover());
      }
      return;
  }
}

export function validateClaim(view: ValidationView, actor: CaseActor): void {
  apply(actor, view, STAFF, Policy.notOwnCase());
  open(view);
}

export function validateReassign(view: ValidationView, actor: CaseActor, assigneeId: string): void {
  apply(actor, view, Policy.roles('supervisor'), Policy.notOwnCase());
  open(view);
  if (assigneeId === view.applicantId)
    throw ApplicationFailure.nonRetryable(
      'staff may not act on a case of their own',
      'POLICY.OWN_CASE',
    );
}

export function validateSchedule(view: ValidationView, args: ScheduleInspectionArgs): void {
  const { state } = view;
  apply(args.actor, view, STAFF, Policy.notOwnCase());
  open(view);
  notPending(view);
  if (args.inspectorId === view.applicantId)
    throw ApplicationFailure.nonRetryable(
      'staff may not act on a case of their own',
      'POLICY.OWN_CASE',
    );
  const reviewing = state.status === 'under_review' && state.step === 'review';
  const afterFailure = state.status === 'inspection' && state.step === 'inspection_failed';
  if (!(reviewing || afterFailure) || view.inspectionRunning) invalid(state);
  if (state.lastInspection === 'passed') invalid(state);
}

export function validateResubmit(view: ValidationView, args: ResubmitArgs): void {
  apply(args.actor, view, Policy.ownerOr());
  open(view);
  notPending(view);
  if (view.state.status !== 'changes_requested') invalid(view.state);
}

export function validateWithdraw(view: ValidationView, actor: CaseActor): void {
  apply(actor, view, Policy.ownerOr());
  open(view);
  notPending(view);
}
