import { randomUUID } from 'node:crypto';
import {
  WithStartWorkflowOperation,
  WorkflowUpdateFailedError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  COMPLAINT_WORKFLOW,
  assignComplaint,
  changeComplaintStatus,
  complaintCaseState,
  complaintFeedback,
  complaintWorkflowId,
  reopenComplaint,
  reporterAnswered,
  resolveComplaint,
  triageComplaint,
  waitOnReporter,
  type ComplaintActor,
  type ComplaintCaseState,
  type ComplaintRules,
  type ComplaintTransitionRequest,
  type ComplaintWorkflowInput,
} from '#contracts/temporal';
import { eventually } from '#testing';
import {
  HOUR_MS,
  changeComplaintScenario,
  fakeComplaintsActivities,
  recordedOf,
  setComplaintScenario,
  type ComplaintScenario,
} from './complaints.fakes.js';
import type { WorkflowPath, WorkflowPaths } from './workflow-path.js';

type Handle = WorkflowHandle<(input: ComplaintWorkflowInput) => Promise<ComplaintCaseState>>;

const staff = (role: ComplaintActor['role']): ComplaintActor => ({ userId: randomUUID(), role });

export interface ComplaintPathOutcome {
  requestId: string;
  transitions: string[];
  recorded: ComplaintTransitionRequest[];
  final: ComplaintCaseState;
  refusals: string[];
  seen: Partial<ComplaintCaseState>[];
}

export const RULES: ComplaintRules = {
  triageDays: 2,
  resolutionDays: { low: 10, normal: 5, high: 2, urgent: 1 },
  closeAfterDays: 1,
  reopenWindowDays: 3,
};

/** One complaint being driven: its handle, scenario and helpers. */
class Drive {
  readonly clerk = staff('clerk');
  readonly refusals: string[] = [];
  readonly seen: Partial<ComplaintCaseState>[] = [];
  handle!: Handle;
  requestId = '';

  private input(
    options: { workflowId: string },
    scenario: ComplaintScenario,
    rules: Partial<ComplaintRules>,
  ): ComplaintWorkflowInput {
    this.requestId = options.workflowId.replace(/^complaint-/, '');
    setComplaintScenario(this.requestId, scenario);
    return {
      requestId: this.requestId,
      serviceCode: 'pothole',
      departmentCode: 'roads',
      priority: 'normal',
      receivedAt: new Date().toISOString(),
      rules: { ...RULES, ...rules },
    };
  }

  async start(
    client: Client,
    options: { workflowId: string; taskQueue: string },
    scenario: ComplaintScenario,
    rules: Partial<ComplaintRules> = {},
  ): Promise<this> {
    this.handle = await client.workflow.start<
      (input: ComplaintWorkflowInput) => Promise<ComplaintCaseState>
    >(COMPLAINT_WORKFLOW, { ...options, args: [this.input(options, scenario, rules)] });
    return this;
  }

  /** Started with a triage Update in the same request: both arrive in the first task. */
  async startTriaged(
    client: Client,
    options: { workflowId: string; taskQueue: string },
    scenario: ComplaintScenario,
    priority: ComplaintCaseState['priority'],
  ): Promise<this> {
    const operation = new WithStartWorkflowOperation<
      (input: ComplaintWorkflowInput) => Promise<ComplaintCaseState>
    >(COMPLAINT_WORKFLOW, {
      ...options,
      args: [this.input(options, scenario, {})],
      workflowIdConflictPolicy: 'FAIL',
    });
    await client.workflow.executeUpdateWithStart(triageComplaint, {
      args: [{ actor: this.clerk, priority }],
      startWorkflowOperation: operation,
    });
    this.handle = await operation.workflowHandle();
    return this;
  }

  state = (): Promise<ComplaintCaseState> => this.handle.query(complaintCaseState);

  async until(what: string, test: (s: ComplaintCaseState) => boolean): Promise<ComplaintCaseState> {
    return eventually(
      async () => {
        const s = await this.state();
        return test(s) ? s : undefined;
      },
      60_000,
      what,
    );
  }

  async note(pick: (s: ComplaintCaseState) => Partial<ComplaintCaseState>): Promise<void> {
    this.seen.push(pick(await this.state()));
  }

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

  started = () => this.until('SLA started', (s) => s.transitions >= 1);

  triage = (priority?: ComplaintCaseState['priority']) =>
    this.handle.executeUpdate(triageComplaint, {
      args: [{ actor: this.clerk, ...(priority ? { priority } : {}) }],
    });

  resolve = (status: 'fixed' | 'duplicate' | 'not_responsible', duplicateOf?: string) =>
    this.handle.executeUpdate(resolveComplaint, {
      args: [{ actor: this.clerk, status, ...(duplicateOf ? { duplicateOf } : {}) }],
    });

  /** Ends the case quickly: the close delay and the reopen window last a millisecond a day. */
  shortenWindow(): void {
    changeComplaintScenario(this.requestId, { calendarDayMs: 1 });
  }

  async end(): Promise<ComplaintPathOutcome> {
    const final = await this.handle.result();
    const recorded = recordedOf(this.requestId);
    return {
      requestId: this.requestId,
      transitions: recorded.map((r) => r.transition),
      recorded,
      final,
      refusals: this.refusals,
      seen: this.seen,
    };
  }
}

type Run = WorkflowPath<ComplaintPathOutcome>['run'];
const path = (name: string, description: string, run: Run): WorkflowPath<ComplaintPathOutcome> => ({
  name,
  description,
  run,
});

