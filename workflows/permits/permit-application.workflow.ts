import {
  ParentClosePolicy,
  condition,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';
import {
  INSPECTION_WORKFLOW,
  calendarChanged,
  cancelInspection,
  claimCase,
  decideApplication,
  inspectionWorkflowId,
  paymentsFact,
  permitCaseState,
  reassignCase,
  resubmitApplication,
  scheduleInspection,
  withdrawApplication,
  type CaseActor,
  type CaseAssessment,
  type CaseTransition,
  type CaseUpdateReply,
  type DecideArgs,
  type InspectionResult,
  type PermitApplicationInput,
  type PermitCaseState,
  type PermitsActivities,
  type RecordTransitionRequest,
  type ResubmitArgs,
  type ScheduleInspectionArgs,
} from '#contracts/temporal';
import type { inspectionWorkflow } from './inspection.workflow.js';
import {
  validateClaim,
  validateDecision,
  validateReassign,
  validateResubmit,
  validateSchedule,
  validateWithdraw,
  type ValidationView,
} from './refusals.js';

const acts = proxyActivities<PermitsActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const CASE_STATUS = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
const CASE_TYPE = defineSearchAttributeKey('CaseType', SearchAttributeType.KEYWORD);
const CASE_ASSIGNEE = defineSearchAttributeKey('CaseAssignee', SearchAttributeType.KEYWORD);

type Facts = NonNullable<RecordTransitionRequest['facts']>;
type Detail = Omit<RecordTransitionRequest, 'applicationId' | 'seq' | 'transition'>;
interface Invoice {
  id: string;
  purpose: string;
  amountMinor: number;
  status: 'open' | 'paid' | 'waived' | 'expired' | 'cancelled';
  paymentId?: string;
  refundedMinor: number;
}

const nowIso = (): string => new Date().toISOString();

/**
 * One permit application's case, from submission to its end (docs/permits.md, "Workflow"):
 * completeness check → fee → review (clock, Updates, inspections, four eyes) → issued, or
 * rejected / withdrawn / lapsed / deemed. Every transition is written by the permits service
 * through `permitsRecordTransition` with the workflow's own `seq`; the Updates return after
 * their transition is recorded. Returns the final state.
 */
export async function permitApplicationWorkflow(
  input: PermitApplicationInput,
): Promise<PermitCaseState> {
  const { applicationId, rules } = input;
  const s: PermitCaseState = {
    applicationId,
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
  };
  let seq = 0;
  let wake = 0;
  let busy = false;
  let completeness: 'pending' | 'confirmed' | 'changes_requested' = 'pending';
  // Read through a function: handlers change it across awaits (no narrowing by the compiler).
  const completenessIs = (value: typeof completeness): boolean => completeness === value;
  let ending: 'withdrawing' | 'rejected' | 'lapsed' | undefined;
  let withdrawActor: CaseActor | undefined;
  let approved = false;
  let resubmission: (ResubmitArgs & { at: string }) | undefined;
  let clockEndsAt = 0;
  let clockStart: { from: string; days: number } | undefined;
  let calendarVersion = 0;
  let calendarPending = false;
  let assessedMinor = 0;
  let quantities: Record<string, number> = {};
  let adjustments = 0;
  let inspection:
    | { handle: ChildWorkflowHandle<typeof inspectionWorkflow>; result?: InspectionResult }
    | undefined;
  const invoices = new Map<string, Invoice>();
  const early = new Map<string, Pick<Invoice, 'status' | 'paymentId'>>();
  const seen = new Set<string>();
  const pendingRefunds = new Set<string>();
  const failedRefunds: string[] = [];
  let lastRefundId: string | undefined;

  const view = (): ValidationView => ({
    state: s,
    applicantId: input.applicantId,
    inspectionRequired: rules.inspectionRequired,
    ending: ending !== undefined,
    inspectionRunning: inspection !== undefined && inspection.result === undefined,
  });
  const reply = (): CaseUpdateReply => ({ applicationId, status: s.status, step: s.step });
  const closing = (): boolean => ending !== undefined;
  const paidMinor = (): number =>
    [...invoices.values()]
      .filter((i) => i.status === 'paid')
      .reduce((sum, i) => sum + i.amountMinor, 0);

  let upserted = '';
  const upsert = (): void => {
    const key = `${s.status}|${s.assigneeId ?? ''}`;
    if (key === upserted) return;
    upserted = key;
    upsertSearchAttributes([
      { key: CASE_STATUS, value: s.status },
      { key: CASE_TYPE, value: input.permitType },
      { key: CASE_ASSIGNEE, value: s.assigneeId },
    ]);
  };

  /** Records one transition through the service, then mirrors its facts in the state. */
  async function record(transition: CaseTransition, detail: Detail = {}): Promise<void> {
    const n = ++seq;
    await acts.permitsRecordTransition({ applicationId, seq: n, transition, ...detail });
    const f: Facts = detail.facts ?? {};
    if (f.status) s.status = f.status;
    if (f.step) s.step = f.step;
    if (f.assigneeId !== undefined) s.assigneeId = f.assigneeId;
    s.transitions += 1;
    upsert();
  }

  /** A section of the main flow that no decision interleaves with. */
  async function section<T>(fn: () => Promise<T>): Promise<T> {
    await condition(() => !s.pendingDecision);
    busy = true;
    try {
      return await fn();
    } finally {
      busy = false;
      wake += 1;
    }
  }

  /** A decision handler's body: pending before its first await, after the main section. */
  async function decision<T>(fn: () => Promise<T>): Promise<T> {
    s.pendingDecision = true;
    try {
      await condition(() => !busy);
      return await fn();
    } finally {
      s.pendingDecision = false;
      wake += 1;
    }
  }

  function cancelRunningInspection(): void {
    if (inspection && inspection.result === undefined)
      void inspection.handle.signal(cancelInspection);
  }

  // ---- handlers: all registered before the first await -----------------------------------

  setHandler(permitCaseState, () => ({
    ...s,
    feePaidMinor: paidMinor(),
    approverIds: [...s.approverIds],
    invoiceIds: [...s.invoiceIds],
  }));

  setHandler(paymentsFact, (fact) => {
    if (seen.has(fact.eventId)) return;
    seen.add(fact.eventId);
    const status = (
      {
        'invoice-paid': 'paid',
        'invoice-waived': 'waived',
        'invoice-expired': 'expired',
        'invoice-cancelled': 'cancelled',
      } as const
    )[fact.kind as 'invoice-paid'];
    if (status) {
      const invoice = invoices.get(fact.invoiceId);
      const change = { status, ...(fact.paymentId ? { paymentId: fact.paymentId } : {}) };
      if (invoice) Object.assign(invoice, change);
      else early.set(fact.invoiceId, change);
    } else if (fact.refundId && pendingRefunds.delete(fact.refundId)) {
      if (fact.kind === 'refund-failed') failedRefunds.push(fact.invoiceId);
    }
    wake += 1;
  });

  setHandler(calendarChanged, ({ version }) => {
    if (version <= calendarVersion) return;
    calendarVersion = version;
    calendarPending = true;
    wake += 1;
  });

  setHandler(
    decideApplication,
    (args: DecideArgs) =>
      decision(async () => {
        const by = { actor: args.actor, ...reasonOf(args) };
        switch (args.decision) {
          case 'confirm_complete':
            await record('completeness-confirmed', {
              actor: args.actor,
              facts: { completenessBy: 'clerk', clockStage: 'completeness' },
            });
            completeness = 'confirmed';
            break;
          case 'request_changes':
            await stopClock();
            await record('changes-requested', {
              ...by,
              facts: {
                status: 'changes_requested',
                step: 'awaiting_applicant',
                ...(s.clock === 'stopped'
                  ? { workingDaysLeft: s.workingDaysLeft ?? 0, reviewDueAt: null }
                  : {}),
              },
            });
            if (s.clock === 'not_started') completeness = 'changes_requested';
            break;
          case 'reject':
            cancelRunningInspection();
            await record('rejected', { ...by, facts: { status: 'rejected', step: 'closed' } });
            s.clock = 'done';
            ending = 'rejected';
            break;
          case 'approve':
            if (s.secondApprovalRequired && s.approverIds.length === 0) {
              await record('approval-recorded', {
                actor: args.actor,
                facts: { step: 'second_approval', approverIds: [args.actor.userId] },
              });
              s.approverIds.push(args.actor.userId);
            } else {
              const approverIds = [...s.approverIds, args.actor.userId];
              await record('approved', {
                actor: args.actor,
                facts: { status: 'approved', step: 'issuing', approverIds },
              });
              s.approverIds = approverIds;
              s.clock = 'done';
              approved = true;
            }
            break;
        }
        return reply();
      }),
    { validator: (args: DecideArgs) => validateDecision(view(), args) },
  );

  setHandler(
    claimCase,
    async ({ actor }) => {
      await record('assigned', { actor, facts: { assigneeId: actor.userId } });
      return reply();
    },
    { validator: ({ actor }: { actor: CaseActor }) => validateClaim(view(), actor) },
  );

  setHandler(
    reassignCase,
    async ({ actor, assigneeId }) => {
      await record('assigned', { actor, facts: { assigneeId } });
      return reply();
    },
    {
      validator: ({ actor, assigneeId }: { actor: CaseActor; assigneeId: string }) =>
        validateReassign(view(), actor, assigneeId),
    },
  );

  setHandler(
    scheduleInspection,
    (args) =>
      decision(async () => {
        const round = s.inspectionRounds + 1;
        await record('inspection-scheduled', {
          actor: args.actor,
          facts: {
            status: 'inspection',
            step: 'inspection_scheduled',
            inspectionId: args.inspectionId,
            round,
            inspectorId: args.inspectorId,
            scheduledFor: args.scheduledFor,
          },
        });
        s.inspectionRounds = round;
        s.lastInspection = 'scheduled';
        const handle = await startChild<typeof inspectionWorkflow>(INSPECTION_WORKFLOW, {
          workflowId: inspectionWorkflowId(applicationId, round),
          parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
          args: [
            {
              applicationId,
              caseNumber: input.caseNumber,
              permitType: input.permitType,
              typeVersion: input.typeVersion,
              applicantId: input.applicantId,
              inspectionId: args.inspectionId,
              round,
              inspectorId: args.inspectorId,
              scheduledFor: args.scheduledFor,
              reinspectionAllowed: round <= rules.maxReinspections,
              resultSeq: ++seq,
            },
          ],
        });
        const running: NonNullable<typeof inspection> = { handle };
        inspection = running;
        void handle.result().then((result) => {
          running.result = result;
          wake += 1;
        });
        return reply();
      }),
    { validator: (args: ScheduleInspectionArgs) => validateSchedule(view(), args) },
  );

  setHandler(
    resubmitApplication,
    (args: ResubmitArgs) =>
      decision(async () => {
        const inReview = s.clock !== 'not_started';
        await record('resubmitted', {
          actor: args.actor,
          revisionItemKeys: args.revisionItemKeys,
          facts: {
            quantities: args.quantities,
            status: inReview ? 'under_review' : 'submitted',
            step: inReview ? 'review' : 'completeness_check',
          },
        });
        resubmission = { ...args, at: nowIso() };
        return reply();
      }),
    { validator: (args: ResubmitArgs) => validateResubmit(view(), args) },
  );

  setHandler(
    withdrawApplication,
    ({ actor }) =>
      decision(async () => {
        ending = 'withdrawing';
        withdrawActor = actor;
        cancelRunningInspection();
        let cancelled = false;
        for (const invoice of invoices.values()) {
          if (invoice.status !== 'open') continue;
          await acts.paymentsCancelInvoice({
            applicationId,
            invoiceId: invoice.id,
            reasonCode: 'application_withdrawn',
          });
          invoice.status = 'cancelled';
          cancelled = true;
        }
        if (paidMinor() === 0) {
          await record('withdrawn', {
            actor,
            facts: {
              status: 'withdrawn',
              step: 'closed',
              compensation: cancelled ? 'invoice_cancelled' : 'none',
            },
          });
          s.clock = 'done';
          return reply();
        }
        await refundPaid('application_withdrawn');
        s.step = 'refunding';
        return reply();
      }),
    { validator: ({ actor }: { actor: CaseActor }) => validateWithdraw(view(), actor) },
  );

  // ---- the flow --------------------------------------------------------------------------

  function reasonOf(args: DecideArgs): Detail {
    return {
      ...(args.reasonCode ? { reasonCode: args.reasonCode } : {}),
      ...(args.noteId ? { noteId: args.noteId } : {}),
      ...(args.revisionItemKeys ? { revisionItemKeys: args.revisionItemKeys } : {}),
    };
  }

  /** Refunds what is paid and not yet refunded, invoice by invoice (at most `limit` in all). */
  async function refundPaid(reasonCode: string, limit = Number.MAX_SAFE_INTEGER): Promise<number> {
    let refunded = 0;
    for (const invoice of invoices.values()) {
      const available = invoice.status === 'paid' ? invoice.amountMinor - invoice.refundedMinor : 0;
      const amountMinor = Math.min(available, limit - refunded);
      if (amountMinor <= 0) continue;
      const { refundId } = await acts.paymentsRefund({
        applicationId,
        invoiceId: invoice.id,
        amountMinor,
        reasonCode,
        refundKey: `${applicationId}-${invoice.id}-${invoice.refundedMinor}`,
        ...(invoice.paymentId ? { paymentId: invoice.paymentId } : {}),
        refundAmountAvailable: available,
      });
      invoice.refundedMinor += amountMinor;
      refunded += amountMinor;
      pendingRefunds.add(refundId);
      lastRefundId = refundId;
    }
    return refunded;
  }

  /** Stops a running review clock, keeping the whole working days left. */
  async function stopClock(): Promise<void> {
    if (s.clock !== 'running' || !s.reviewDueAt) return;
    const waitMsLeft = Math.max(0, clockEndsAt - Date.now());
    s.clock = 'stopped';
    s.workingDaysLeft = await acts.permitsWorkingDaysLeft({
      now: nowIso(),
      dueAt: s.reviewDueAt,
      waitMsLeft,
    });
    s.reviewDueAt = null;
  }

  /** (Re)starts the review clock with `days` working days counted from now. */
  async function startClock(days: number): Promise<void> {
    const from = nowIso();
    const deadline = await acts.permitsDeadline({ from, workingDays: days });
    clockStart = { from, days };
    clockEndsAt = Date.now() + deadline.waitMs;
    s.reviewDueAt = deadline.dueAt;
    s.workingDaysLeft = days;
    s.clock = 'running';
    await record('review-started', {
      facts: {
        status: 'under_review',
        step: s.approverIds.length > 0 ? 'second_approval' : 'review',
        reviewDueAt: deadline.dueAt,
        workingDaysLeft: days,
        clockStage: 'review',
      },
    });
  }

  /** Asks for a fee and waits for it: paid (or waived), lapsed, or the case is ending. */
  async function collect(
    purpose: string,
    lines: CaseAssessment['lines'],
  ): Promise<'paid' | 'lapsed' | 'ending'> {
    const created = await section(async () => {
      if (closing()) return undefined;
      const deadline = await acts.permitsDeadline({
        from: nowIso(),
        workingDays: rules.paymentDays,
      });
      const made = await acts.paymentsCreateInvoice({
        applicationId,
        applicantId: input.applicantId,
        purpose,
        lines,
        dueAt: deadline.dueAt,
      });
      const invoice: Invoice = {
        id: made.invoiceId,
        purpose,
        amountMinor: made.amountMinor,
        status: 'open',
        refundedMinor: 0,
        ...early.get(made.invoiceId),
      };
      invoices.set(invoice.id, invoice);
      s.invoiceIds.push(invoice.id);
      s.paymentDueAt = deadline.dueAt;
      await record('payment-requested', {
        facts: {
          status: 'awaiting_payment',
          step: 'awaiting_payment',
          invoiceId: invoice.id,
          purpose,
          feeMinor: made.amountMinor,
          currency: made.currency,
          paymentDueAt: deadline.dueAt,
        },
      });
      return { invoice, waitMs: deadline.waitMs };
    });
    if (!created) return 'ending';
    const { invoice } = created;
    const settled = (): boolean => invoice.status !== 'open' || closing();
    if (!(await condition(settled, Math.max(1, Math.floor(created.waitMs / 2))))) {
      await section(async () => {
        if (settled()) return;
        await record('payment-reminded', {
          facts: { invoiceId: invoice.id, paymentDueAt: s.paymentDueAt ?? undefined },
        });
      });
    }
    await condition(settled);
    if (closing()) return 'ending';
    return invoice.status === 'paid' || invoice.status === 'waived' ? 'paid' : 'lapsed';
  }

  async function lapse(): Promise<PermitCaseState> {
    await section(async () => {
      if (closing()) return;
      ending = 'lapsed';
      await record('lapsed', { facts: { status: 'lapsed', step: 'closed' } });
      s.clock = 'done';
    });
    return close();
  }

  /** Ends the case: a withdrawal waits for its refunds, then records `withdrawn`. */
  async function close(): Promise<PermitCaseState> {
    await condition(() => !s.pendingDecision);
    if (ending === 'withdrawing' && s.status !== 'withdrawn') {
      for (;;) {
        await condition(() => pendingRefunds.size === 0 || failedRefunds.length > 0);
        if (failedRefunds.length === 0) break;
        failedRefunds.length = 0;
        // A failed refund is asked again (what it refunded is available again).
        for (const invoice of invoices.values()) invoice.refundedMinor = 0;
        await refundPaid('application_withdrawn');
      }
      await record('withdrawn', {
        ...(withdrawActor ? { actor: withdrawActor } : {}),
        facts: {
          status: 'withdrawn',
          step: 'closed',
          compensation: 'refunded',
          ...(lastRefundId ? { refundId: lastRefundId } : {}),
        },
      });
      s.clock = 'done';
    }
    return { ...s, feePaidMinor: paidMinor() };
  }

  async function issue(): Promise<PermitCaseState> {
    await section(async () => {
      cancelRunningInspection();
      const permit = await acts.permitsIssuePermit({ applicationId, seq: ++seq });
      s.permitNumber = permit.permitNumber;
      s.status = 'issued';
      s.step = 'closed';
      s.transitions += 1;
      upsert();
    });
    return { ...s, feePaidMinor: paidMinor() };
  }

  /** The review clock ran out: the type's remedy. */
  async function remedy(): Promise<void> {
    s.clock = 'done';
    switch (rules.remedy) {
      case 'escalate':
        s.escalated = true;
        await record('escalated', { facts: { escalated: true } });
        return;
      case 'deemed_approved':
        cancelRunningInspection();
        await record('deemed-approved', { facts: { status: 'approved', step: 'issuing' } });
        approved = true;
        return;
      case 'deemed_refused':
        cancelRunningInspection();
        await record('deemed-refused', { facts: { status: 'rejected', step: 'closed' } });
        ending = 'rejected';
        return;
      case 'fee_refund': {
        const refunded = await refundPaid('review_deadline_missed');
        await record('fee-refunded', {
          facts: { feeMinor: refunded, ...(lastRefundId ? { refundId: lastRefundId } : {}) },
        });
        return;
      }
    }
  }

  /** Changes after a resubmission in review: fee difference, approval rule, clock restart. */
  async function afterResubmission(args: ResubmitArgs): Promise<'lapsed' | 'ending' | 'ok'> {
    const changed =
      JSON.stringify(Object.entries(args.quantities).sort()) !==
      JSON.stringify(Object.entries(quantities).sort());
    if (changed) {
      const assessment = await section(() => acts.permitsAssess({ applicationId }));
      quantities = assessment.quantities;
      if (s.approverIds.length === 0) s.secondApprovalRequired = assessment.secondApprovalRequired;
      const difference = assessment.totalMinor - assessedMinor;
      assessedMinor = assessment.totalMinor;
      if (difference > 0) {
        adjustments += 1;
        const line = [...assessment.lines].sort((a, b) => b.amountMinor - a.amountMinor)[0];
        const outcome = await collect(`fee-adjustment-${adjustments}`, [
          {
            revenueCode: line?.revenueCode ?? 'permits.fees',
            descriptionKey: 'permits.fee-adjustment',
            amountMinor: difference,
          },
        ]);
        if (outcome !== 'paid') return outcome;
      } else if (difference < 0) {
        await section(async () => {
          const refunded = await refundPaid('fee_reassessed', -difference);
          if (refunded > 0)
            await record('fee-refunded', {
              reasonCode: 'fee_reassessed',
              facts: { feeMinor: refunded, ...(lastRefundId ? { refundId: lastRefundId } : {}) },
            });
        });
      }
    }
    if (closing()) return 'ending';
    await section(() =>
      s.clock === 'stopped' ? startClock(s.workingDaysLeft ?? 0) : Promise.resolve(),
    );
    return 'ok';
  }

  /** Calendar changed: the running due time is computed again from the clock's start. */
  async function recomputeDue(): Promise<void> {
    calendarPending = false;
    if (s.clock !== 'running' || !clockStart) return;
    const start = clockStart;
    const deadline = await acts.permitsDeadline({ from: start.from, workingDays: start.days });
    if (deadline.dueAt === s.reviewDueAt || s.clock !== 'running') return;
    s.reviewDueAt = deadline.dueAt;
    clockEndsAt = Date.now() + deadline.waitMs;
    await record('review-started', {
      facts: { reviewDueAt: deadline.dueAt, workingDaysLeft: start.days, clockStage: 'review' },
    });
  }

  async function applyInspection(result: InspectionResult): Promise<void> {
    if (result.outcome === 'cancelled') {
      s.lastInspection = 'none';
      return;
    }
    s.transitions += 1;
    if (result.outcome === 'passed') {
      s.lastInspection = 'passed';
      s.status = 'under_review';
      s.step = 'review';
    } else {
      s.lastInspection = 'failed';
      s.status = 'inspection';
      s.step = 'inspection_failed';
    }
    upsert();
    if (result.outcome === 'failed' && result.round > rules.maxReinspections) {
      await record('rejected', {
        reasonCode: 'reinspection_limit_reached',
        facts: { status: 'rejected', step: 'closed', inspectionId: result.inspectionId },
      });
      s.clock = 'done';
      ending = 'rejected';
    }
  }

  upsert();

  // 1. Completeness check: a clerk's finding, or the deadline counts it complete.
  let checkFrom = input.submittedAt;
  for (;;) {
    const deadline = await acts.permitsDeadline({
      from: checkFrom,
      workingDays: rules.completenessCheckDays,
    });
    s.completenessDueAt = deadline.dueAt;
    await condition(() => completeness !== 'pending' || closing(), deadline.waitMs);
    await section(async () => {
      if (completeness !== 'pending' || closing()) return;
      await record('completeness-confirmed', {
        facts: {
          completenessBy: 'deadline',
          completenessDueAt: deadline.dueAt,
          clockStage: 'completeness',
        },
      });
      completeness = 'confirmed';
    });
    if (closing()) return close();
    if (completenessIs('confirmed')) break;
    await condition(() => resubmission !== undefined || closing());
    if (closing()) return close();
    checkFrom = resubmission?.at ?? nowIso();
    resubmission = undefined;
    completeness = 'pending';
  }

  // 2. The fee.
  const assessment = await section(() => acts.permitsAssess({ applicationId }));
  quantities = assessment.quantities;
  assessedMinor = assessment.totalMinor;
  s.secondApprovalRequired = assessment.secondApprovalRequired;
  if (assessment.totalMinor > 0) {
    const paid = await collect('application-fee', assessment.lines);
    if (paid === 'lapsed') return lapse();
    if (paid === 'ending') return close();
  }

  // 3. Review: the clock races the decisions.
  await section(() => (closing() ? Promise.resolve() : startClock(rules.reviewDays)));
  for (;;) {
    if (closing()) return close();
    if (approved) return issue();
    if (resubmission) {
      const args = resubmission;
      resubmission = undefined;
      const outcome = await afterResubmission(args);
      if (outcome === 'lapsed') return lapse();
      continue;
    }
    if (inspection?.result) {
      const result = inspection.result;
      inspection = undefined;
      await section(() => applyInspection(result));
      continue;
    }
    if (calendarPending) {
      await section(recomputeDue);
      continue;
    }
    const seenWake = wake;
    if (s.clock === 'running') {
      const left = clockEndsAt - Date.now();
      if (left <= 0) {
        await section(() =>
          s.clock === 'running' && !closing() && !approved ? remedy() : Promise.resolve(),
        );
        continue;
      }
      await condition(() => wake !== seenWake, left);
    } else {
      await condition(() => wake !== seenWake);
    }
  }
}
