/**
 * The permit application workflow and its inspection child: ids, inputs, the Signals, Updates
 * and Queries the permits service sends, and the activities the workflows proxy. Deterministic
 * (type-level and `define*` only): workflows import it.
 *
 * - `permitApplicationWorkflow` (id `permit-application-<applicationId>`) is started by the
 *   permits service when it consumes its own `gov.permits.application.submitted.v1` (id
 *   conflict policy "use existing", id reuse policy "reject duplicate").
 * - Human steps are Updates sent by the permits service after its own policy checks; each
 *   validator re-checks the same pure rules from workflow state (state, role, never on one's
 *   own application, the second approver differs from the first, no other decision pending).
 *   A refused Update fails with an `ApplicationFailure` whose `type` is the stable error code
 *   (`PERMITS.*`), which the service answers as it would its own refusal.
 * - Outside facts (payments events about the case) arrive as the `paymentsFact` Signal, each
 *   with its event id; the workflow ignores an id it has seen.
 * - Every transition is written by the permits service through `permitsRecordTransition`
 *   (state + outbox in one transaction); an Update returns only after that, so the caller
 *   reads its own write. Free text (a decision's note, findings) never enters the history: the
 *   service stores it first and the Update carries its id.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Role } from '../roles.js';

export const PERMIT_APPLICATION_WORKFLOW = 'permitApplicationWorkflow';
export const INSPECTION_WORKFLOW = 'inspectionWorkflow';

export const permitApplicationWorkflowId = (applicationId: string): string =>
  `permit-application-${applicationId}`;
export const inspectionWorkflowId = (applicationId: string, round: number): string =>
  `inspection-${applicationId}-${round}`;

/** Who takes a step: a user with their role, as the permits service authenticated them. */
export interface CaseActor {
  userId: string;
  role: Role;
}

/** What the case's type version says that the workflow needs (pinned at submission). */
export interface CaseRules {
  completenessCheckDays: number;
  paymentDays: number;
  reviewDays: number;
  remedy: 'escalate' | 'deemed_approved' | 'deemed_refused' | 'fee_refund';
  inspectionRequired: boolean;
  maxReinspections: number;
  validityMonths: number;
}

export interface PermitApplicationInput {
  applicationId: string;
  caseNumber: string;
  applicantId: string;
  permitType: string;
  typeVersion: number;
  /** When the application was submitted (ISO 8601): the completeness deadline counts from it. */
  submittedAt: string;
  rules: CaseRules;
  /**
   * The first completeness check's deadline, computed by permits when it starts the workflow
   * (the business calendar and, for tests, PERMITS_WORKING_DAY_DURATION, as `permitsDeadline`
   * computes it), so the workflow's first task sets its timer without an activity. Absent from
   * runs started before it existed: they ask `permitsDeadline`.
   */
  completenessDue?: { dueAt: string; timerEndsAt: string };
}

