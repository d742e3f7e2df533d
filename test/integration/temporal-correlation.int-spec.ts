import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SEARCH_ATTRIBUTES } from '#contracts';
import { ensureNamespaces, workflowBundlePath } from '#devstack';
import { CorrelationClientInterceptor, runWithContext } from '#platform';
import { testEnv } from '#testing';
import { platformWorkerOptions } from '../../apps/worker/src/worker-options.js';

describe('Temporal: correlation id from client to workflow to activity', () => {
  const taskQueue = `itest-${randomUUID()}`;
  let connection: Connection;
  let client: Client;
  let nativeConnection: NativeConnection;

  // A worker runs once (runUntil shuts it down), so each test gets its own.
  const newWorker = () =>
    Worker.create(
      platformWorkerOptions({
        connection: nativeConnection,
        namespace: 'civic',
        taskQueue,
        identity: 'itest-worker',
        workflows: { bundlePath: workflowBundlePath() },
      }),
    );

  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    connection = await Connection.connect({ address: testEnv().temporalAddress });
    client = new Client({
      connection,
      namespace: 'civic',
      interceptors: { workflow: [new CorrelationClientInterceptor()] },
    });
    nativeConnection = await NativeConnection.connect({ address: testEnv().temporalAddress });
  });

  afterAll(async () => {
    await nativeConnection.close();
    await connection.close();
  });

  const diagnostics = (workflowId: string) =>
    client.workflow.execute('diagnosticsWorkflow', { taskQueue, workflowId, args: [] }) as Promise<{
      correlationId: string | null;
      workerIdentity: string;
      workflowId: string;
    }>;

  it("runs the prebuilt workflow bundle and hands the caller's correlation id to the activity", async () => {
    const workflowId = `diagnostics-${randomUUID()}`;
    const worker = await newWorker();
    const result = await worker.runUntil(
      runWithContext({ correlationId: 'temporal-itest-1' }, () => diagnostics(workflowId)),
    );
    expect(result).toEqual({
      correlationId: 'temporal-itest-1',
      workerIdentity: 'itest-worker',
      taskQueue,
      workflowId,
    });
  });

  it('gives an activity a fresh correlation id when the workflow was started without one', async () => {
    const worker = await newWorker();
    const result = await worker.runUntil(diagnostics(`diagnostics-${randomUUID()}`));
    expect(result.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.correlationId).not.toBe('temporal-itest-1');
  });

  it('has the platform namespace with its search attributes, and adds them to a namespace that lacks them', async () => {
    const extra = `itest-${randomUUID().slice(0, 8)}`;
    await ensureNamespaces(testEnv().temporalAddress, [extra]);
    for (const namespace of ['civic', extra]) {
      const listed = await connection.operatorService.listSearchAttributes({ namespace });
      expect(Object.keys(listed.customAttributes ?? {})).toEqual(
        expect.arrayContaining(Object.keys(SEARCH_ATTRIBUTES)),
      );
    }
  });
});
