import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  PERMIT_APPLICATION_WORKFLOW,
  decideApplication,
  paymentsFact,
  permitApplicationWorkflowId,
  permitCaseState,
  scheduleInspection,
  recordInspectionResult,
  inspectionWorkflowId,
  resubmitApplication,
  withdrawApplication,
  claimCase,
  calendarChanged,
  addCondition,
  markConditionMet,
  holdCase,
  releaseCase,
  type CaseActor,
  type CaseRules,
  type DecideArgs,
  type PermitApplicationInput,
  type PermitCaseState,
} from '#contracts/temporal';
import { eventually } from '#testing';
import {
  HOUR_MS,
  assessment,
  callsOf,
  completenessDueOf,
  fakePermitsActivities,
  gateOn,
  setScenario,
  transitionsOf,
  type Scenario,
} from './permits.fakes.js';
import type { WorkflowPath, WorkflowPaths } from './workflow-path.js';

type Handle = WorkflowHandle<(input: PermitApplicationInput) => Promise<PermitCaseState>>;

const staff = (role: CaseActor['role']): CaseActor => ({ userId: randomUUID(), role });

export interface PathOutcome {
  transitions: string[];
  final: PermitCaseState;
  refusals: string[];
  seen: Partial<PermitCaseState>[];
}

const RULES: CaseRules = {
  completenessCheckDays: 1000,
  paymentDays: 1000,
  reviewDays: 20,
  remedy: 'escalate',
  inspectionRequired: false,
  maxReinspections: 1,
  validityMonths: 36,
};

/** One case being driven: its handle, applicant, scenario and helpers. */
class Drive {
  readonly applicantId = randomUUID();
  readonly clerk = staff('clerk');
  readonly supervisor = staff('supervisor');
  readonly inspector = staff('inspector');
  readonly refusals: string[] = [];
  readonly seen: Partial<PermitCaseState>[] = [];
  handle!: Handle;
  scenario!: Scenario;
  applicationId = '';

  async start(
    client: Client,
    options: { workflowId: string; taskQueue: string },
    rules: Partial<CaseRules>,
    scenario: Partial<Scenario> = {},
  ): Promise<this> {
    this.applicationId = options.workflowId.replace(/^permit-application-/, '');
    this.scenario = setScenario(this.applicationId, {
      dayMs: HOUR_MS,
      assessments: [assessment(12_500)],
      ...scenario,
    });
    const submittedAt = new Date().toISOString();
    const caseRules = { ...RULES, ...rules };
    this.handle = await client.workflow.start<
      (input: PermitApplicationInput) => Promise<PermitCaseState>
    >(PERMIT_APPLICATION_WORKFLOW, {
      ...options,
      args: [
        {
          applicationId: this.applicationId,
          caseNumber: 'BP-2026-000123',
          applicantId: this.applicantId,
          permitType: 'building',
          typeVersion: 1,
          submittedAt,
          rules: caseRules,
          // As the permits service starts it: the first completeness deadline given.
          completenessDue: completenessDueOf(
            submittedAt,
            caseRules.completenessCheckDays,
            this.scenario.dayMs,
          ),
        },
      ],
    });
    return this;
  }

  state = (): Promise<PermitCaseState> => this.handle.query(permitCaseState);

  async until(what: string, test: (s: PermitCaseState) => boolean): Promise<PermitCaseState> {
    return eventually(
      async () => {
        const s = await this.state();
        return test(s) ? s : undefined;
      },
      60_000,
      what,
    );
  }

  /** Keeps what the Query shows at this point, for the test to assert. */
  async note(pick: (s: PermitCaseState) => Partial<PermitCaseState>): Promise<void> {
    this.seen.push(pick(await this.state()));
  }

  decide = (args: DecideArgs) => this.handle.executeUpdate(decideApplication, { args: [args] });

  /** Sends an Update expected to be refused; keeps its code. */
  async refused(send: () => Promise<unknown>): Promise<void> {
    try {
      await send();
      this.refusals.push('accepted');
    } catch (error) {
      if (!(error instanceof WorkflowUpdateFailedError)) throw error;
      const cause = error.cause;
      this.refusals.push(cause instanceof ApplicationFailure ? String(cause.type) : 'unknown');
    }
  }