/** The table's status values (the owning service's `applications.status`). */
export const APPLICATION_STATUSES = [
  'draft',
  'submitted',
  'changes_requested',
  'awaiting_payment',
  'under_review',
  'inspection',
  'approved',
  'issued',
  'rejected',
  'withdrawn',
  'lapsed',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** Where in its status a case is (the work queue and the UI show it). */
export const CASE_STEPS = [
  'drafting',
  'completeness_check',
  'awaiting_applicant',
  'awaiting_payment',
  'review',
  'second_approval',
  'inspection_scheduled',
  'inspection_failed',
  'awaiting_conditions',
  'issuing',
  'refunding',
  'closed',
] as const;
export type CaseStep = (typeof CASE_STEPS)[number];

/** What the workflow's Query answers: its own view, for tests and operators (never for users). */
export interface PermitCaseState {
  applicationId: string;
  status: ApplicationStatus;
  step: CaseStep;
  assigneeId: string | null;
  /** Due instants (ISO 8601, UTC) as computed from the business calendar, when set. */
  completenessDueAt: string | null;
  paymentDueAt: string | null;
  reviewDueAt: string | null;
  /** Whole working days left on the review clock; null until it first starts. */
  workingDaysLeft: number | null;
  clock: 'not_started' | 'running' | 'stopped' | 'done';
  escalated: boolean;
  secondApprovalRequired: boolean;
  approverIds: string[];
  invoiceIds: string[];
  feePaidMinor: number;
  inspectionRounds: number;
  lastInspection: 'none' | 'scheduled' | 'passed' | 'failed';
  pendingDecision: boolean;
  /** Transitions the workflow recorded through the service, in order. */
  transitions: number;
  permitNumber: string | null;
  /**
   * A supervisor put the case on hold: nothing moves and the review clock is stopped until it
   * is released.
   */
  onHold: boolean;
  /** Conditions of approval not yet marked met (the permit is not issued while any is). */
  unmetConditions: number;
}
export const permitCaseState = defineQuery<PermitCaseState>('permitCaseState');

/** A payments event about the case, as the permits service consumed it. */
export interface PaymentsFact {
  /** The event's id: the workflow ignores one it has seen. */
  eventId: string;
  kind:
    | 'invoice-paid'
    | 'invoice-waived'
    | 'invoice-expired'
    | 'invoice-cancelled'
    | 'refund-succeeded'
    | 'refund-failed';
  invoiceId: string;
  refundId?: string;
  amountMinor?: number;
  /**
   * `invoice-paid`: the payment that settled it (`InvoicePaidV1.paymentId`). A refund names
   * the payment it returns, so the workflow keeps it for compensation and fee refunds.
   */
  paymentId?: string;
}
export const paymentsFact = defineSignal<[PaymentsFact]>('paymentsFact');

/** The business calendar changed: due times of open cases are recomputed. */
export const calendarChanged = defineSignal<[{ version: number }]>('calendarChanged');

/** What every Update answers once its transition is recorded. */
export interface CaseUpdateReply {
  applicationId: string;
  status: ApplicationStatus;
  step: CaseStep;
}

export type DecisionKind = 'confirm_complete' | 'approve' | 'reject' | 'request_changes';

export interface DecideArgs {
  actor: CaseActor;
  decision: DecisionKind;
  /** Stable reason code (`missing_site_plan`, `zoning_conflict`); required for reject and request_changes. */
  reasonCode?: string;
  /** Id of the note the service stored with the decision's free text. */
  noteId?: string;
  /** request_changes: what the applicant must revise (`document:site_plan`, `field:storeys`). */
  revisionItemKeys?: string[];
}
export const decideApplication = defineUpdate<CaseUpdateReply, [DecideArgs]>('decideApplication');

export const claimCase = defineUpdate<CaseUpdateReply, [{ actor: CaseActor }]>('claimCase');
export const reassignCase = defineUpdate<
  CaseUpdateReply,
  [{ actor: CaseActor; assigneeId: string }]
>('reassignCase');

export interface ScheduleInspectionArgs {
  actor: CaseActor;
  inspectorId: string;
  /** `YYYY-MM-DD` in the city's time zone. */
  scheduledFor: string;
  /** Allocated by the service (the `inspections` row it will hold). */
  inspectionId: string;
}
export const scheduleInspection = defineUpdate<CaseUpdateReply, [ScheduleInspectionArgs]>(
  'scheduleInspection',
);

export interface ResubmitArgs {
  actor: CaseActor;
  /** Declared quantities after the changes (a change re-assesses the fee and the approval rule). */
  quantities: Record<string, number>;
  revisionItemKeys: string[];
}
export const resubmitApplication = defineUpdate<CaseUpdateReply, [ResubmitArgs]>(
  'resubmitApplication',
);

export const withdrawApplication = defineUpdate<CaseUpdateReply, [{ actor: CaseActor }]>(
  'withdrawApplication',
);

/**
 * Conditions of approval (docs/permits.md "Conditions and holds"): a clerk or supervisor
 * attaches one (its text stays in the permits tables; the Update carries the id the service
 * allocated, a code and the id of the note holding the text); staff mark it met. While any is
 * unmet an approved case waits (`approved / awaiting_conditions`) and its permit is not issued.
 */
export interface AddConditionArgs {
  actor: CaseActor;
  conditionId: string;
  /** A stable code of the condition's kind (`final_inspection_before_occupancy`). */
  code: string;
  /** The note holding the condition's text. */
  noteId: string;
}
export const addCondition = defineUpdate<CaseUpdateReply, [AddConditionArgs]>('addCondition');

export interface MarkConditionMetArgs {
  actor: CaseActor;
  conditionId: string;
  noteId?: string;
}
export const markConditionMet = defineUpdate<CaseUpdateReply, [MarkConditionMetArgs]>(
  'markConditionMet',
);

/**
 * A supervisor's hold: nothing that moves the case is taken while it lasts (refused
 * `PERMITS.APPLICATION_ON_HOLD`), and a running review clock stops with its whole working days
 * left, restarting from the next working day on release.
 */
export interface HoldArgs {
  actor: CaseActor;
  reasonCode: string;
  /** The note holding the hold's free text. */
  noteId?: string;
}
export const holdCase = defineUpdate<CaseUpdateReply, [HoldArgs]>('holdCase');
export const releaseCase = defineUpdate<CaseUpdateReply, [{ actor: CaseActor; noteId?: string }]>(
  'releaseCase',
);

/** The inspection child. */
export interface InspectionInput {
  applicationId: string;
  caseNumber: string;
  permitType: string;
  typeVersion: number;
  applicantId: string;
  inspectionId: string;
  round: number;
  inspectorId: string;
  scheduledFor: string;
  /** Whether a failure still allows another round (the type's limit). */
  reinspectionAllowed: boolean;
  /**
   * The parent's transition seq the child records the result (`inspection-passed` /
   * `inspection-failed`) with: the parent owns the counter and reserves this one when it
   * schedules, so the inspector's Update returns only after the result is recorded.
   */
  resultSeq?: number;
}
export type InspectionOutcome = 'passed' | 'failed' | 'cancelled';
export interface InspectionResult {
  inspectionId: string;
  round: number;
  outcome: InspectionOutcome;
}

export interface RecordInspectionResultArgs {
  actor: CaseActor;
  outcome: 'pass' | 'fail';
  /** Id of the findings the service stored (free text and photo keys stay in its tables). */
  findingsId?: string;
}
export const recordInspectionResult = defineUpdate<
  { inspectionId: string; outcome: 'passed' | 'failed' },
  [RecordInspectionResultArgs]
>('recordInspectionResult');
/** The parent cancels a scheduled inspection (withdrawal, rejection). */
export const cancelInspection = defineSignal('cancelInspection');
export const inspectionState = defineQuery<{
  inspectionId: string;
  round: number;
  inspectorId: string;
  outcome: InspectionOutcome | 'scheduled';
}>('inspectionState');

// ---- activities ----------------------------------------------------------------------------

/** The transitions the workflows drive; the service maps each to its event. */
export const CASE_TRANSITIONS = [
  'completeness-confirmed',
  'payment-requested',
  'payment-reminded',
  'review-started',
  'assigned',
  'changes-requested',
  'resubmitted',
  'approval-recorded',
  'approved',
  'rejected',
  'withdrawn',
  'lapsed',
  'escalated',
  'deemed-approved',
  'deemed-refused',
  'fee-refunded',
  'inspection-scheduled',
  'inspection-passed',
  'inspection-failed',
  'condition-added',
  'condition-met',
  'held',
  'released',
  'issued',
] as const;
export type CaseTransition = (typeof CASE_TRANSITIONS)[number];

export interface RecordTransitionRequest {
  applicationId: string;
  /**
   * The workflow's own count of transitions it recorded (1, 2, ...): the service records each
   * (application, seq) once, so a retried activity changes nothing the second time.
   */
  seq: number;
  transition: CaseTransition;
  /** Absent: the system (a timer, a payment) took the step. */
  actor?: CaseActor;
  reasonCode?: string;
  noteId?: string;
  revisionItemKeys?: string[];
  /** Facts of the step: due times, invoice, assignee, inspection, quantities, ... */
  facts?: {
    status?: ApplicationStatus;
    step?: CaseStep;
    assigneeId?: string | null;
    completenessDueAt?: string;
    paymentDueAt?: string;
    reviewDueAt?: string | null;
    workingDaysLeft?: number;
    clockStage?: 'completeness' | 'review';
    completenessBy?: 'clerk' | 'deadline';
    invoiceId?: string;
    purpose?: string;
    feeMinor?: number;
    currency?: string;
    quantities?: Record<string, number>;
    secondApprovalRequired?: boolean;
    approverIds?: string[];
    escalated?: boolean;
    inspectionId?: string;
    round?: number;
    inspectorId?: string;
    scheduledFor?: string;
    findingsId?: string;
    reinspectionAllowed?: boolean;
    refundId?: string;
    compensation?: 'none' | 'invoice_cancelled' | 'refunded';
    conditionId?: string;
    conditionCode?: string;
    /** Conditions still unmet after the step (`condition-added`, `condition-met`). */
    unmetConditions?: number;
  };
}

/** The fee and approval rule for the case's pinned type version and current quantities. */
export interface CaseAssessment {
  quantities: Record<string, number>;
  currency: string;
  lines: { revenueCode: string; descriptionKey: string; amountMinor: number }[];
  totalMinor: number;
  secondApprovalRequired: boolean;
}

export interface Deadline {
  /** The legal due instant (end of the Nth working day, from the business calendar). */
  dueAt: string;
  /**
   * How long the workflow's timer waits: until `dueAt`, or the configured test duration of a
   * working day times the days (`PERMITS_WORKING_DAY_DURATION`), so tests run days in seconds.
   */
  waitMs: number;
}

export interface PermitsActivities {
  /** The due instant `workingDays` working days after `from` (counting from the next working day). */
  permitsDeadline(request: { from: string; workingDays: number }): Promise<Deadline>;
  /** Whole working days left until `dueAt` as of `now` (a stopped clock keeps them). */
  permitsWorkingDaysLeft(request: {
    now: string;
    dueAt: string;
    /** What the timer still had to wait, for the scaled test clock. */
    waitMsLeft: number;
  }): Promise<number>;
  permitsAssess(request: { applicationId: string }): Promise<CaseAssessment>;
  permitsRecordTransition(request: RecordTransitionRequest): Promise<CaseUpdateReply>;
  /**
   * Records `completeness-confirmed` and answers the case's assessment: one round trip where
   * the deadline confirms completeness (the fee is assessed next in any case). With
   * `thenStartReview`, a case with no fee also has its review clock started in the same round
   * trip (as `permitsStartReview`, `transition` the next seq), answered as `reviewStarted`;
   * a case with a fee answers none (the workflow asks for the fee first). Runs recorded
   * before `thenStartReview` existed answer none either: the workflow branches on the answer,
   * so they replay as they ran.
   */
  permitsConfirmCompleteness(
    request: RecordTransitionRequest & {
      thenStartReview?: { from: string; workingDays: number; transition: RecordTransitionRequest };
    },
  ): Promise<CaseAssessment & { reviewStarted?: Deadline }>;
  /**
   * Starts a review clock in one round trip: its due time `workingDays` after `from` (as
   * `permitsDeadline`), recorded as `transition` (`review-started`) with `reviewDueAt` set to
   * it. A retry records nothing twice (the service takes each seq once).
   */
  permitsStartReview(request: {
    from: string;
    workingDays: number;
    transition: RecordTransitionRequest;
  }): Promise<Deadline>;
  /** Numbers and records the permit (once per application). */
  permitsIssuePermit(request: {
    applicationId: string;
    seq: number;
  }): Promise<{ permitNumber: string; validFrom: string; validUntil: string }>;
  paymentsCreateInvoice(request: {
    applicationId: string;
    applicantId: string;
    purpose: string;
    lines: CaseAssessment['lines'];
    dueAt: string;
  }): Promise<{ invoiceId: string; status: string; amountMinor: number; currency: string }>;
  paymentsCancelInvoice(request: {
    applicationId: string;
    invoiceId: string;
    reasonCode: string;
  }): Promise<{ status: string }>;
  paymentsRefund(request: {
    applicationId: string;
    invoiceId: string;
    amountMinor: number;
    reasonCode: string;
    /** Deterministic key: the same refund asked twice is one refund. */
    refundKey: string;
    /** The payment to refund (the `paymentId` of the invoice's `invoice-paid` fact). */
    paymentId?: string;
    /** What the workflow believes still refundable of that payment (payments checks it). */
    refundAmountAvailable?: number;
  }): Promise<{ refundId: string; status: string }>;
}
