import {
  PERMIT_APPLICATION_APPROVAL_RECORDED_V1,
  PERMIT_APPLICATION_APPROVED_V1,
  PERMIT_APPLICATION_ASSIGNED_V1,
  PERMIT_APPLICATION_CHANGES_REQUESTED_V1,
  PERMIT_APPLICATION_COMPLETENESS_CONFIRMED_V1,
  PERMIT_APPLICATION_CONDITION_ADDED_V1,
  PERMIT_APPLICATION_CONDITION_MET_V1,
  PERMIT_APPLICATION_HELD_V1,
  PERMIT_APPLICATION_RELEASED_V1,
  PERMIT_APPLICATION_DEEMED_APPROVED_V1,
  PERMIT_APPLICATION_DEEMED_REFUSED_V1,
  PERMIT_APPLICATION_ESCALATED_V1,
  PERMIT_APPLICATION_FEE_REFUNDED_V1,
  PERMIT_APPLICATION_LAPSED_V1,
  PERMIT_APPLICATION_PAYMENT_REMINDED_V1,
  PERMIT_APPLICATION_PAYMENT_REQUESTED_V1,
  PERMIT_APPLICATION_REJECTED_V1,
  PERMIT_APPLICATION_RESUBMITTED_V1,
  PERMIT_APPLICATION_REVIEW_STARTED_V1,
  PERMIT_APPLICATION_WITHDRAWN_V1,
  PERMIT_INSPECTION_FAILED_V1,
  PERMIT_INSPECTION_PASSED_V1,
  PERMIT_INSPECTION_SCHEDULED_V1,
  type ApplicationStatus,
  type CaseTransition,
  type EventMap,
  type RecordTransitionRequest,
} from '#contracts';
import type { Application } from './application.js';

/*
 * The transitions the workflow drives, as a table: from which statuses each is allowed, the
 * statuses it may lead to (the first is where it leads unless the workflow's facts name
 * another of them), and its event. Pure: the transition writer applies it in its transaction.
 */

export interface TransitionRule {
  from: readonly ApplicationStatus[];
  /** `same`: the status does not change. */
  to: readonly (ApplicationStatus | 'same')[];
}

const OPEN: readonly ApplicationStatus[] = [
  'submitted',
  'changes_requested',
  'awaiting_payment',
  'under_review',
  'inspection',
  'approved',
];

export const TRANSITION_RULES: Record<CaseTransition, TransitionRule> = {
  'completeness-confirmed': { from: ['submitted'], to: ['same', 'awaiting_payment'] },
  'payment-requested': {
    from: ['submitted', 'awaiting_payment', 'under_review', 'changes_requested'],
    to: ['awaiting_payment', 'under_review'],
  },
  'payment-reminded': { from: ['awaiting_payment'], to: ['same'] },
  'review-started': {
    from: ['submitted', 'awaiting_payment', 'changes_requested', 'under_review'],
    to: ['under_review'],
  },
  assigned: { from: OPEN, to: ['same'] },
  'changes-requested': { from: ['submitted', 'under_review'], to: ['changes_requested'] },
  resubmitted: { from: ['changes_requested'], to: ['submitted', 'under_review'] },
  'approval-recorded': { from: ['under_review', 'inspection'], to: ['same'] },
  approved: { from: ['under_review', 'inspection'], to: ['approved'] },
  rejected: { from: ['submitted', 'under_review', 'inspection'], to: ['rejected'] },
  withdrawn: { from: OPEN, to: ['withdrawn'] },
  lapsed: { from: ['awaiting_payment'], to: ['lapsed'] },
  escalated: {
    from: ['under_review', 'inspection', 'changes_requested', 'submitted'],
    to: ['same'],
  },
  'deemed-approved': { from: ['under_review', 'inspection'], to: ['approved'] },
  'deemed-refused': { from: ['under_review', 'inspection'], to: ['rejected'] },
  'fee-refunded': { from: ['under_review', 'inspection', 'withdrawn'], to: ['same'] },
  'inspection-scheduled': { from: ['under_review', 'inspection'], to: ['inspection'] },
  'inspection-passed': { from: ['inspection'], to: ['same', 'under_review'] },
  'inspection-failed': { from: ['inspection'], to: ['same', 'rejected'] },
  // Conditions of approval and holds never change the status (the step may: an approval
  // waiting for its conditions goes on to `issuing` when the last is met).
  'condition-added': { from: OPEN, to: ['same'] },
  'condition-met': { from: OPEN, to: ['same'] },
  held: { from: ['under_review', 'inspection', 'changes_requested', 'approved'], to: ['same'] },
  released: { from: OPEN, to: ['same'] },
  issued: { from: ['approved'], to: ['issued'] },
};

export const CLOSED_STATUSES: readonly ApplicationStatus[] = [
  'issued',
  'rejected',
  'withdrawn',
  'lapsed',
];

export type TransitionDecision =
  { allowed: true; to: ApplicationStatus } | { allowed: false; reason: 'from' | 'to' };