  async confirm(): Promise<void> {
    await this.until('completeness check', (s) => s.step === 'completeness_check');
    await this.decide({ actor: this.clerk, decision: 'confirm_complete' });
  }

  async pay(kind: 'invoice-paid' | 'invoice-expired' = 'invoice-paid', n = 1): Promise<string> {
    const s = await this.until(
      'invoice',
      (st) => st.invoiceIds.length >= n && st.step === 'awaiting_payment',
    );
    const invoiceId = s.invoiceIds[n - 1]!;
    await this.handle.signal(paymentsFact, {
      eventId: randomUUID(),
      kind,
      invoiceId,
      ...(kind === 'invoice-paid' ? { paymentId: randomUUID() } : {}),
    });
    return invoiceId;
  }

  reviewing = (): Promise<PermitCaseState> =>
    this.until('review', (s) => s.status === 'under_review' && s.clock === 'running');

  async inspect(outcome: 'pass' | 'fail'): Promise<void> {
    const round = (await this.state()).inspectionRounds + 1;
    await this.handle.executeUpdate(scheduleInspection, {
      args: [
        {
          actor: this.clerk,
          inspectorId: this.inspector.userId,
          scheduledFor: '2026-03-10',
          inspectionId: randomUUID(),
        },
      ],
    });
    const child = this.handle.client.getHandle(inspectionWorkflowId(this.applicationId, round));
    await child.executeUpdate(recordInspectionResult, {
      args: [{ actor: this.inspector, outcome }],
    });
    await this.until(
      'inspection applied',
      (s) => s.lastInspection === (outcome === 'pass' ? 'passed' : 'failed'),
    );
  }

  async end(): Promise<PathOutcome> {
    const final = await this.handle.result();
    return {
      transitions: transitionsOf(this.applicationId),
      final,
      refusals: this.refusals,
      seen: this.seen,
    };
  }
}

type Run = WorkflowPath<PathOutcome>['run'];
const path = (name: string, description: string, run: Run): WorkflowPath<PathOutcome> => ({
  name,
  description,
  run,
});

export const happyPath = path(
  'happy-path',
  'fee paid, inspection passed, four eyes: the same supervisor refused, another accepted, permit issued',
  async (client, options) => {
    const d = await new Drive().start(
      client,
      options,
      { inspectionRequired: true },
      {
        assessments: [assessment(60_000, true)],
      },
    );
    await d.handle.executeUpdate(claimCase, { args: [{ actor: d.clerk }] });
    await d.confirm();
    await d.pay();
    await d.reviewing();
    await d.refused(() => d.decide({ actor: d.supervisor, decision: 'approve' }));
    await d.inspect('pass');
    await d.refused(() =>
      d.decide({ actor: { userId: d.applicantId, role: 'clerk' }, decision: 'approve' }),
    );
    await d.decide({ actor: d.supervisor, decision: 'approve' });
    await d.note((s) => ({ step: s.step, approverIds: s.approverIds }));
    await d.refused(() => d.decide({ actor: d.supervisor, decision: 'approve' }));
    await d.refused(() => d.decide({ actor: d.clerk, decision: 'approve' }));
    await d.decide({ actor: staff('supervisor'), decision: 'approve' });
    return d.end();
  },
);

export const completenessDeadline = path(
  'completeness-deadline',
  'no finding before the completeness deadline: complete by deadline; no fee; rejected',
  async (client, options) => {
    const d = await new Drive().start(
      client,
      options,
      { completenessCheckDays: 1 },
      {
        dayMs: 200,
        assessments: [assessment(0)],
      },
    );
    await d.reviewing();
    await d.refused(() => d.decide({ actor: d.clerk, decision: 'reject' }));
    await d.decide({ actor: d.clerk, decision: 'reject', reasonCode: 'zoning_conflict' });
    return d.end();
  },
);

