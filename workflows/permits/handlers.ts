import { setHandler } from '@temporalio/workflow';
import {
  addCondition,
  calendarChanged,
  claimCase,
  holdCase,
  markConditionMet,
  releaseCase,
  decideApplication,
  paymentsFact,
  permitCaseState,
  reassignCase,
  resubmitApplication,
  scheduleInspection,
  withdrawApplication,
  type AddConditionArgs,
  type CaseActor,
  type DecideArgs,
  type HoldArgs,
  type MarkConditionMetArgs,
  type ResubmitArgs,
  type ScheduleInspectionArgs,
} from '#contracts/temporal';
import {
  acts,
  cancelRunningInspection,
  decision,
  nowIso,
  paidMinor,
  record,
  reply,
  unmetConditions,
  validationView,
  type Case,
  type Detail,
} from './case.js';
import { resumeClock, stopClock } from './clock.js';
import { refundPaid } from './fees.js';
import { scheduleRound } from './inspections.js';
import {
  validateAddCondition,
  validateClaim,
  validateConditionMet,
  validateDecision,
  validateHold,
  validateReassign,
  validateRelease,
  validateResubmit,
  validateSchedule,
  validateWithdraw,
} from './refusals.js';

/*
 * The case's Query, Signals (outside facts, each id taken once) and Updates (the people's
 * steps, each validated from workflow state by refusals.ts, then marked pending before its
 * first await). Registered before the workflow's first await.
 */

function reasonOf(args: DecideArgs): Detail {
  return {
    ...(args.reasonCode ? { reasonCode: args.reasonCode } : {}),
    ...(args.noteId ? { noteId: args.noteId } : {}),
    ...(args.revisionItemKeys ? { revisionItemKeys: args.revisionItemKeys } : {}),
  };
}

export function registerHandlers(c: Case): void {
  const { s } = c;

  setHandler(permitCaseState, () => ({
    ...s,
    feePaidMinor: paidMinor(c),
    approverIds: [...s.approverIds],
    invoiceIds: [...s.invoiceIds],
  }));

  setHandler(paymentsFact, (fact) => {
    if (c.seen.has(fact.eventId)) return;
    c.seen.add(fact.eventId);
    const status = (
      {
        'invoice-paid': 'paid',
        'invoice-waived': 'waived',
        'invoice-expired': 'expired',
        'invoice-cancelled': 'cancelled',
      } as const
    )[fact.kind as 'invoice-paid'];
    if (status) {
      const invoice = c.invoices.get(fact.invoiceId);
      const change = { status, ...(fact.paymentId ? { paymentId: fact.paymentId } : {}) };
      if (invoice) Object.assign(invoice, change);
      else c.early.set(fact.invoiceId, change);
    } else if (fact.refundId) {
      if (c.pendingRefunds.delete(fact.refundId)) {
        if (fact.kind === 'refund-failed') c.failedRefunds.push(fact.invoiceId);
      } else c.settledEarly.set(fact.refundId, fact.kind);
    }
    c.wake += 1;
  });

  setHandler(calendarChanged, ({ version }) => {
    if (version <= c.calendarVersion) return;
    c.calendarVersion = version;
    c.calendarPending = true;
    c.wake += 1;
  });

  setHandler(decideApplication, (args: DecideArgs) => decision(c, () => decide(c, args)), {
    validator: (args: DecideArgs) => validateDecision(validationView(c), args),
  });

  setHandler(
    claimCase,
    async ({ actor }) => {
      await record(c, 'assigned', { actor, facts: { assigneeId: actor.userId } });
      return reply(c);
    },
    { validator: ({ actor }: { actor: CaseActor }) => validateClaim(validationView(c), actor) },
  );

  setHandler(
    reassignCase,
    async ({ actor, assigneeId }) => {
      await record(c, 'assigned', { actor, facts: { assigneeId } });
      return reply(c);
    },
    {
      validator: ({ actor, assigneeId }: { actor: CaseActor; assigneeId: string }) =>
        validateReassign(validationView(c), actor, assigneeId),
    },
  );

  setHandler(scheduleInspection, (args) => decision(c, () => scheduleRound(c, args)), {
    validator: (args: ScheduleInspectionArgs) => validateSchedule(validationView(c), args),
  });

  setHandler(
    resubmitApplication,
    (args: ResubmitArgs) =>
      decision(c, async () => {
        const inReview = s.clock !== 'not_started';
        await record(c, 'resubmitted', {
          actor: args.actor,
          revisionItemKeys: args.revisionItemKeys,
          facts: {
            quantities: args.quantities,
            status: inReview ? 'under_review' : 'submitted',
            step: inReview ? 'review' : 'completeness_check',
          },
        });
        c.resubmission = { ...args, at: nowIso() };
        return reply(c);
      }),
    { validator: (args: ResubmitArgs) => validateResubmit(validationView(c), args) },
  );

  setHandler(withdrawApplication, ({ actor }) => decision(c, () => withdraw(c, actor)), {
    validator: ({ actor }: { actor: CaseActor }) => validateWithdraw(validationView(c), actor),
  });

  registerConditionsAndHolds(c);
}

/**
 * Conditions of approval and holds (docs/permits.md "Conditions and holds"). A condition added
 * or met is a transition with the count still unmet; the last one met after an approval lets
 * the main flow issue the permit. A hold stops a running review clock (its whole working days
 * kept) and every validator that moves the case refuses `PERMITS.APPLICATION_ON_HOLD` until
 * the release, which restarts the clock from the next working day.
 */