export const resolvedThenFinal = path(
  'resolved-then-final',
  'triaged (high), assigned, in progress, fixed; closed in Open311 after the delay, ended when the reopen window passed; a second triage refused',
  async (client, options) => {
    const d = await new Drive().start(client, options, {
      workingDayMs: HOUR_MS,
      calendarDayMs: 200,
    });
    await d.started();
    await d.note((s) => ({ phase: s.phase, clock: s.clock, clockStage: s.clockStage }));
    await d.triage('high');
    await d.refused(() => d.triage());
    const officer = randomUUID();
    await d.handle.executeUpdate(assignComplaint, {
      args: [{ actor: d.clerk, departmentCode: 'roads', assigneeId: officer }],
    });
    await d.handle.executeUpdate(changeComplaintStatus, {
      args: [{ actor: d.clerk, status: 'in_progress', updateId: randomUUID() }],
    });
    await d.note((s) => ({ status: s.status, priority: s.priority, assigneeId: s.assigneeId }));
    await d.resolve('fixed');
    await d.note((s) => ({ phase: s.phase, open311Status: s.open311Status, clock: s.clock }));
    return d.end();
  },
);

export const triagedAtStart = path(
  'triaged-at-start',
  'a triage Update delivered with the first workflow task (before the SLA started): the SLA starts first, then the triage, in that order; resolved',
  async (client, options) => {
    const d = await new Drive().startTriaged(
      client,
      options,
      { workingDayMs: HOUR_MS, calendarDayMs: 1 },
      'high',
    );
    await d.note((s) => ({ phase: s.phase, status: s.status, priority: s.priority }));
    await d.resolve('fixed');
    return d.end();
  },
);

export const slaBreachEscalated = path(
  'sla-breach-escalated',
  'nobody triages in time: escalated (triage); triaged late, the resolution deadline passes too: escalated (resolution); resolved',
  async (client, options) => {
    const d = await new Drive().start(client, options, { workingDayMs: 150, calendarDayMs: 1 });
    await d.until('triage escalation', (s) => s.escalations.length === 1);
    await d.triage();
    await d.until('resolution escalation', (s) => s.escalations.length === 2);
    await d.note((s) => ({ escalations: s.escalations.map((e) => ({ stage: e.stage, at: '' })) }));
    await d.resolve('fixed');
    return d.end();
  },
);

export const waitingOnReporter = path(
  'waiting-on-reporter',
  'triaged, then waiting on the reporter: the clock stops with its working days kept and no expected time, staff steps refused; the answer restarts it',
  async (client, options) => {
    const d = await new Drive().start(client, options, { workingDayMs: HOUR_MS, calendarDayMs: 1 });
    await d.started();
    await d.triage();
    await d.handle.executeUpdate(waitOnReporter, {
      args: [{ actor: d.clerk, updateId: randomUUID() }],
    });
    await d.note((s) => ({
      phase: s.phase,
      clock: s.clock,
      workingDaysLeft: s.workingDaysLeft,
      expectedAt: s.expectedAt,
      resolutionDueAt: s.resolutionDueAt,
    }));
    await d.refused(() =>
      d.handle.executeUpdate(changeComplaintStatus, {
        args: [{ actor: d.clerk, status: 'in_progress' }],
      }),
    );
    await d.handle.executeUpdate(reporterAnswered, { args: [{ answerId: randomUUID() }] });
    await d.note((s) => ({ phase: s.phase, clock: s.clock, workingDaysLeft: s.workingDaysLeft }));
    await d.resolve('not_responsible');
    return d.end();
  },
);

export const feedbackReopens = path(
  'feedback-reopens',
  'resolved; the reporter says "not fixed" (sent twice, one reopen): reopened with a fresh resolution clock; resolved again; "not fixed" under the same id later changes nothing',
  async (client, options) => {
    const d = await new Drive().start(client, options, {
      workingDayMs: HOUR_MS,
      calendarDayMs: HOUR_MS,
    });
    await d.started();
    await d.triage();
    await d.resolve('fixed');
    const feedbackId = randomUUID();
    await d.handle.signal(complaintFeedback, { feedbackId, fixed: false });
    await d.handle.signal(complaintFeedback, { feedbackId, fixed: false });
    await d.until('reopened', (s) => s.reopenCount === 1 && s.phase === 'working');
    await d.note((s) => ({
      phase: s.phase,
      status: s.status,
      open311Status: s.open311Status,
      reopenCount: s.reopenCount,
      clock: s.clock,
    }));
    d.shortenWindow();
    await d.resolve('fixed');
    await d.handle.signal(complaintFeedback, { feedbackId, fixed: false }).catch(() => undefined);
    return d.end();
  },
);

export const closedThenReopened = path(
  'closed-then-reopened',
  'resolved and shown closed in Open311; the reporter reopens within the window (a Signal): open again; resolved as a duplicate',
  async (client, options) => {
    const d = await new Drive().start(
      client,
      options,
      { workingDayMs: HOUR_MS, calendarDayMs: 100 },
      { reopenWindowDays: 3_000 },
    );
    await d.started();
    await d.triage('low');
    await d.resolve('fixed');
    await d.until('closed in Open311', (s) => s.open311Status === 'closed');
    await d.handle.signal(reopenComplaint, { reopenId: randomUUID(), by: 'reporter' });
    await d.until('reopened', (s) => s.open311Status === 'open' && s.phase === 'working');
    d.shortenWindow();
    await d.resolve('duplicate', randomUUID());
    return d.end();
  },
);

export const COMPLAINT_PATHS: WorkflowPaths = {
  folder: 'complaints',
  workflowType: COMPLAINT_WORKFLOW,
  workflowId: complaintWorkflowId,
  activities: () => ({ ...fakeComplaintsActivities }),
  paths: [
    resolvedThenFinal,
    triagedAtStart,
    slaBreachEscalated,
    waitingOnReporter,
    feedbackReopens,
    closedThenReopened,
  ],
};