/** Whether `transition` may happen in `status`, and the status it leads to. */
export function decideTransition(
  status: ApplicationStatus,
  transition: CaseTransition,
  wanted?: ApplicationStatus,
): TransitionDecision {
  const rule = TRANSITION_RULES[transition];
  if (!rule.from.includes(status)) return { allowed: false, reason: 'from' };
  const targets = rule.to.map((t) => (t === 'same' ? status : t));
  if (wanted === undefined) return { allowed: true, to: targets[0] as ApplicationStatus };
  return targets.includes(wanted)
    ? { allowed: true, to: wanted }
    : { allowed: false, reason: 'to' };
}

/** Where the review clock stands after a transition (unchanged when it says nothing about it). */
export function clockAfter(
  current: Application['clock'],
  transition: CaseTransition,
  to: ApplicationStatus,
  stage?: 'completeness' | 'review',
  /** `released`: the hold's release restarted the review clock (it names the new due time). */
  restarted = false,
): Application['clock'] {
  if (CLOSED_STATUSES.includes(to) || to === 'approved') return 'done';
  if (transition === 'review-started') return 'running';
  if (transition === 'held' && current === 'running') return 'stopped';
  if (transition === 'released' && restarted && current === 'stopped') return 'running';
  if (transition === 'changes-requested' && stage !== 'completeness' && current === 'running')
    return 'stopped';
  return current;
}

/** An application event about to be written. */
export type TransitionEvent = {
  [K in keyof EventMap]: { subject: K; data: EventMap[K] };
}[keyof EventMap];

/** Something the transition's event needs that its request did not give. */
export class MissingFact extends Error {
  constructor(readonly fact: string) {
    super(`the transition needs facts.${fact}`);
  }
}

function need<T>(value: T | undefined | null, fact: string): T {
  if (value === undefined || value === null) throw new MissingFact(fact);
  return value;
}

/**
 * The event of a transition, from the application as it is after it (`after`) and the
 * request's facts. `issued` has none here: issuing writes the permit's own event.
 */
