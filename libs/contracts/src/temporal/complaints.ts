/**
 * The complaint (Open311 service request) SLA workflow: its id, input, the Updates and Signals
 * the complaints service sends, its Query and the activities it proxies. Deterministic
 * (type-level and `define*` only): workflows import it.
 *
 * - `complaintWorkflow` (id `complaint-<requestId>`, one execution per case) is started by the
 *   complaints service when it consumes its own `gov.complaints.request.received.v1` (id
 *   conflict policy "use existing", id reuse policy "reject duplicate"). The input pins the
 *   service's SLA rules as they were when the request was received.
 * - Clocks: a triage deadline from receipt, then a resolution deadline by priority from
 *   triage; both in working days of the business calendar (`complaintsDeadline`, served like
 *   permits' `permitsDeadline`). `expectedAt` (Open311 `expected_datetime`) is published at
 *   start and kept current at every change. While the case waits on the reporter the clock
 *   stops (the working days left are kept) and `expectedAt` is null; it restarts when the
 *   reporter answers. A missed deadline escalates to a supervisor (once per stage and clock).
 * - After resolution the case shows `closed` in Open311 after `closeAfterDays`, but the
 *   execution stays open until `reopenWindowDays` have passed since resolution: a reopen within
 *   the window is the `reopenComplaint` Signal (or a "not fixed" `complaintFeedback`); after
 *   it the execution has ended and the service refuses (`COMPLAINTS.REOPEN_WINDOW_PASSED`).
 * - Staff steps are Updates sent by the complaints service after its own checks; each
 *   validator re-checks the state from workflow state and refuses with a non-retryable
 *   `ApplicationFailure` whose `type` is one of `COMPLAINT_WORKFLOW_REFUSALS`.
 * - Every transition is written by the complaints service through
 *   `complaintsRecordTransition` → `complaints.internal.request.transition` (state + outbox in
 *   one transaction), once per (request, seq); an Update returns only after that, so the caller
 *   reads its own write. Free text (status notes, internal notes) never enters the history: the
 *   service stores it first and the Update carries its id.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Role } from '../roles.js';

export const COMPLAINT_WORKFLOW = 'complaintWorkflow';

export const complaintWorkflowId = (requestId: string): string => `complaint-${requestId}`;

/** Internal statuses (FixMyStreet's, `not_responsible` for `not_councils_responsibility`). */
export const COMPLAINT_STATUSES = [
  'for_triage',
  'investigating',
  'action_scheduled',
  'in_progress',
  'fixed',
  'duplicate',
  'not_responsible',
  'no_further_action',
  'internal_referral',
] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

/** Statuses staff move an open case between (the `changeComplaintStatus` Update). */
export const COMPLAINT_WORKING_STATUSES = [
  'investigating',
  'action_scheduled',
  'in_progress',
] as const satisfies readonly ComplaintStatus[];
export type ComplaintWorkingStatus = (typeof COMPLAINT_WORKING_STATUSES)[number];

/** Statuses that resolve a case (the `resolveComplaint` Update). */
export const COMPLAINT_RESOLVED_STATUSES = [
  'fixed',
  'duplicate',
  'not_responsible',
  'no_further_action',
  'internal_referral',
] as const satisfies readonly ComplaintStatus[];
export type ComplaintResolvedStatus = (typeof COMPLAINT_RESOLVED_STATUSES)[number];

/** Open311's own status: `closed` only once the workflow recorded `closed` (after the delay). */
export type Open311Status = 'open' | 'closed';

export const COMPLAINT_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type ComplaintPriority = (typeof COMPLAINT_PRIORITIES)[number];

/** Who takes a step, as the complaints service authenticated them. */
export interface ComplaintActor {
  userId: string;
  role: Role;
}

/** The service's SLA rules, pinned when the request was received. */
export interface ComplaintRules {
  /** Working days from receipt to triage. */
  triageDays: number;
  /** Working days from triage to resolution, by priority. */
  resolutionDays: Record<ComplaintPriority, number>;
  /** Calendar days after resolution until Open311 shows `closed`. */
  closeAfterDays: number;
  /** Calendar days after resolution during which the reporter may reopen. */
  reopenWindowDays: number;
}

export interface ComplaintWorkflowInput {
  requestId: string;
  serviceCode: string;
  departmentCode: string;
  priority: ComplaintPriority;
  /** When the request was received (ISO 8601): the triage deadline counts from it. */
  receivedAt: string;
  rules: ComplaintRules;
}