function registerConditionsAndHolds(c: Case): void {
  const { s } = c;

  setHandler(
    addCondition,
    (args: AddConditionArgs) =>
      decision(c, async () => {
        c.conditions.set(args.conditionId, false);
        s.unmetConditions = unmetConditions(c);
        await record(c, 'condition-added', {
          actor: args.actor,
          noteId: args.noteId,
          facts: {
            conditionId: args.conditionId,
            conditionCode: args.code,
            unmetConditions: s.unmetConditions,
          },
        });
        return reply(c);
      }),
    { validator: (args: AddConditionArgs) => validateAddCondition(validationView(c), args) },
  );

  setHandler(
    markConditionMet,
    (args: MarkConditionMetArgs) =>
      decision(c, async () => {
        c.conditions.set(args.conditionId, true);
        s.unmetConditions = unmetConditions(c);
        const issuing = c.approved && s.unmetConditions === 0;
        await record(c, 'condition-met', {
          actor: args.actor,
          ...(args.noteId ? { noteId: args.noteId } : {}),
          facts: {
            conditionId: args.conditionId,
            unmetConditions: s.unmetConditions,
            ...(issuing ? { step: 'issuing' as const } : {}),
          },
        });
        return reply(c);
      }),
    {
      validator: (args: MarkConditionMetArgs) => validateConditionMet(validationView(c), args),
    },
  );

  setHandler(
    holdCase,
    (args: HoldArgs) =>
      decision(c, async () => {
        s.onHold = true;
        const running = s.clock === 'running';
        await stopClock(c);
        c.holdStoppedClock = running && s.clock === 'stopped';
        await record(c, 'held', {
          actor: args.actor,
          reasonCode: args.reasonCode,
          ...(args.noteId ? { noteId: args.noteId } : {}),
          facts: c.holdStoppedClock
            ? { workingDaysLeft: s.workingDaysLeft ?? 0, reviewDueAt: null }
            : {},
        });
        return reply(c);
      }),
    { validator: (args: HoldArgs) => validateHold(validationView(c), args) },
  );

  setHandler(
    releaseCase,
    ({ actor, noteId }) =>
      decision(c, async () => {
        const facts = await resumeClock(c);
        await record(c, 'released', { actor, ...(noteId ? { noteId } : {}), facts });
        s.onHold = false;
        return reply(c);
      }),
    {
      validator: ({ actor }: { actor: CaseActor; noteId?: string }) =>
        validateRelease(validationView(c), actor),
    },
  );
}

/** The `decideApplication` Update's body. */
async function decide(c: Case, args: DecideArgs) {
  const { s } = c;
  const by = { actor: args.actor, ...reasonOf(args) };
  switch (args.decision) {
    case 'confirm_complete':
      await record(c, 'completeness-confirmed', {
        actor: args.actor,
        facts: { completenessBy: 'clerk', clockStage: 'completeness' },
      });
      c.completeness = 'confirmed';
      break;
    case 'request_changes':
      await stopClock(c);
      await record(c, 'changes-requested', {
        ...by,
        facts: {
          status: 'changes_requested',
          step: 'awaiting_applicant',
          ...(s.clock === 'stopped'
            ? { workingDaysLeft: s.workingDaysLeft ?? 0, reviewDueAt: null }
            : {}),
        },
      });
      if (s.clock === 'not_started') c.completeness = 'changes_requested';
      break;
    case 'reject':
      cancelRunningInspection(c);
      await record(c, 'rejected', { ...by, facts: { status: 'rejected', step: 'closed' } });
      s.clock = 'done';
      c.ending = 'rejected';
      break;
    case 'approve':
      if (s.secondApprovalRequired && s.approverIds.length === 0) {
        await record(c, 'approval-recorded', {
          actor: args.actor,
          facts: { step: 'second_approval', approverIds: [args.actor.userId] },
        });
        s.approverIds.push(args.actor.userId);
      } else {
        const approverIds = [...s.approverIds, args.actor.userId];
        await record(c, 'approved', {
          actor: args.actor,
          facts: {
            status: 'approved',
            // The permit waits while a condition of approval is unmet.
            step: s.unmetConditions > 0 ? 'awaiting_conditions' : 'issuing',
            approverIds,
          },
        });
        s.approverIds = approverIds;
        s.clock = 'done';
        c.approved = true;
      }
      break;
  }
  return reply(c);
}

/** The `withdrawApplication` Update's body: cancel an open invoice, or refund what was paid. */
async function withdraw(c: Case, actor: CaseActor) {
  const { s } = c;
  c.ending = 'withdrawing';
  c.withdrawActor = actor;
  cancelRunningInspection(c);
  let cancelled = false;
  for (const invoice of c.invoices.values()) {
    if (invoice.status !== 'open') continue;
    await acts.paymentsCancelInvoice({
      applicationId: c.input.applicationId,
      invoiceId: invoice.id,
      reasonCode: 'application_withdrawn',
    });
    invoice.status = 'cancelled';
    cancelled = true;
  }
  if (paidMinor(c) === 0) {
    await record(c, 'withdrawn', {
      actor,
      facts: {
        status: 'withdrawn',
        step: 'closed',
        compensation: cancelled ? 'invoice_cancelled' : 'none',
      },
    });
    s.clock = 'done';
    return reply(c);
  }
  await refundPaid(c, 'application_withdrawn');
  s.step = 'refunding';
  return reply(c);
}