export function transitionEvent(
  after: Application,
  request: RecordTransitionRequest,
): TransitionEvent | undefined {
  const facts = request.facts ?? {};
  const base = {
    applicationId: after.id,
    ...(after.caseNumber ? { caseNumber: after.caseNumber } : {}),
    permitType: after.permitType,
    typeVersion: after.typeVersion,
  };
  const iso = (d: Date | null, fact: string) => need(d, fact).toISOString();
  switch (request.transition) {
    case 'completeness-confirmed':
      return {
        subject: PERMIT_APPLICATION_COMPLETENESS_CONFIRMED_V1,
        data: { ...base, by: facts.completenessBy ?? (request.actor ? 'clerk' : 'deadline') },
      };
    case 'payment-requested':
      return {
        subject: PERMIT_APPLICATION_PAYMENT_REQUESTED_V1,
        data: {
          ...base,
          invoiceId: need(facts.invoiceId, 'invoiceId'),
          purpose: facts.purpose ?? 'application-fee',
          feeMinor: need(facts.feeMinor ?? after.feeMinor, 'feeMinor'),
          currency: need(facts.currency ?? after.currency, 'currency'),
          quantities: facts.quantities ?? after.quantities,
          paymentDueAt: iso(after.paymentDueAt, 'paymentDueAt'),
        },
      };
    case 'payment-reminded':
      return {
        subject: PERMIT_APPLICATION_PAYMENT_REMINDED_V1,
        data: {
          ...base,
          invoiceId: need(facts.invoiceId ?? after.invoiceId, 'invoiceId'),
          paymentDueAt: iso(after.paymentDueAt, 'paymentDueAt'),
        },
      };
    case 'review-started':
      return {
        subject: PERMIT_APPLICATION_REVIEW_STARTED_V1,
        data: {
          ...base,
          reviewDueAt: iso(after.reviewDueAt, 'reviewDueAt'),
          workingDaysLeft: need(after.workingDaysLeft, 'workingDaysLeft'),
          secondApprovalRequired: after.secondApprovalRequired,
        },
      };
    case 'assigned':
      return {
        subject: PERMIT_APPLICATION_ASSIGNED_V1,
        data: {
          ...base,
          ...(after.assigneeId ? { assigneeId: after.assigneeId } : {}),
          how:
            after.assigneeId === null
              ? 'released'
              : request.actor?.userId === after.assigneeId
                ? 'claimed'
                : 'reassigned',
        },
      };
    case 'changes-requested':
      return {
        subject: PERMIT_APPLICATION_CHANGES_REQUESTED_V1,
        data: {
          ...base,
          reasonCode: need(request.reasonCode, 'reasonCode'),
          revisionItemKeys: request.revisionItemKeys ?? [],
          stage: facts.clockStage ?? 'review',
          ...(after.workingDaysLeft !== null && facts.clockStage !== 'completeness'
            ? { workingDaysLeft: after.workingDaysLeft }
            : {}),
        },
      };
    case 'resubmitted':
      return {
        subject: PERMIT_APPLICATION_RESUBMITTED_V1,
        data: {
          ...base,
          quantities: after.quantities,
          revisionItemKeys: request.revisionItemKeys ?? [],
        },
      };
    case 'approval-recorded':
      return {
        subject: PERMIT_APPLICATION_APPROVAL_RECORDED_V1,
        data: { ...base, approverId: need(request.actor?.userId, 'actor') },
      };
    case 'approved':
      return {
        subject: PERMIT_APPLICATION_APPROVED_V1,
        data: { ...base, approverIds: after.approverIds },
      };
    case 'rejected':
      return {
        subject: PERMIT_APPLICATION_REJECTED_V1,
        data: { ...base, reasonCode: need(request.reasonCode, 'reasonCode') },
      };
    case 'withdrawn':
      return {
        subject: PERMIT_APPLICATION_WITHDRAWN_V1,
        data: {
          ...base,
          compensation: facts.compensation ?? 'none',
          ...(facts.refundId ? { refundId: facts.refundId } : {}),
        },
      };
    case 'lapsed':
      return {
        subject: PERMIT_APPLICATION_LAPSED_V1,
        data: { ...base, invoiceId: need(facts.invoiceId ?? after.invoiceId, 'invoiceId') },
      };
    case 'escalated':
      return {
        subject: PERMIT_APPLICATION_ESCALATED_V1,
        data: { ...base, reviewDueAt: iso(after.reviewDueAt, 'reviewDueAt') },
      };
    case 'deemed-approved':
      return {
        subject: PERMIT_APPLICATION_DEEMED_APPROVED_V1,
        data: { ...base, reviewDueAt: iso(after.reviewDueAt, 'reviewDueAt') },
      };
    case 'deemed-refused':
      return {
        subject: PERMIT_APPLICATION_DEEMED_REFUSED_V1,
        data: { ...base, reviewDueAt: iso(after.reviewDueAt, 'reviewDueAt') },
      };
    case 'fee-refunded':
      return {
        subject: PERMIT_APPLICATION_FEE_REFUNDED_V1,
        data: {
          ...base,
          reviewDueAt: iso(after.reviewDueAt, 'reviewDueAt'),
          refundId: need(facts.refundId, 'refundId'),
          amountMinor: need(facts.feeMinor ?? after.feeMinor, 'feeMinor'),
        },
      };
    case 'inspection-scheduled':
      return {
        subject: PERMIT_INSPECTION_SCHEDULED_V1,
        data: {
          ...base,
          inspectionId: need(facts.inspectionId, 'inspectionId'),
          round: need(facts.round, 'round'),
          inspectorId: need(facts.inspectorId, 'inspectorId'),
          scheduledFor: need(facts.scheduledFor, 'scheduledFor'),
        },
      };
    case 'inspection-passed':
      return {
        subject: PERMIT_INSPECTION_PASSED_V1,
        data: {
          ...base,
          inspectionId: need(facts.inspectionId, 'inspectionId'),
          round: need(facts.round, 'round'),
        },
      };
    case 'inspection-failed':
      return {
        subject: PERMIT_INSPECTION_FAILED_V1,
        data: {
          ...base,
          inspectionId: need(facts.inspectionId, 'inspectionId'),
          round: need(facts.round, 'round'),
          reinspectionAllowed: facts.reinspectionAllowed ?? false,
        },
      };
    case 'condition-added':
      return {
        subject: PERMIT_APPLICATION_CONDITION_ADDED_V1,
        data: {
          ...base,
          conditionId: need(facts.conditionId, 'conditionId'),
          code: need(facts.conditionCode, 'conditionCode'),
          unmetConditions: need(facts.unmetConditions, 'unmetConditions'),
        },
      };
    case 'condition-met':
      return {
        subject: PERMIT_APPLICATION_CONDITION_MET_V1,
        data: {
          ...base,
          conditionId: need(facts.conditionId, 'conditionId'),
          unmetConditions: need(facts.unmetConditions, 'unmetConditions'),
        },
      };
    case 'held':
      return {
        subject: PERMIT_APPLICATION_HELD_V1,
        data: {
          ...base,
          reasonCode: need(request.reasonCode, 'reasonCode'),
          ...(facts.workingDaysLeft !== undefined
            ? { workingDaysLeft: facts.workingDaysLeft }
            : {}),
        },
      };
    case 'released':
      return {
        subject: PERMIT_APPLICATION_RELEASED_V1,
        data: {
          ...base,
          ...(facts.reviewDueAt ? { reviewDueAt: iso(after.reviewDueAt, 'reviewDueAt') } : {}),
          ...(facts.workingDaysLeft !== undefined
            ? { workingDaysLeft: facts.workingDaysLeft }
            : {}),
        },
      };
    case 'issued':
      return undefined;
  }
}
