import { fileURLToPath } from 'node:url';
import type { NativeConnection, WorkerOptions } from '@temporalio/worker';
import { CorrelationActivityInterceptor } from '#platform';
import { createActivities, type ActivityDeps } from './activities/index.js';

const workflowsDir = fileURLToPath(new URL('../../../workflows/', import.meta.url));

/**
 * The workflow code a worker runs: a prebuilt bundle (a file, as in production, or code the
 * tests bundled from the sources), or `workflows/` bundled at start (development only).
 */
export type WorkflowCode =
  { bundlePath: string } | { bundleCode: string } | { bundleAtStart: true };

export interface PlatformWorkerInput {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  identity: string;
  workflows: WorkflowCode;
  /** What the activity factories use besides identity and task queue (NATS, clock settings). */
  activityDeps?: Omit<ActivityDeps, 'identity' | 'taskQueue'>;
  /**
   * Activities that replace the factories' of the same name: the workflow tests give plain
   * functions that record their calls (they run without the services).
   */
  activities?: Record<string, (...args: never[]) => Promise<unknown>>;
}

/**
 * What makes a worker this platform's worker: the workflow code with its interceptors, the
 * correlation interceptor on activities, and every context's activities. The worker app,
 * the workflow tests and the history recorder build their workers from it, so the tests run
 * the workflows as production does.
 */
export function platformWorkerOptions(input: PlatformWorkerInput): WorkerOptions {
  const { workflows } = input;
  const workflowSource =
    'bundlePath' in workflows
      ? { workflowBundle: { codePath: workflows.bundlePath } }
      : 'bundleCode' in workflows
        ? { workflowBundle: { code: workflows.bundleCode } }
        : {
            workflowsPath: `${workflowsDir}index.js`,
            interceptors: { workflowModules: [`${workflowsDir}interceptors.js`] },
          };
  return {
    connection: input.connection,
    namespace: input.namespace,
    taskQueue: input.taskQueue,
    identity: input.identity,
    ...workflowSource,
    interceptors: {
      ...('interceptors' in workflowSource ? workflowSource.interceptors : {}),
      activity: [() => ({ inbound: new CorrelationActivityInterceptor() })],
    },
    activities: {
      ...createActivities({
        ...input.activityDeps,
        identity: input.identity,
        taskQueue: input.taskQueue,
      }),
      ...input.activities,
    },
  };
}
