import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  DEFAULT_TEMPORAL_NAMESPACE,
  decideApplication,
  paymentsFact,
  permitApplicationWorkflowId,
  permitCaseState,
} from '#contracts/temporal';
import { bundleWorkflowSources, eventually, testEnv } from '#testing';
import { platformWorkerOptions } from '../../apps/worker/src/worker-options.js';
import {
  PERMIT_PATHS,
  changesRequested,
  completenessDeadline,
  conditionsThenIssued,
  heldAndReleased,
  feeLapsed,
  happyPath,
  inspectionFailedThenPassed,
  permitsActivities,
  reinspectionLimit,
  twoDecisions,
  withdrawnAfterPayment,
  withdrawnBeforePayment,
} from './permits.paths.js';
import { HOUR_MS, assessment, callsOf, setScenario, transitionsOf } from './permits.fakes.js';

// The permit application workflow and its inspection child on the test Temporal server, run
// by the platform's worker options over the workflow sources, with the permits activities as
// plain functions that record their calls (the services are the end-to-end tests' part).
describe('permit application workflow on the test Temporal server', () => {
  const taskQueue = `wtest-permits-${randomUUID()}`;
  let env: TestWorkflowEnvironment;
  let code: string;
  let worker: Worker;
  let running: Promise<void>;

  const startWorker = async (): Promise<void> => {
    worker = await Worker.create(
      platformWorkerOptions({
        connection: env.nativeConnection,
        namespace: DEFAULT_TEMPORAL_NAMESPACE,
        taskQueue,
        identity: `permits-tier-${randomUUID().slice(0, 8)}`,
        workflows: { bundleCode: code },
        activities: permitsActivities,
      }),
    );
    running = worker.run();
  };

  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    env = await TestWorkflowEnvironment.createFromExistingServer({
      address: testEnv().temporalAddress,
      namespace: DEFAULT_TEMPORAL_NAMESPACE,
    });
    code = await bundleWorkflowSources();
    await startWorker();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  const run = (p: { run: typeof happyPath.run }) =>
    p.run(env.client, { workflowId: permitApplicationWorkflowId(randomUUID()), taskQueue });

  it('happy path: fee, inspection, four eyes (the same supervisor refused, another accepted), permit issued', async () => {
    const outcome = await run(happyPath);
    expect(outcome.transitions).toEqual([
      'assigned',
      'completeness-confirmed',
      'payment-requested',
      'review-started',
      'inspection-scheduled',
      'inspection-passed',
      'approval-recorded',
      'approved',
      'issued',
    ]);
    expect(outcome.refusals).toEqual([
      'PERMITS.INSPECTION_REQUIRED',
      'POLICY.OWN_CASE',
      'POLICY.SAME_APPROVER',
      'PERMITS.SECOND_APPROVAL_ROLE',
    ]);
    expect(outcome.seen).toEqual([{ step: 'second_approval', approverIds: [expect.any(String)] }]);
    expect(outcome.final).toMatchObject({
      status: 'issued',
      step: 'closed',
      permitNumber: 'BP-2026-000123',
      feePaidMinor: 60_000,
      secondApprovalRequired: true,
      clock: 'done',
      transitions: 9,
    });
    expect(outcome.final.approverIds).toHaveLength(2);
  });

  it('completeness deadline passed without a finding: complete by deadline, no fee, a reject without a reason refused', async () => {
    const outcome = await run(completenessDeadline);
    expect(outcome.transitions).toEqual(['completeness-confirmed', 'review-started', 'rejected']);
    expect(outcome.refusals).toEqual(['PERMITS.REASON_REQUIRED']);
    expect(outcome.final).toMatchObject({ status: 'rejected', invoiceIds: [] });
    // Round trips (issue 13): the first deadline came with the start, so the first task set
    // the timer; the deadline's confirmation was assessed and, with no fee, the review clock
    // started by one activity; then the rejection was recorded.
    const history = await env.client.workflow
      .getHandle(permitApplicationWorkflowId(outcome.final.applicationId))
      .fetchHistory();
    const events = history.events ?? [];
    expect(
      events.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []),
    ).toEqual(['permitsConfirmCompleteness', 'permitsRecordTransition']);
    const firstTask = events.findIndex((e) => e.workflowTaskCompletedEventAttributes);
    expect(events.slice(firstTask + 1).find((e) => e.timerStartedEventAttributes)).toBeDefined();
    expect(
      events.slice(firstTask + 1).findIndex((e) => e.timerStartedEventAttributes) <
        events.slice(firstTask + 1).findIndex((e) => e.workflowTaskScheduledEventAttributes),
    ).toBe(true);
  });

  it('changes requested before the clock and in review: the clock stops with its days, restarts after a higher fee is paid', async () => {
    const outcome = await run(changesRequested);
    expect(outcome.transitions).toEqual([
      'changes-requested',
      'resubmitted',
      'completeness-confirmed',
      'payment-requested',
      'review-started',
      'changes-requested',
      'resubmitted',
      'payment-requested',
      'review-started',
      'approved',
      'issued',
    ]);
    expect(outcome.refusals).toEqual(['POLICY.NOT_OWNER']);
    expect(outcome.seen[0]).toEqual({ status: 'changes_requested', clock: 'not_started' });
    // Stopped: no due time, the 20 working days kept.
    expect(outcome.seen[1]).toEqual({
      status: 'changes_requested',
      clock: 'stopped',
      reviewDueAt: null,
      workingDaysLeft: 20,
    });
    expect(outcome.seen[2]).toMatchObject({ clock: 'running', workingDaysLeft: 20 });
    expect(outcome.final.feePaidMinor).toBe(15_000);
    const adjustment = callsOf(outcome.final.applicationId).filter(
      (c) => c.name === 'paymentsCreateInvoice',
    )[1];
    expect(adjustment?.request).toMatchObject({
      purpose: 'fee-adjustment-1',
      lines: [{ amountMinor: 5_000 }],
    });
  });

  it('failed then passed inspection; a wrong inspector and an approval before passing are refused', async () => {
    const outcome = await run(inspectionFailedThenPassed);
    expect(outcome.transitions).toEqual([
      'completeness-confirmed',
      'payment-requested',
      'review-started',
      'inspection-scheduled',
      'inspection-failed',
      'inspection-scheduled',
      'inspection-passed',
      'approved',
      'issued',
    ]);
    expect(outcome.refusals).toEqual([
      'PERMITS.INSPECTION_REQUIRED',
      'PERMITS.NOT_ASSIGNED_INSPECTOR',
    ]);
    expect(outcome.final.inspectionRounds).toBe(2);
  });

  it('re-inspection limit reached: refused with reinspection_limit_reached', async () => {
    const outcome = await run(reinspectionLimit);
    expect(outcome.transitions.slice(-3)).toEqual([
      'inspection-scheduled',
      'inspection-failed',
      'rejected',
    ]);
    const rejected = callsOf(outcome.final.applicationId).find(
      (c) => c.request.transition === 'rejected',
    );
    expect(rejected?.request.reasonCode).toBe('reinspection_limit_reached');
    expect(outcome.final.status).toBe('rejected');
  });

  it('withdrawn before payment: the open invoice is cancelled (staff may not withdraw)', async () => {
    const outcome = await run(withdrawnBeforePayment);
    expect(outcome.refusals).toEqual(['POLICY.NOT_OWNER']);
    expect(outcome.transitions).toEqual([
      'completeness-confirmed',
      'payment-requested',
      'withdrawn',
    ]);
    const calls = callsOf(outcome.final.applicationId);
    expect(calls.find((c) => c.name === 'paymentsCancelInvoice')?.request).toMatchObject({
      reasonCode: 'application_withdrawn',
    });
    expect(calls.find((c) => c.request.transition === 'withdrawn')?.request).toMatchObject({
      facts: { compensation: 'invoice_cancelled' },
    });
  });

  it('withdrawn after payment: refund asked, withdrawn recorded only when the refund succeeded', async () => {
    const outcome = await run(withdrawnAfterPayment);
    expect(outcome.seen).toEqual([
      { status: 'under_review', step: 'refunding' },
      { status: 'under_review', step: 'refunding' },
    ]);
    expect(outcome.transitions.at(-1)).toBe('withdrawn');
    const calls = callsOf(outcome.final.applicationId);
    expect(calls.find((c) => c.name === 'paymentsRefund')?.request).toMatchObject({
      amountMinor: 12_500,
      paymentId: expect.any(String),
      reasonCode: 'application_withdrawn',
    });
    expect(calls.find((c) => c.request.transition === 'withdrawn')?.request).toMatchObject({
      facts: { compensation: 'refunded', refundId: expect.any(String) },
    });
    expect(outcome.final.status).toBe('withdrawn');
  });

  it('fee lapse: a reminder at half the payment period, then the invoice expires', async () => {
    const outcome = await run(feeLapsed);
    expect(outcome.transitions).toEqual([
      'completeness-confirmed',
      'payment-requested',
      'payment-reminded',
      'lapsed',
    ]);
    expect(outcome.final.status).toBe('lapsed');
  });

  it.each([
    ['escalate', ['escalated', 'approved', 'issued'], 'issued'],
    ['deemed_approved', ['deemed-approved', 'issued'], 'issued'],
    ['deemed_refused', ['deemed-refused'], 'rejected'],
    ['fee_refund', ['fee-refunded', 'approved', 'issued'], 'issued'],
  ] as const)('missed review deadline with remedy %s', async (remedy, tail, status) => {
    const p = PERMIT_PATHS.paths.find((x) => x.name === `remedy-${remedy.replace('_', '-')}`)!;
    const outcome = await run(p as typeof happyPath);
    expect(outcome.transitions).toEqual([
      'completeness-confirmed',
      'payment-requested',
      'review-started',
      ...tail,
    ]);
    expect(outcome.final.status).toBe(status);
    expect(outcome.final.escalated).toBe(remedy === 'escalate');
    if (remedy === 'fee_refund')
      expect(
        callsOf(outcome.final.applicationId).find((c) => c.name === 'paymentsRefund')?.request,
      ).toMatchObject({ amountMinor: 12_500, reasonCode: 'review_deadline_missed' });
  });

  it('two decisions at once: one wins, the other is refused DECISION_IN_PROGRESS; repeated signals are ignored', async () => {
    const outcome = await run(twoDecisions);
    expect(outcome.refusals).toEqual(['PERMITS.DECISION_IN_PROGRESS']);
    expect(outcome.seen).toEqual([{ status: 'approved', step: 'issuing' }]);
    expect(outcome.transitions).toEqual([
      'completeness-confirmed',
      'payment-requested',
      'review-started',
      'approved',
      'issued',
    ]);
    // The repeated paid event did not count the fee twice; the calendar change (same due time
    // from the fakes' calendar) was computed again once and recorded nothing new.
    expect(outcome.final.feePaidMinor).toBe(12_500);
    const deadlines = callsOf(outcome.final.applicationId).filter(
      (c) => c.name === 'permitsDeadline',
    );
    // Payment, review start, and one recomputation for the calendar change (the first
    // completeness deadline came with the start, as the permits service gives it).
    expect(deadlines).toHaveLength(3);
    expect(deadlines[2]?.request).toEqual(deadlines[1]?.request);
  });

  it('conditions of approval: approved with one unmet waits without a permit; the last met issues it', async () => {
    const outcome = await run(conditionsThenIssued);
    expect(outcome.transitions).toEqual([
      'completeness-confirmed',
      'payment-requested',
      'review-started',
      'condition-added',
      'condition-added',
      'condition-met',
      'approved',
      'condition-met',
      'issued',
    ]);
    expect(outcome.refusals).toEqual([
      'PERMITS.CONDITION_ALREADY_MET',
      'PERMITS.CONDITION_NOT_FOUND',
    ]);
    expect(outcome.seen).toEqual([
      { status: 'approved', step: 'awaiting_conditions', unmetConditions: 1, permitNumber: null },
    ]);
    expect(outcome.final).toMatchObject({ status: 'issued', step: 'closed', unmetConditions: 0 });
    const recorded = callsOf(outcome.final.applicationId).filter(
      (c) => c.name === 'permitsRecordTransition',
    );
    // The last condition met takes the approved case on to issuing.
    expect(recorded.map((c) => (c.request as { facts?: { step?: string } }).facts?.step)).toContain(
      'awaiting_conditions',
    );
  });

  it('held and released: the clock stops (its deadline passes unseen, moves refused), restarts with the days left', async () => {
    const outcome = await run(heldAndReleased);
    expect(outcome.transitions).toEqual([
      'completeness-confirmed',
      'payment-requested',
      'review-started',
      'held',
      'released',
      'deemed-refused',
    ]);
    expect(outcome.refusals).toEqual([
      'PERMITS.APPLICATION_ON_HOLD',
      'PERMITS.APPLICATION_ON_HOLD',
      'PERMITS.APPLICATION_ON_HOLD',
      'POLICY.ROLE_NOT_ALLOWED',
      'PERMITS.APPLICATION_NOT_ON_HOLD',
    ]);
    const [held, meanwhile, released] = outcome.seen as [
      Record<string, unknown>,
      Record<string, unknown>,
      Record<string, unknown>,
    ];
    expect(held).toEqual({ onHold: true, clock: 'stopped', reviewDueAt: null });
    expect(meanwhile).toEqual({ status: 'under_review', clock: 'stopped', onHold: true });
    expect(released).toMatchObject({ onHold: false, clock: 'running', running: true });
    const deadlines = callsOf(outcome.final.applicationId).filter(
      (c) => c.name === 'permitsDeadline',
    );
    // The release counts the days the hold kept, from now (the next working day).
    expect((deadlines.at(-1)?.request as { workingDays: number }).workingDays).toBe(
      released.workingDaysLeft,
    );
    expect(released.workingDaysLeft).toBeGreaterThanOrEqual(1);
    expect(outcome.final.status).toBe('rejected');
  });

  it('a worker restarted mid-workflow: a new worker continues the case where it was', async () => {
    const applicationId = randomUUID();
    setScenario(applicationId, { dayMs: HOUR_MS, assessments: [assessment(12_500)] });
    const clerk = { userId: randomUUID(), role: 'clerk' as const };
    const handle = await env.client.workflow.start('permitApplicationWorkflow', {
      workflowId: permitApplicationWorkflowId(applicationId),
      taskQueue,
      args: [
        {
          applicationId,
          caseNumber: 'BP-2026-000124',
          applicantId: randomUUID(),
          permitType: 'building',
          typeVersion: 1,
          submittedAt: new Date().toISOString(),
          rules: {
            completenessCheckDays: 1000,
            paymentDays: 1000,
            reviewDays: 20,
            remedy: 'escalate',
            inspectionRequired: false,
            maxReinspections: 0,
            validityMonths: 12,
          },
        },
      ],
    });
    await eventually(
      async () =>
        (await handle.query(permitCaseState)).step === 'completeness_check' ? true : undefined,
      60_000,
      'completeness check',
    );
    await handle.executeUpdate(decideApplication, {
      args: [{ actor: clerk, decision: 'confirm_complete' }],
    });
    const invoiceId = await eventually(
      async () => (await handle.query(permitCaseState)).invoiceIds[0],
      60_000,
      'invoice',
    );
    // The worker goes away (its cached workflow state with it) and a new one takes over.
    worker.shutdown();
    await running;
    await startWorker();
    await handle.signal(paymentsFact, {
      eventId: randomUUID(),
      kind: 'invoice-paid',
      invoiceId,
      paymentId: randomUUID(),
    });
    await eventually(
      async () =>
        (await handle.query(permitCaseState)).status === 'under_review' ? true : undefined,
      60_000,
      'review after restart',
    );
    await handle.executeUpdate(decideApplication, {
      args: [{ actor: clerk, decision: 'approve' }],
    });
    const final = (await handle.result()) as { status: string };
    expect(final.status).toBe('issued');
    expect(transitionsOf(applicationId)).toEqual([
      'completeness-confirmed',
      'payment-requested',
      'review-started',
      'approved',
      'issued',
    ]);
  });
});