export const changesRequested = path(
  'changes-requested',
  'changes before the clock and in review (clock stopped, days kept), resubmitted with a higher fee (adjustment invoice), approved',
  async (client, options) => {
    const d = await new Drive().start(
      client,
      options,
      {},
      {
        assessments: [assessment(10_000), assessment(15_000)],
      },
    );
    await d.until('completeness check', (s) => s.step === 'completeness_check');
    const items = { reasonCode: 'missing_site_plan', revisionItemKeys: ['document:site_plan'] };
    await d.decide({ actor: d.clerk, decision: 'request_changes', ...items });
    await d.note((s) => ({ status: s.status, clock: s.clock }));
    await d.handle.executeUpdate(resubmitApplication, {
      args: [
        {
          actor: { userId: d.applicantId, role: 'citizen' },
          quantities: { floorArea: 100 },
          revisionItemKeys: ['document:site_plan'],
        },
      ],
    });
    await d.confirm();
    await d.pay();
    await d.reviewing();
    await d.decide({ actor: d.clerk, decision: 'request_changes', ...items });
    await d.note((s) => ({
      status: s.status,
      clock: s.clock,
      reviewDueAt: s.reviewDueAt,
      workingDaysLeft: s.workingDaysLeft,
    }));
    await d.refused(() =>
      d.handle.executeUpdate(resubmitApplication, {
        args: [{ actor: d.clerk, quantities: { floorArea: 150 }, revisionItemKeys: [] }],
      }),
    );
    await d.handle.executeUpdate(resubmitApplication, {
      args: [
        {
          actor: { userId: d.applicantId, role: 'citizen' },
          quantities: { floorArea: 150 },
          revisionItemKeys: ['document:site_plan'],
        },
      ],
    });
    await d.pay('invoice-paid', 2);
    await d.reviewing();
    await d.note((s) => ({
      clock: s.clock,
      workingDaysLeft: s.workingDaysLeft,
      invoiceIds: s.invoiceIds,
    }));
    await d.decide({ actor: d.clerk, decision: 'approve' });
    return d.end();
  },
);

export const inspectionFailedThenPassed = path(
  'inspection-failed-then-passed',
  'a failed inspection allows a second round, which passes; a wrong inspector is refused; approved',
  async (client, options) => {
    const d = await new Drive().start(client, options, {
      inspectionRequired: true,
      maxReinspections: 1,
    });
    await d.confirm();
    await d.pay();
    await d.reviewing();
    await d.inspect('fail');
    await d.refused(() => d.decide({ actor: d.clerk, decision: 'approve' }));
    await d.handle.executeUpdate(scheduleInspection, {
      args: [
        {
          actor: d.clerk,
          inspectorId: d.inspector.userId,
          scheduledFor: '2026-03-11',
          inspectionId: randomUUID(),
        },
      ],
    });
    const child = client.workflow.getHandle(inspectionWorkflowId(d.applicationId, 2));
    await d.refused(() =>
      child.executeUpdate(recordInspectionResult, {
        args: [{ actor: staff('inspector'), outcome: 'pass' }],
      }),
    );
    await child.executeUpdate(recordInspectionResult, {
      args: [{ actor: d.inspector, outcome: 'pass' }],
    });
    await d.until('passed', (s) => s.lastInspection === 'passed');
    await d.decide({ actor: d.clerk, decision: 'approve' });
    return d.end();
  },
);

export const reinspectionLimit = path(
  'reinspection-limit',
  'failed again after the last allowed re-inspection: refused with reinspection_limit_reached',
  async (client, options) => {
    const d = await new Drive().start(client, options, {
      inspectionRequired: true,
      maxReinspections: 1,
    });
    await d.confirm();
    await d.pay();
    await d.reviewing();
    await d.inspect('fail');
    await d.inspect('fail');
    return d.end();
  },
);

export const withdrawnBeforePayment = path(
  'withdrawn-before-payment',
  'withdrawn while the fee is open: the invoice is cancelled',
  async (client, options) => {
    const d = await new Drive().start(client, options, {});
    await d.confirm();
    await d.until('invoice', (s) => s.step === 'awaiting_payment');
    await d.refused(() =>
      d.handle.executeUpdate(withdrawApplication, { args: [{ actor: d.clerk }] }),
    );
    await d.handle.executeUpdate(withdrawApplication, {
      args: [{ actor: { userId: d.applicantId, role: 'citizen' } }],
    });
    return d.end();
  },
);