/** Where the case is. */
export const COMPLAINT_PHASES = [
  'triage',
  'working',
  'waiting_on_reporter',
  'resolved',
  'closed',
  'finished',
] as const;
export type ComplaintPhase = (typeof COMPLAINT_PHASES)[number];

/** What the workflow's Query answers: its own view, for tests and operators (never for users). */
export interface ComplaintCaseState {
  requestId: string;
  status: ComplaintStatus;
  open311Status: Open311Status;
  phase: ComplaintPhase;
  priority: ComplaintPriority;
  departmentCode: string;
  assigneeId: string | null;
  /** Due instants (ISO 8601, UTC) computed from the business calendar; null when not running. */
  triageDueAt: string | null;
  resolutionDueAt: string | null;
  /** Open311 `expected_datetime`: when resolution is expected; null while the clock is stopped. */
  expectedAt: string | null;
  clock: 'running' | 'stopped' | 'done';
  /** The stage the clock measures (before triage, or towards resolution). */
  clockStage: 'triage' | 'resolution';
  /** Working days the stopped clock keeps; null while it runs. */
  workingDaysLeft: number | null;
  escalations: { stage: 'triage' | 'resolution'; at: string }[];
  resolvedAt: string | null;
  closesAt: string | null;
  reopenUntil: string | null;
  reopenCount: number;
  pendingDecision: boolean;
  /** Transitions recorded through the service, in order. */
  transitions: number;
}
export const complaintCaseState = defineQuery<ComplaintCaseState>('complaintCaseState');

/** What every Update answers once its transition is recorded. */
export interface ComplaintUpdateReply {
  requestId: string;
  status: ComplaintStatus;
  open311Status: Open311Status;
  expectedAt: string | null;
}

export interface TriageComplaintArgs {
  actor: ComplaintActor;
  /** Priority decided at triage (sets the resolution deadline); the service's default otherwise. */
  priority?: ComplaintPriority;
  /** Where the case goes next (default `investigating`). */
  status?: ComplaintWorkingStatus;
  departmentCode?: string;
  assigneeId?: string;
  /** Id of the public update (status notes) the service stored with the step. */
  updateId?: string;
}
export const triageComplaint = defineUpdate<ComplaintUpdateReply, [TriageComplaintArgs]>(
  'triageComplaint',
);

export interface AssignComplaintArgs {
  actor: ComplaintActor;
  departmentCode?: string;
  /** An officer, or null to leave the case to the department's queue. */
  assigneeId?: string | null;
}
export const assignComplaint = defineUpdate<ComplaintUpdateReply, [AssignComplaintArgs]>(
  'assignComplaint',
);

export interface ChangeComplaintStatusArgs {
  actor: ComplaintActor;
  status: ComplaintWorkingStatus;
  updateId?: string;
}
export const changeComplaintStatus = defineUpdate<
  ComplaintUpdateReply,
  [ChangeComplaintStatusArgs]
>('changeComplaintStatus');

/** Staff asked the reporter something: the clock stops until they answer. */
export interface WaitOnReporterArgs {
  actor: ComplaintActor;
  updateId?: string;
}
export const waitOnReporter = defineUpdate<ComplaintUpdateReply, [WaitOnReporterArgs]>(
  'waitOnReporter',
);

/** The reporter answered (through their account or the request's secret token). */
export interface ReporterAnsweredArgs {
  /** Absent for an anonymous reporter who answered with the request's token. */
  actor?: ComplaintActor;
  /** Id of the answer the service stored. */
  answerId?: string;
}
export const reporterAnswered = defineUpdate<ComplaintUpdateReply, [ReporterAnsweredArgs]>(
  'reporterAnswered',
);

export interface ResolveComplaintArgs {
  actor: ComplaintActor;
  status: ComplaintResolvedStatus;
  /** `duplicate`: the original request (the service linked both ways first). */
  duplicateOf?: string;
  updateId?: string;
}
export const resolveComplaint = defineUpdate<ComplaintUpdateReply, [ResolveComplaintArgs]>(
  'resolveComplaint',
);

/**
 * A reopen within the window (the service checked the reporter and the window first). Carries
 * the id the service gave it; the workflow ignores an id it has seen.
 */
