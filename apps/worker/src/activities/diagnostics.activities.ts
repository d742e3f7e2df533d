import type { DiagnosticsActivities } from '../../../../workflows/diagnostics/activities.js';
import { currentCorrelationId } from '#platform';

/** Activities are built by a factory so that their dependencies are explicit. */
export function createDiagnosticsActivities(deps: {
  identity: string;
  taskQueue: string;
}): DiagnosticsActivities {
  return {
    async describeWorker() {
      return {
        correlationId: currentCorrelationId() ?? null,
        workerIdentity: deps.identity,
        taskQueue: deps.taskQueue,
      };
    },
  };
}