export const withdrawnAfterPayment = path(
  'withdrawn-after-payment',
  'withdrawn in review: refund asked, withdrawn recorded once the refund succeeded',
  async (client, options) => {
    const d = await new Drive().start(client, options, {});
    await d.confirm();
    const invoiceId = await d.pay();
    await d.reviewing();
    const reply = await d.handle.executeUpdate(withdrawApplication, {
      args: [{ actor: { userId: d.applicantId, role: 'citizen' } }],
    });
    d.seen.push({ status: reply.status, step: reply.step });
    const refundId = await eventually(
      async () => lastRefundId(d.applicationId),
      60_000,
      'refund asked',
    );
    await d.note((st) => ({ status: st.status, step: st.step }));
    await d.handle.signal(paymentsFact, {
      eventId: randomUUID(),
      kind: 'refund-succeeded',
      invoiceId,
      refundId,
    });
    return d.end();
  },
);

export const feeLapsed = path(
  'fee-lapsed',
  'the invoice expires unpaid (after a reminder): lapsed',
  async (client, options) => {
    const d = await new Drive().start(client, options, { paymentDays: 2 }, { dayMs: 300 });
    await d.confirm();
    await d.until('reminded', () => transitionsOf(d.applicationId).includes('payment-reminded'));
    await d.pay('invoice-expired');
    return d.end();
  },
);

const remedyPath = (remedy: CaseRules['remedy']) =>
  path(
    `remedy-${remedy.replace('_', '-')}`,
    `the review clock runs out: ${remedy}`,
    async (client, options) => {
      const d = await new Drive().start(client, options, { reviewDays: 2, remedy }, { dayMs: 300 });
      await d.confirm();
      await d.pay();
      const breached = await d.until('breach', (s) => s.clock === 'done');
      d.seen.push({ escalated: breached.escalated, status: breached.status });
      if (remedy === 'escalate' || remedy === 'fee_refund')
        await d.decide({ actor: d.clerk, decision: 'approve' });
      return d.end();
    },
  );

export const twoDecisions = path(
  'two-decisions-at-once',
  'two clerks decide at once: one wins, the other is refused DECISION_IN_PROGRESS; a repeated payment signal changes nothing',
  async (client, options) => {
    const d = await new Drive().start(client, options, {});
    await d.confirm();
    const invoiceId = await d.pay();
    await d.reviewing();
    // The same payment event again (and a calendar change repeated): ignored.
    await d.handle.signal(paymentsFact, {
      eventId: 'repeat-1',
      kind: 'invoice-paid',
      invoiceId,
      paymentId: randomUUID(),
    });
    await d.handle.signal(paymentsFact, {
      eventId: 'repeat-1',
      kind: 'invoice-paid',
      invoiceId,
      paymentId: randomUUID(),
    });
    const deadlines = () =>
      callsOf(d.applicationId).filter((c) => c.name === 'permitsDeadline').length;
    const deadlinesBefore = deadlines();
    await d.handle.signal(calendarChanged, { version: 2 });
    await d.handle.signal(calendarChanged, { version: 2 });
    // The recomputation first (a decision stops the clock, and a stopped clock is not
    // recomputed): one more due time asked after the payment's and the review start's.
    await eventually(
      async () => (deadlines() > deadlinesBefore ? true : undefined),
      60_000,
      'the calendar change recomputed',
    );
    const gate = gateOn(d.scenario, 'approved');
    const first = d.decide({ actor: d.clerk, decision: 'approve' });
    await eventually(
      async () => (gate.reached ? true : undefined),
      60_000,
      'first decision recording',
    );
    await d.refused(() =>
      d.decide({ actor: staff('clerk'), decision: 'reject', reasonCode: 'zoning_conflict' }),
    );
    gate.release();
    const won = await first;
    d.seen.push({ status: won.status, step: won.step });
    return d.end();
  },
);

function lastRefundId(applicationId: string): string | undefined {
  return refundIds.get(applicationId);
}
const refundIds = new Map<string, string>();

/** The fakes' refund ids, so a path can signal the refund the workflow waits for. */
export const permitsActivities = {
  ...fakePermitsActivities,
  async paymentsRefund(request: Parameters<typeof fakePermitsActivities.paymentsRefund>[0]) {
    const reply = await fakePermitsActivities.paymentsRefund(request);
    refundIds.set(request.applicationId, reply.refundId);
    return reply;
  },
};