export interface ReopenComplaintArgs {
  reopenId: string;
  by: 'reporter' | 'staff';
  actor?: ComplaintActor;
}
export const reopenComplaint = defineSignal<[ReopenComplaintArgs]>('reopenComplaint');

/** The reporter's feedback after resolution (stored and published by the service first). */
export interface ComplaintFeedbackArgs {
  feedbackId: string;
  /** "Has this been fixed?": `false` within the window reopens the case. */
  fixed: boolean;
}
export const complaintFeedback = defineSignal<[ComplaintFeedbackArgs]>('complaintFeedback');

// A change of the business calendar is permits' `calendarChanged` Signal ({ version }), sent
// by the complaints service to its open cases: running due times are recomputed.

/**
 * The codes the workflow's validators refuse with (`ApplicationFailure.type`); the complaints
 * service lists them among its `COMPLAINTS.*` codes and answers them as its own refusals.
 */
export const COMPLAINT_WORKFLOW_REFUSALS = [
  'COMPLAINTS.INVALID_TRANSITION',
  'COMPLAINTS.DECISION_PENDING',
] as const;
export type ComplaintWorkflowRefusal = (typeof COMPLAINT_WORKFLOW_REFUSALS)[number];

// ---- activities ----------------------------------------------------------------------------

/** The transitions the workflow drives; the service maps each to its event (if any). */
export const COMPLAINT_TRANSITIONS = [
  /** Start: triage due time and the first `expectedAt` published (no event). */
  'sla-started',
  'triaged',
  'assigned',
  /** A working status change with its public update (no event of its own). */
  'status-changed',
  /** The clock stopped (no event). */
  'waiting-on-reporter',
  /** The clock restarted (no event). */
  'reporter-answered',
  'escalated',
  'resolved',
  /** Open311 shows `closed` from now. */
  'closed',
  'reopened',
  /** The reopen window passed: the case is final (no event; the execution ends). */
  'reopen-window-passed',
  /** Due times recomputed after a calendar change (no event). */
  'deadlines-recomputed',
] as const;
export type ComplaintTransition = (typeof COMPLAINT_TRANSITIONS)[number];

export interface ComplaintTransitionRequest {
  requestId: string;
  /** The workflow's own count (1, 2, ...): the service records each (request, seq) once. */
  seq: number;
  transition: ComplaintTransition;
  /** Absent: the system (a timer) took the step. */
  actor?: ComplaintActor;
  /** The public update (status notes) the service stored with the step. */
  updateId?: string;
  /** `reopened`: the reopen's or the feedback's id. */
  reopenId?: string;
  feedbackId?: string;
  answerId?: string;
  facts?: {
    status?: ComplaintStatus;
    open311Status?: Open311Status;
    priority?: ComplaintPriority;
    departmentCode?: string;
    assigneeId?: string | null;
    triageDueAt?: string | null;
    resolutionDueAt?: string | null;
    expectedAt?: string | null;
    clock?: 'running' | 'stopped' | 'done';
    workingDaysLeft?: number | null;
    /** `escalated`: which deadline was missed. */
    stage?: 'triage' | 'resolution';
    duplicateOf?: string;
    resolvedAt?: string;
    closesAt?: string;
    reopenUntil?: string;
    reopenCount?: number;
    reopenedBy?: 'reporter' | 'staff' | 'feedback';
  };
}

export interface ComplaintDeadline {
  /** The due instant (end of the Nth working day, or N calendar days later). */
  dueAt: string;
  /**
   * How long the workflow's timer waits: until `dueAt`, or the configured test duration of a
   * day times the days (`COMPLAINTS_WORKING_DAY_DURATION`), so tests run days in seconds.
   */
  waitMs: number;
}

export interface ComplaintsActivities {
  /**
   * The instant `days` after `from`: working days of the business calendar (counting from the
   * next working day, as `permitsDeadline`), or calendar days.
   */
  complaintsDeadline(request: {
    from: string;
    days: number;
    kind: 'working' | 'calendar';
  }): Promise<ComplaintDeadline>;
  /** Whole working days left until `dueAt` as of `now` (a stopped clock keeps them). */
  complaintsWorkingDaysLeft(request: {
    now: string;
    dueAt: string;
    /** What the timer still had to wait, for the scaled test clock. */
    waitMsLeft: number;
  }): Promise<number>;
  complaintsRecordTransition(request: ComplaintTransitionRequest): Promise<ComplaintUpdateReply>;
}
