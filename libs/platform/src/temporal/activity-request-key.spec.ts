/**
 * An activity's commands carry its own request key: the same across its retries (workflow,
 * run and activity ids), another for another activity or run, none outside a workflow.
 */
import { describe, expect, it } from '@jest/globals';
import { MockActivityEnvironment } from '@temporalio/testing';
import { currentRequestKey } from '../context/request-context.js';
import { activityRequestKey, CorrelationActivityInterceptor } from './correlation-interceptors.js';

const info = (activityId: string, runId = 'run-1', attempt = 1) => ({
  activityId,
  attempt,
  workflowExecution: { workflowId: 'permit-application-42', runId },
});

/** The request key an activity sees in its context, run through the worker's interceptor. */
const seenBy = (activityInfo: ReturnType<typeof info>) =>
  new MockActivityEnvironment(activityInfo, {
    interceptors: [() => ({ inbound: new CorrelationActivityInterceptor() })],
  }).run(() => Promise.resolve(currentRequestKey()));

describe('request keys of activities', () => {
  it('are the same across retries of one activity, and carried in its context', async () => {
    const first = await seenBy(info('3', 'run-1', 1));
    const retry = await seenBy(info('3', 'run-1', 4));
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(retry).toBe(first);
    expect(first).toBe(activityRequestKey(info('3')));
  });

  it('differ for another activity or another run of the workflow', async () => {
    const keys = new Set([
      await seenBy(info('3')),
      await seenBy(info('4')),
      await seenBy(info('3', 'run-2')),
    ]);
    expect(keys.size).toBe(3);
  });

  it('are absent outside a workflow', () => {
    expect(activityRequestKey({ activityId: '1' })).toBeUndefined();
  });
});
