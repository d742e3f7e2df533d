import {
  condition,
  proxyActivities,
  upsertSearchAttributes,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';
import {
  cancelInspection,
  type CaseActor,
  type CaseAssessment,
  type CaseTransition,
  type CaseUpdateReply,
  type InspectionResult,
  type PermitApplicationInput,
  type PaymentsFact,
  type PermitCaseState,
  type PermitsActivities,
  type RecordTransitionRequest,
  type ResubmitArgs,
} from '#contracts/temporal';
import type { inspectionWorkflow } from './inspection.workflow.js';
import type { ValidationView } from './refusals.js';

/*
 * One permit case's workflow state and the moves every part of it makes (recording a
 * transition, a section of the main flow, a decision's body). The parts (clock.ts, fees.ts,
 * inspections.ts, handlers.ts and the flow in permit-application.workflow.ts) all work on one
 * `Case`, created once per run by `openCase`.
 */

/**
 * Fewer round trips per case (issue 13, docs/permits.md "Figures"): the first completeness
 * deadline comes with the start (whose search attributes are not upserted again), a
 * completeness the deadline confirmed is recorded and assessed by one activity, and a review
 * clock's due time is computed and recorded by one. One patch for the three: each patch
 * recorded also upserts `TemporalChangeVersion`, a visibility write per case. The runs recorded
 * before it replay as they ran.
 */
export const FEWER_ROUND_TRIPS = 'permits-fewer-round-trips';

export const acts = proxyActivities<PermitsActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const CASE_STATUS = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
const CASE_TYPE = defineSearchAttributeKey('CaseType', SearchAttributeType.KEYWORD);
const CASE_ASSIGNEE = defineSearchAttributeKey('CaseAssignee', SearchAttributeType.KEYWORD);

export type Facts = NonNullable<RecordTransitionRequest['facts']>;
export type Detail = Omit<RecordTransitionRequest, 'applicationId' | 'seq' | 'transition'>;

export interface Invoice {
  id: string;
  purpose: string;
  amountMinor: number;
  status: 'open' | 'paid' | 'waived' | 'expired' | 'cancelled';
  paymentId?: string;
  refundedMinor: number;
}

export const nowIso = (): string => new Date().toISOString();

/** The workflow's state besides what the Query shows (`s`). */
export interface Case {
  readonly input: PermitApplicationInput;
  readonly s: PermitCaseState;
  /** The last transition's seq (the service records each once per seq). */
  seq: number;
  /** Counts what the main loop waits on: it wakes when this changes. */
  wake: number;
  /** A section of the main flow is running (a decision waits for it). */
  busy: boolean;
  completeness: 'pending' | 'confirmed' | 'changes_requested';
  ending: 'withdrawing' | 'rejected' | 'lapsed' | undefined;
  withdrawActor: CaseActor | undefined;
  approved: boolean;
  resubmission: (ResubmitArgs & { at: string }) | undefined;
  /** When the running review clock's timer ends (workflow time, ms). */
  clockEndsAt: number;
  clockStart: { from: string; days: number } | undefined;
  calendarVersion: number;
  calendarPending: boolean;
  assessedMinor: number;
  /** The assessment answered with the deadline's completeness confirmation (one round trip). */
  assessment: CaseAssessment | undefined;
  quantities: Record<string, number>;
  adjustments: number;
  inspection:
    | { handle: ChildWorkflowHandle<typeof inspectionWorkflow>; result?: InspectionResult }
    | undefined;
  readonly invoices: Map<string, Invoice>;
  /** Payment facts about invoices not yet known (they arrived before the invoice's id). */
  readonly early: Map<string, Pick<Invoice, 'status' | 'paymentId'>>;
  /** Event ids of the signals taken (a repeat is ignored). */
  readonly seen: Set<string>;
  readonly pendingRefunds: Set<string>;
  /** Refund results that came before their refund's activity result (the signal won the race). */
  readonly settledEarly: Map<string, PaymentsFact['kind']>;
  readonly failedRefunds: string[];
  lastRefundId: string | undefined;
  /** Conditions of approval by id: met or not (docs/permits.md "Conditions and holds"). */
  readonly conditions: Map<string, boolean>;
  /** The hold stopped a running review clock (its release restarts it). */
  holdStoppedClock: boolean;
  /** The search attributes last upserted. */
  upserted: string;
}

export function openCase(input: PermitApplicationInput): Case {
  return {
    input,
    s: {
      applicationId: input.applicationId,
      status: 'submitted',
      step: 'completeness_check',
      assigneeId: null,
      completenessDueAt: null,
      paymentDueAt: null,
      reviewDueAt: null,
      workingDaysLeft: null,
      clock: 'not_started',
      escalated: false,
      secondApprovalRequired: false,
      approverIds: [],
      invoiceIds: [],
      feePaidMinor: 0,
      inspectionRounds: 0,
      lastInspection: 'none',
      pendingDecision: false,
      transitions: 0,
      permitNumber: null,
      onHold: false,
      unmetConditions: 0,
    },
    seq: 0,
    wake: 0,
    busy: false,
    completeness: 'pending',
    ending: undefined,
    withdrawActor: undefined,
    approved: false,
    resubmission: undefined,
    clockEndsAt: 0,
    clockStart: undefined,
    calendarVersion: 0,
    calendarPending: false,
    assessedMinor: 0,
    assessment: undefined,
    quantities: {},
    adjustments: 0,
    inspection: undefined,
    invoices: new Map(),
    early: new Map(),
    seen: new Set(),
    pendingRefunds: new Set(),
    settledEarly: new Map(),
    failedRefunds: [],
    lastRefundId: undefined,
    conditions: new Map(),
    holdStoppedClock: false,
    upserted: '',
  };
}

export const validationView = (c: Case): ValidationView => ({
  state: c.s,
  applicantId: c.input.applicantId,
  inspectionRequired: c.input.rules.inspectionRequired,
  ending: c.ending !== undefined,
  inspectionRunning: c.inspection !== undefined && c.inspection.result === undefined,
  conditions: c.conditions,
});

/** Conditions of approval not yet met. */
export const unmetConditions = (c: Case): number =>
  [...c.conditions.values()].filter((met) => !met).length;

export const reply = (c: Case): CaseUpdateReply => ({
  applicationId: c.input.applicationId,
  status: c.s.status,
  step: c.s.step,
});

export const closing = (c: Case): boolean => c.ending !== undefined;

export const paidMinor = (c: Case): number =>
  [...c.invoices.values()]
    .filter((i) => i.status === 'paid')
    .reduce((sum, i) => sum + i.amountMinor, 0);

/** The state as the workflow ends with it. */
export const finalState = (c: Case): PermitCaseState => ({ ...c.s, feePaidMinor: paidMinor(c) });

/** Status, type and assignee as search attributes, when they changed. */
export function upsert(c: Case): void {
  const key = `${c.s.status}|${c.s.assigneeId ?? ''}`;
  if (key === c.upserted) return;
  c.upserted = key;
  upsertSearchAttributes([
    { key: CASE_STATUS, value: c.s.status },
    { key: CASE_TYPE, value: c.input.permitType },
    { key: CASE_ASSIGNEE, value: c.s.assigneeId },
  ]);
}

/** Records one transition through the service, then mirrors its facts in the state. */
export async function record(
  c: Case,
  transition: CaseTransition,
  detail: Detail = {},
): Promise<void> {
  await recordVia(c, transition, detail, acts.permitsRecordTransition);
}

/**
 * Records one transition through `via`, an activity that records it (with its own `seq`) and
 * may do more in the same round trip; then mirrors its facts in the state, as `record`.
 */
export async function recordVia<T>(
  c: Case,
  transition: CaseTransition,
  detail: Detail,
  via: (request: RecordTransitionRequest) => Promise<T>,
): Promise<T> {
  const n = ++c.seq;
  const result = await via({
    applicationId: c.input.applicationId,
    seq: n,
    transition,
    ...detail,
  });
  mirror(c, detail.facts ?? {});
  return result;
}

/** A recorded transition's facts in the state (and the search attributes). */
export function mirror(c: Case, f: Facts): void {
  if (f.status) c.s.status = f.status;
  if (f.step) c.s.step = f.step;
  if (f.assigneeId !== undefined) c.s.assigneeId = f.assigneeId;
  c.s.transitions += 1;
  upsert(c);
}

/** A section of the main flow that no decision interleaves with. */
export async function section<T>(c: Case, fn: () => Promise<T>): Promise<T> {
  await condition(() => !c.s.pendingDecision);
  c.busy = true;
  try {
    return await fn();
  } finally {
    c.busy = false;
    c.wake += 1;
  }
}

/** A decision handler's body: pending before its first await, after the main section. */
export async function decision<T>(c: Case, fn: () => Promise<T>): Promise<T> {
  c.s.pendingDecision = true;
  try {
    await condition(() => !c.busy);
    return await fn();
  } finally {
    c.s.pendingDecision = false;
    c.wake += 1;
  }
}

export function cancelRunningInspection(c: Case): void {
  if (c.inspection && c.inspection.result === undefined)
    void c.inspection.handle.signal(cancelInspection);
}
