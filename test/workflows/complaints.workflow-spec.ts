import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_TEMPORAL_NAMESPACE, complaintWorkflowId } from '#contracts/temporal';
import { bundleWorkflowSources, testEnv } from '#testing';
import { platformWorkerOptions } from '../../apps/worker/src/worker-options.js';
import {
  COMPLAINT_PATHS,
  closedThenReopened,
  feedbackReopens,
  resolvedThenFinal,
  slaBreachEscalated,
  triagedAtStart,
  waitingOnReporter,
  type ComplaintPathOutcome,
} from './complaints.paths.js';

const ISO = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const INVALID = 'COMPLAINTS.INVALID_TRANSITION';

// The complaint SLA workflow on the test Temporal server, run by the platform's worker options
// over the workflow sources, with the complaints activities as plain functions that record
// their calls (days last milliseconds; the service is the integration tests' part). The paths
// run side by side on one worker.
describe('complaint workflow on the test Temporal server', () => {
  const taskQueue = `wtest-complaints-${randomUUID()}`;
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const outcomes = new Map<string, Promise<ComplaintPathOutcome>>();

  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    env = await TestWorkflowEnvironment.createFromExistingServer({
      address: testEnv().temporalAddress,
      namespace: DEFAULT_TEMPORAL_NAMESPACE,
    });
    worker = await Worker.create(
      platformWorkerOptions({
        connection: env.nativeConnection,
        namespace: DEFAULT_TEMPORAL_NAMESPACE,
        taskQueue,
        identity: `complaints-tier-${randomUUID().slice(0, 8)}`,
        workflows: { bundleCode: await bundleWorkflowSources() },
        activities: COMPLAINT_PATHS.activities!(),
      }),
    );
    running = worker.run();
    // Every path at once: each waits on its own timers.
    for (const p of COMPLAINT_PATHS.paths) {
      const outcome = p.run(env.client, {
        workflowId: complaintWorkflowId(randomUUID()),
        taskQueue,
      }) as Promise<ComplaintPathOutcome>;
      outcome.catch(() => undefined);
      outcomes.set(p.name, outcome);
    }
  });

  afterAll(async () => {
    await Promise.allSettled(outcomes.values());
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  const outcomeOf = (p: { name: string }): Promise<ComplaintPathOutcome> => outcomes.get(p.name)!;

  it('starts the SLA before a triage that came with the first task, and records them in that order', async () => {
    const o = await outcomeOf(triagedAtStart);
    expect(o.transitions).toEqual([
      'sla-started',
      'triaged',
      'resolved',
      'closed',
      'reopen-window-passed',
    ]);
    expect(o.recorded.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(o.seen[0]).toEqual({ phase: 'working', status: 'investigating', priority: 'high' });
    expect(o.recorded[1]).toMatchObject({ facts: { status: 'investigating', priority: 'high' } });
  });

  it('resolved, then closed in Open311 after the delay, and ended when the reopen window passed', async () => {
    const o = await outcomeOf(resolvedThenFinal);
    expect(o.transitions).toEqual([
      'sla-started',
      'triaged',
      'assigned',
      'status-changed',
      'resolved',
      'closed',
      'reopen-window-passed',
    ]);
    expect(o.recorded.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const [started, triaged] = o.recorded;
    // expected_datetime is published at once: triage days + resolution days of the priority.
    expect(started!.facts).toMatchObject({
      status: 'for_triage',
      open311Status: 'open',
      triageDueAt: ISO,
      expectedAt: ISO,
    });
    const receivedAt = new Date(started!.facts!.triageDueAt!).getTime() - 2 * 86_400_000;
    expect(new Date(started!.facts!.expectedAt!).getTime() - receivedAt).toBe((2 + 5) * 86_400_000);
    // Triage as high priority: the resolution deadline (2 days) becomes the expected time.
    expect(triaged!.facts).toMatchObject({
      priority: 'high',
      status: 'investigating',
      clock: 'running',
    });
    expect(triaged!.facts!.expectedAt).toBe(triaged!.facts!.resolutionDueAt);
    expect(o.refusals).toEqual([INVALID]);
    expect(o.seen).toEqual([
      { phase: 'triage', clock: 'running', clockStage: 'triage' },
      { status: 'in_progress', priority: 'high', assigneeId: expect.any(String) },
      { phase: 'resolved', open311Status: 'open', clock: 'done' },
    ]);
    expect(o.recorded[4]!.facts).toMatchObject({
      status: 'fixed',
      resolvedAt: ISO,
      closesAt: ISO,
      reopenUntil: ISO,
      expectedAt: null,
    });
    expect(o.final).toMatchObject({
      phase: 'finished',
      status: 'fixed',
      open311Status: 'closed',
      escalations: [],
      transitions: 7,
    });
  });

  it('escalates a missed triage deadline and a missed resolution deadline, once each', async () => {
    const o = await outcomeOf(slaBreachEscalated);
    expect(o.transitions).toEqual([
      'sla-started',
      'escalated',
      'triaged',
      'escalated',
      'resolved',
      'closed',
      'reopen-window-passed',
    ]);
    expect(o.recorded.filter((r) => r.transition === 'escalated').map((r) => r.facts)).toEqual([
      { stage: 'triage' },
      { stage: 'resolution' },
    ]);
    expect(o.final.escalations.map((e) => e.stage)).toEqual(['triage', 'resolution']);
  });

  it('stops the clock while waiting on the reporter and restarts it with the days kept', async () => {
    const o = await outcomeOf(waitingOnReporter);
    expect(o.transitions).toEqual([
      'sla-started',
      'triaged',
      'waiting-on-reporter',
      'reporter-answered',
      'resolved',
      'closed',
      'reopen-window-passed',
    ]);
    expect(o.seen).toEqual([
      {
        phase: 'waiting_on_reporter',
        clock: 'stopped',
        workingDaysLeft: 5,
        expectedAt: null,
        resolutionDueAt: null,
      },
      { phase: 'working', clock: 'running', workingDaysLeft: null },
    ]);
    expect(o.refusals).toEqual([INVALID]);
    const answered = o.recorded.find((r) => r.transition === 'reporter-answered')!;
    expect(answered.facts).toMatchObject({
      clock: 'running',
      resolutionDueAt: ISO,
      expectedAt: ISO,
    });
    expect(o.final).toMatchObject({ status: 'not_responsible', escalations: [] });
  });

  it('reopens once on a "not fixed" answer (its id deduplicated), with a fresh resolution clock', async () => {
    const o = await outcomeOf(feedbackReopens);
    expect(o.transitions).toEqual([
      'sla-started',
      'triaged',
      'resolved',
      'reopened',
      'resolved',
      'closed',
      'reopen-window-passed',
    ]);
    const reopened = o.recorded[3]!;
    expect(reopened.feedbackId).toEqual(expect.any(String));
    expect(reopened.facts).toMatchObject({
      status: 'investigating',
      open311Status: 'open',
      reopenCount: 1,
      reopenedBy: 'feedback',
      resolutionDueAt: ISO,
      expectedAt: ISO,
    });
    expect(o.seen).toEqual([
      {
        phase: 'working',
        status: 'investigating',
        open311Status: 'open',
        reopenCount: 1,
        clock: 'running',
      },
    ]);
    expect(o.final).toMatchObject({ phase: 'finished', reopenCount: 1, status: 'fixed' });
  });

  it('reopens a case already shown closed in Open311, within the window', async () => {
    const o = await outcomeOf(closedThenReopened);
    expect(o.transitions).toEqual([
      'sla-started',
      'triaged',
      'resolved',
      'closed',
      'reopened',
      'resolved',
      'closed',
      'reopen-window-passed',
    ]);
    expect(o.recorded[4]).toMatchObject({
      reopenId: expect.any(String),
      facts: { open311Status: 'open', reopenedBy: 'reporter' },
    });
    expect(o.recorded[5]!.facts).toMatchObject({
      status: 'duplicate',
      duplicateOf: expect.any(String),
    });
    expect(o.final).toMatchObject({ status: 'duplicate', open311Status: 'closed', reopenCount: 1 });
  });
});
