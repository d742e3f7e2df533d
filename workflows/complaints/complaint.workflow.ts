import {
  ApplicationFailure,
  condition,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';
import {
  assignComplaint,
  calendarChanged,
  changeComplaintStatus,
  complaintCaseState,
  complaintFeedback,
  reopenComplaint,
  reporterAnswered,
  resolveComplaint,
  triageComplaint,
  waitOnReporter,
  type ComplaintCaseState,
  type ComplaintPhase,
  type ComplaintTransition,
  type ComplaintTransitionRequest,
  type ComplaintUpdateReply,
  type ComplaintWorkflowInput,
  type ComplaintsActivities,
  type ResolveComplaintArgs,
  type ReporterAnsweredArgs,
  type WaitOnReporterArgs,
  type ChangeComplaintStatusArgs,
  type AssignComplaintArgs,
  type TriageComplaintArgs,
} from '#contracts/temporal';

const acts = proxyActivities<ComplaintsActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * The SLA start's activities as local activities (patch START_LOCALLY): run by the worker that
 * runs the workflow task, recorded as markers in it, so the start is one workflow task instead
 * of four workflow tasks and three activity tasks on the Temporal server (issue 14, "Figures").
 */
const local = proxyLocalActivities<ComplaintsActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const START_LOCALLY = 'complaints-sla-start-local-activities';

const CASE_STATUS = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
const CASE_TYPE = defineSearchAttributeKey('CaseType', SearchAttributeType.KEYWORD);
const CASE_ASSIGNEE = defineSearchAttributeKey('CaseAssignee', SearchAttributeType.KEYWORD);

type Detail = Omit<ComplaintTransitionRequest, 'requestId' | 'seq' | 'transition'>;
type Facts = NonNullable<Detail['facts']>;

const nowIso = (): string => new Date().toISOString();
const ACTIVE: readonly ComplaintPhase[] = ['triage', 'working', 'waiting_on_reporter'];

/**
 * One complaint's SLA (docs/complaints.md, "SLA workflow"): triage deadline from receipt,
 * resolution deadline by priority from triage, the clock stopped while waiting on the reporter,
 * escalation on breach; after resolution `closed` in Open311 after `closeAfterDays`, and the
 * execution open until the reopen window has passed. Every transition is written by the
 * complaints service through `complaintsRecordTransition` with the workflow's own `seq`; one
 * transition at a time (the main loop's timers and the Updates take turns).
 */
export async function complaintWorkflow(
  input: ComplaintWorkflowInput,
): Promise<ComplaintCaseState> {
  const { requestId, rules } = input;
  const s: ComplaintCaseState = {
    requestId,
    status: 'for_triage',
    open311Status: 'open',
    phase: 'triage',
    priority: input.priority,
    departmentCode: input.departmentCode,
    assigneeId: null,
    triageDueAt: null,
    resolutionDueAt: null,
    expectedAt: null,
    clock: 'running',
    clockStage: 'triage',
    workingDaysLeft: null,
    escalations: [],
    resolvedAt: null,
    closesAt: null,
    reopenUntil: null,
    reopenCount: 0,
    pendingDecision: false,
    transitions: 0,
  };
  let seq = 0;
  let wake = 0;
  // Held from the start by the flow's first section (the SLA start): an Update delivered with
  // the first task runs as soon as its handler is set, before the flow's body goes on.
  let locked = true;
  /** Workflow time (ms) when the running clock's deadline passes / Open311 closes / reopening ends. */
  let clockEndsAt = 0;
  let breachHandled = false;
  let closeAt = 0;
  let reopenEndsAt = 0;
  let pausedPhase: ComplaintPhase = 'triage';
  let calendarVersion = 0;
  let calendarPending = false;
  const seen = new Set<string>();
  const reopens: { id: string; by: 'reporter' | 'staff' | 'feedback'; detail: Detail }[] = [];

  const reply = (): ComplaintUpdateReply => ({
    requestId,
    status: s.status,
    open311Status: s.open311Status,
    expectedAt: s.expectedAt,
  });

  let upserted = '';
  const upsert = (): void => {
    const key = `${s.status}|${s.assigneeId ?? ''}`;
    if (key === upserted) return;
    upserted = key;
    upsertSearchAttributes([
      { key: CASE_STATUS, value: s.status },
      { key: CASE_TYPE, value: input.serviceCode },
      { key: CASE_ASSIGNEE, value: s.assigneeId },
    ]);
  };

  /**
   * Records one transition through the service (as an activity, or a local one: `via`), then
   * mirrors its facts in the state.
   */
  async function record(
    transition: ComplaintTransition,
    detail: Detail = {},
    via: ComplaintsActivities = acts,
  ): Promise<void> {
    await via.complaintsRecordTransition({ requestId, seq: ++seq, transition, ...detail });
    const f: Facts = detail.facts ?? {};
    for (const key of ['status', 'open311Status', 'priority', 'departmentCode'] as const)
      if (f[key] !== undefined) Object.assign(s, { [key]: f[key] });
    for (const key of [
      'assigneeId',
      'triageDueAt',
      'resolutionDueAt',
      'expectedAt',
      'workingDaysLeft',
    ] as const)
      if (f[key] !== undefined) Object.assign(s, { [key]: f[key] });
    if (f.clock) s.clock = f.clock;
    s.transitions += 1;
    upsert();
  }

  /**
   * One transition at a time: the loop's timers and the Updates take turns. Waited for again
   * after each release: every waiter's condition turns true in the same pass and only the first
   * to run may take it.
   */
  async function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    while (locked) await condition(() => !locked);
    locked = true;
    return held(fn);
  }

  /** Runs `fn` holding the lock (taken already), and releases it. */
  async function held<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } finally {
      locked = false;
      wake += 1;
    }
  }

  /** An Update's body: pending from before its first await (its validator refuses others). */
  function decision<T>(fn: () => Promise<T>): Promise<T> {
    s.pendingDecision = true;
    return exclusive(fn).finally(() => {
      s.pendingDecision = false;
    });
  }

  const refuse = (message: string): never => {
    throw ApplicationFailure.nonRetryable(message, 'COMPLAINTS.INVALID_TRANSITION');
  };
  const allowIn =
    (...phases: ComplaintPhase[]) =>
    (..._args: unknown[]): void => {
      if (s.pendingDecision) refuse('another step on this request is being recorded');
      if (!phases.includes(s.phase)) refuse(`not allowed while the request is ${s.phase}`);
    };

  /** Due facts of a clock of `days` working days from now for the current stage. */
  async function clockFacts(days: number): Promise<Facts> {
    const from = nowIso();
    const due = await acts.complaintsDeadline({ from, days, kind: 'working' });
    clockEndsAt = Date.now() + due.waitMs;
    breachHandled = false;
    if (s.clockStage === 'resolution')
      return {
        clock: 'running',
        resolutionDueAt: due.dueAt,
        expectedAt: due.dueAt,
        workingDaysLeft: null,
      };
    const expected = await acts.complaintsDeadline({
      from,
      days: days + rules.resolutionDays[s.priority],
      kind: 'working',
    });
    return {
      clock: 'running',
      triageDueAt: due.dueAt,
      expectedAt: expected.dueAt,
      workingDaysLeft: null,
    };
  }

  async function stoppedFacts(): Promise<Facts> {
    const dueAt = s.clockStage === 'triage' ? s.triageDueAt : s.resolutionDueAt;
    const workingDaysLeft = dueAt
      ? await acts.complaintsWorkingDaysLeft({
          now: nowIso(),
          dueAt,
          waitMsLeft: Math.max(0, clockEndsAt - Date.now()),
        })
      : 0;
    const due = s.clockStage === 'triage' ? { triageDueAt: null } : { resolutionDueAt: null };
    return { clock: 'stopped', workingDaysLeft, expectedAt: null, ...due };
  }

  async function calendarDeadline(days: number): Promise<{ at: number; dueAt: string }> {
    const due = await acts.complaintsDeadline({ from: nowIso(), days, kind: 'calendar' });
    return { at: Date.now() + due.waitMs, dueAt: due.dueAt };
  }

  // ---- handlers: all registered before the first await -----------------------------------

  setHandler(complaintCaseState, () => ({ ...s, escalations: [...s.escalations] }));

  setHandler(reopenComplaint, ({ reopenId, by, actor }) => {
    if (seen.has(reopenId)) return;
    seen.add(reopenId);
    reopens.push({ id: reopenId, by, detail: { reopenId, ...(actor ? { actor } : {}) } });
    wake += 1;
  });

  setHandler(complaintFeedback, ({ feedbackId, fixed }) => {
    if (seen.has(feedbackId)) return;
    seen.add(feedbackId);
    if (!fixed) reopens.push({ id: feedbackId, by: 'feedback', detail: { feedbackId } });
    wake += 1;
  });

  setHandler(calendarChanged, ({ version }) => {
    if (version <= calendarVersion) return;
    calendarVersion = version;
    calendarPending = true;
    wake += 1;
  });

  setHandler(
    triageComplaint,
    (args: TriageComplaintArgs) =>
      decision(async () => {
        const priority = args.priority ?? s.priority;
        s.priority = priority;
        s.clockStage = 'resolution';
        const facts = await clockFacts(rules.resolutionDays[priority]);
        await record('triaged', {
          actor: args.actor,
          ...(args.updateId ? { updateId: args.updateId } : {}),
          facts: {
            ...facts,
            status: args.status ?? 'investigating',
            priority,
            triageDueAt: null,
            ...(args.departmentCode ? { departmentCode: args.departmentCode } : {}),
            ...(args.assigneeId ? { assigneeId: args.assigneeId } : {}),
          },
        });
        s.phase = 'working';
        return reply();
      }),
    { validator: allowIn('triage') },
  );

  setHandler(
    assignComplaint,
    (args: AssignComplaintArgs) =>
      decision(async () => {
        await record('assigned', {
          actor: args.actor,
          facts: {
            ...(args.departmentCode ? { departmentCode: args.departmentCode } : {}),
            ...(args.assigneeId !== undefined ? { assigneeId: args.assigneeId } : {}),
          },
        });
        return reply();
      }),
    { validator: allowIn(...ACTIVE) },
  );

  setHandler(
    changeComplaintStatus,
    (args: ChangeComplaintStatusArgs) =>
      decision(async () => {
        await record('status-changed', {
          actor: args.actor,
          ...(args.updateId ? { updateId: args.updateId } : {}),
          facts: { status: args.status },
        });
        return reply();
      }),
    { validator: allowIn('working') },
  );

  setHandler(
    waitOnReporter,
    (args: WaitOnReporterArgs) =>
      decision(async () => {
        const facts = await stoppedFacts();
        await record('waiting-on-reporter', {
          actor: args.actor,
          ...(args.updateId ? { updateId: args.updateId } : {}),
          facts,
        });
        pausedPhase = s.phase;
        s.phase = 'waiting_on_reporter';
        return reply();
      }),
    { validator: allowIn('triage', 'working') },
  );

  setHandler(
    reporterAnswered,
    (args: ReporterAnsweredArgs) =>
      decision(async () => {
        const facts = await clockFacts(s.workingDaysLeft ?? 0);
        await record('reporter-answered', {
          ...(args.actor ? { actor: args.actor } : {}),
          ...(args.answerId ? { answerId: args.answerId } : {}),
          facts,
        });
        s.phase = pausedPhase;
        return reply();
      }),
    { validator: allowIn('waiting_on_reporter') },
  );

  setHandler(
    resolveComplaint,
    (args: ResolveComplaintArgs) =>
      decision(async () => {
        const closes = await calendarDeadline(rules.closeAfterDays);
        const window = await calendarDeadline(rules.reopenWindowDays);
        const resolvedAt = nowIso();
        await record('resolved', {
          actor: args.actor,
          ...(args.updateId ? { updateId: args.updateId } : {}),
          facts: {
            status: args.status,
            clock: 'done',
            expectedAt: null,
            triageDueAt: null,
            resolutionDueAt: null,
            workingDaysLeft: null,
            resolvedAt,
            closesAt: closes.dueAt,
            reopenUntil: window.dueAt,
            ...(args.duplicateOf ? { duplicateOf: args.duplicateOf } : {}),
          },
        });
        Object.assign(s, { resolvedAt, closesAt: closes.dueAt, reopenUntil: window.dueAt });
        closeAt = closes.at;
        reopenEndsAt = window.at;
        s.phase = 'resolved';
        return reply();
      }),
    { validator: allowIn(...ACTIVE) },
  );

  // ---- the flow --------------------------------------------------------------------------

  await held(async () => {
    if (patched(START_LOCALLY)) {
      // The same facts as clockFacts(triageDays), its two due times asked side by side, and
      // the transition, all as local activities within the first workflow task.
      const from = nowIso();
      const [due, expected] = await Promise.all([
        local.complaintsDeadline({ from, days: rules.triageDays, kind: 'working' }),
        local.complaintsDeadline({
          from,
          days: rules.triageDays + rules.resolutionDays[s.priority],
          kind: 'working',
        }),
      ]);
      clockEndsAt = Date.now() + due.waitMs;
      breachHandled = false;
      const facts: Facts = {
        clock: 'running',
        triageDueAt: due.dueAt,
        expectedAt: expected.dueAt,
        workingDaysLeft: null,
      };
      await record(
        'sla-started',
        { facts: { ...facts, status: 'for_triage', open311Status: 'open' } },
        local,
      );
      return;
    }
    const facts = await clockFacts(rules.triageDays);
    await record('sla-started', {
      facts: { ...facts, status: 'for_triage', open311Status: 'open' },
    });
  });

  /** What the next timer does, and when (workflow ms); undefined: nothing until a change. */
  const nextTimer = (): { at: number; fire: () => Promise<void> } | undefined => {
    if ((s.phase === 'triage' || s.phase === 'working') && !breachHandled)
      return { at: clockEndsAt, fire: escalate };
    if (s.phase === 'resolved' && closeAt < reopenEndsAt) return { at: closeAt, fire: close };
    if (s.phase === 'resolved' || s.phase === 'closed') return { at: reopenEndsAt, fire: finish };
    return undefined;
  };

  async function escalate(): Promise<void> {
    breachHandled = true;
    const stage = s.clockStage;
    await record('escalated', { facts: { stage } });
    s.escalations.push({ stage, at: nowIso() });
  }

  async function close(): Promise<void> {
    await record('closed', { facts: { open311Status: 'closed' } });
    s.phase = 'closed';
  }

  async function finish(): Promise<void> {
    if (s.open311Status === 'open') await close();
    await record('reopen-window-passed', { facts: { clock: 'done' } });
    s.phase = 'finished';
  }

  async function reopen(next: (typeof reopens)[number]): Promise<void> {
    s.clockStage = 'resolution';
    s.reopenCount += 1;
    const facts = await clockFacts(rules.resolutionDays[s.priority]);
    await record('reopened', {
      ...next.detail,
      facts: {
        ...facts,
        status: 'investigating',
        open311Status: 'open',
        reopenCount: s.reopenCount,
        reopenedBy: next.by,
      },
    });
    Object.assign(s, { resolvedAt: null, closesAt: null, reopenUntil: null, phase: 'working' });
  }

  async function recompute(): Promise<void> {
    calendarPending = false;
    if (s.clock !== 'running' || !ACTIVE.includes(s.phase)) return;
    const stopped = await stoppedFacts();
    await record('deadlines-recomputed', { facts: await clockFacts(stopped.workingDaysLeft ?? 0) });
  }

  while (s.phase !== 'finished') {
    const seenWake = wake;
    const timer = nextTimer();
    const woken = (): boolean => wake !== seenWake || reopens.length > 0 || calendarPending;
    const changed = timer
      ? await condition(woken, Math.max(1, timer.at - Date.now()))
      : await condition(woken).then(() => true);
    await exclusive(async () => {
      const next = reopens.shift();
      if (next) {
        if (s.phase === 'resolved' || s.phase === 'closed') await reopen(next);
        return;
      }
      if (calendarPending) return recompute();
      // A timer fires only if nothing changed what it was for meanwhile.
      const still = nextTimer();
      if (!changed && timer && still?.fire === timer.fire && still.at === timer.at)
        await timer.fire();
    });
  }
  return { ...s, escalations: [...s.escalations] };
}
