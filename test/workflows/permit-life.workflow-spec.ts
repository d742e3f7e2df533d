import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_TEMPORAL_NAMESPACE, permitWorkflowId } from '#contracts/temporal';
import { bundleWorkflowSources, testEnv } from '#testing';
import { platformWorkerOptions } from '../../apps/worker/src/worker-options.js';
import {
  permitExpired,
  permitLifeActivities,
  permitRevoked,
  renewalThenExpired,
  type PermitLifeOutcome,
} from './permit-life.paths.js';
import type { WorkflowPath } from './workflow-path.js';

// An issued permit's workflow (`permit-<permitNumber>`) on the test Temporal server, its
// activities as plain functions that record their calls; the paths run side by side.
describe('permit workflow on the test Temporal server', () => {
  const taskQueue = `wtest-permit-life-${randomUUID()}`;
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;

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
        identity: `permit-life-tier-${randomUUID().slice(0, 8)}`,
        workflows: { bundleCode: await bundleWorkflowSources() },
        activities: { ...permitLifeActivities },
      }),
    );
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  const run = (p: WorkflowPath<PermitLifeOutcome>) =>
    p.run(env.client, { workflowId: permitWorkflowId(`T-P-2026-${randomUUID()}`), taskQueue });

  it('expires at the end of validity; a renewal before the window opened is refused', async () => {
    const outcome = await run(permitExpired);
    expect(outcome.transitions).toEqual(['expired']);
    expect(outcome.refusals).toEqual(['PERMITS.RENEWAL_WINDOW_CLOSED']);
    expect(outcome.final).toMatchObject({ status: 'expired', renewalWindow: 'closed' });
  });

  it('is revoked by a supervisor with a reason code, and ends', async () => {
    const outcome = await run(permitRevoked);
    expect(outcome.transitions).toEqual(['revoked']);
    expect(outcome.reasonCodes).toEqual(['conditions_breached']);
    expect(outcome.refusals).toEqual([
      'POLICY.ROLE_NOT_ALLOWED',
      'POLICY.OWN_CASE',
      'PERMITS.REASON_REQUIRED',
    ]);
    expect(outcome.final).toMatchObject({ status: 'revoked', transitions: 1 });
  });

  it('takes one renewal within the window from its holder, then expires', async () => {
    const outcome = await run(renewalThenExpired);
    expect(outcome.transitions).toEqual(['renewal-requested', 'expired']);
    expect(outcome.refusals).toEqual(['POLICY.NOT_OWNER', 'PERMITS.RENEWAL_ALREADY_REQUESTED']);
    expect(outcome.final).toMatchObject({
      status: 'expired',
      renewalApplicationId: expect.any(String),
      transitions: 2,
    });
  });
});
