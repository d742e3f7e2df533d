import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_TEMPORAL_NAMESPACE, diagnosticsWorkflowId } from '#contracts/temporal';
import { bundleWorkflowSources, testEnv } from '#testing';
import { platformWorkerOptions } from '../../apps/worker/src/worker-options.js';
import { pingReceived, pingTimedOut, workerCheck } from './diagnostics.paths.js';

// The diagnostics workflow on the test Temporal server, run by the platform's own worker
// (its options, interceptors and activity factories) over the workflow sources: each path
// the histories record, driven as an operator would.
describe('diagnostics workflow on the test Temporal server', () => {
  const taskQueue = `wtest-${randomUUID()}`;
  const identity = 'workflow-tier-worker';
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
        identity,
        workflows: { bundleCode: await bundleWorkflowSources() },
      }),
    );
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  const drive = {
    client: () => env.client,
    options: (workflowId: string) => ({ workflowId, taskQueue }),
  };

  it('worker-check: the activity reports the worker that ran it and the run ends', async () => {
    const workflowId = diagnosticsWorkflowId(randomUUID());
    const result = await workerCheck.run(drive.client(), drive.options(workflowId));
    expect(result).toEqual({
      correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      workerIdentity: identity,
      taskQueue,
      workflowId,
    });
  });

  it('ping-received: the Query reports the wait, the validator refuses an empty note, a valid ping ends the run', async () => {
    const workflowId = diagnosticsWorkflowId(randomUUID());
    const outcome = await pingReceived.run(drive.client(), drive.options(workflowId));
    expect(outcome).toEqual({
      stageWhileWaiting: 'awaiting-ping',
      refusedEmptyNote: 'note must be 1 to 200 characters',
      reply: { workflowId, note: 'release check' },
      stageAfter: 'done',
      result: {
        correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        workerIdentity: identity,
        taskQueue,
        workflowId,
        ping: { outcome: 'received', note: 'release check' },
      },
    });
  });

  it('ping-timed-out: with no ping the durable timer fires and the run says so', async () => {
    const workflowId = diagnosticsWorkflowId(randomUUID());
    const result = await pingTimedOut.run(drive.client(), drive.options(workflowId));
    expect(result).toEqual({
      correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      workerIdentity: identity,
      taskQueue,
      workflowId,
      ping: { outcome: 'timed-out' },
    });
  });
});