export const conditionsThenIssued = path(
  'conditions-then-issued',
  'conditions of approval: approved while one is unmet waits in awaiting_conditions, no permit; met twice or unknown refused; the last met issues',
  async (client, options) => {
    const d = await new Drive().start(client, options, {});
    await d.confirm();
    await d.pay();
    await d.reviewing();
    const [first, second] = [randomUUID(), randomUUID()];
    for (const conditionId of [first, second])
      await d.handle.executeUpdate(addCondition, {
        args: [{ actor: d.clerk, conditionId, code: 'final_inspection', noteId: randomUUID() }],
      });
    await d.handle.executeUpdate(markConditionMet, {
      args: [{ actor: d.inspector, conditionId: first }],
    });
    await d.refused(() =>
      d.handle.executeUpdate(markConditionMet, { args: [{ actor: d.clerk, conditionId: first }] }),
    );
    await d.refused(() =>
      d.handle.executeUpdate(markConditionMet, {
        args: [{ actor: d.clerk, conditionId: randomUUID() }],
      }),
    );
    await d.decide({ actor: d.clerk, decision: 'approve' });
    await d.note((s) => ({
      status: s.status,
      step: s.step,
      unmetConditions: s.unmetConditions,
      permitNumber: s.permitNumber,
    }));
    await d.handle.executeUpdate(markConditionMet, {
      args: [{ actor: d.supervisor, conditionId: second, noteId: randomUUID() }],
    });
    return d.end();
  },
);

export const heldAndReleased = path(
  'held-and-released',
  'a hold stops the review clock (its deadline passes unseen, moves refused ON_HOLD), the release restarts it with the days left; the clock then runs out: deemed refused',
  async (client, options) => {
    const d = await new Drive().start(
      client,
      options,
      { reviewDays: 2, remedy: 'deemed_refused' },
      { dayMs: 2_000 },
    );
    await d.confirm();
    await d.pay();
    await d.reviewing();
    await d.handle.executeUpdate(holdCase, {
      args: [{ actor: d.supervisor, reasonCode: 'legal_review', noteId: randomUUID() }],
    });
    await d.note((s) => ({ onHold: s.onHold, clock: s.clock, reviewDueAt: s.reviewDueAt }));
    await d.refused(() => d.decide({ actor: d.clerk, decision: 'approve' }));
    await d.refused(() => d.handle.executeUpdate(claimCase, { args: [{ actor: d.clerk }] }));
    await d.refused(() =>
      d.handle.executeUpdate(holdCase, { args: [{ actor: d.supervisor, reasonCode: 'again' }] }),
    );
    await d.refused(() => d.handle.executeUpdate(releaseCase, { args: [{ actor: d.clerk }] }));
    // Longer than the whole review clock: nothing fires while held.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    await d.note((s) => ({ status: s.status, clock: s.clock, onHold: s.onHold }));
    await d.handle.executeUpdate(releaseCase, { args: [{ actor: d.supervisor }] });
    await d.note((s) => ({
      onHold: s.onHold,
      clock: s.clock,
      running: s.reviewDueAt !== null,
      workingDaysLeft: s.workingDaysLeft,
    }));
    await d.refused(() => d.handle.executeUpdate(releaseCase, { args: [{ actor: d.supervisor }] }));
    return d.end();
  },
);

export const PERMIT_PATHS: WorkflowPaths = {
  folder: 'permits',
  workflowType: PERMIT_APPLICATION_WORKFLOW,
  workflowId: permitApplicationWorkflowId,
  activities: () => permitsActivities,
  paths: [
    happyPath,
    completenessDeadline,
    changesRequested,
    inspectionFailedThenPassed,
    reinspectionLimit,
    withdrawnBeforePayment,
    withdrawnAfterPayment,
    feeLapsed,
    remedyPath('escalate'),
    remedyPath('deemed_approved'),
    remedyPath('deemed_refused'),
    remedyPath('fee_refund'),
    twoDecisions,
    conditionsThenIssued,
    heldAndReleased,
  ],
};
