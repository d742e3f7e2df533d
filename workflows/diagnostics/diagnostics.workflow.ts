import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { DiagnosticsActivities, DiagnosticsReport } from './activities.js';

const { describeWorker } = proxyActivities<DiagnosticsActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3 },
});

/**
 * Proves the whole Temporal path works end to end: the worker polls, runs workflow code,
 * schedules an activity and returns its answer. Operators run it after a deployment
 * (`temporal workflow execute --type diagnosticsWorkflow ...`); the tests run it too.
 */
export async function diagnosticsWorkflow(): Promise<DiagnosticsReport & { workflowId: string }> {
  const report = await describeWorker();
  return { ...report, workflowId: workflowInfo().workflowId };
}
