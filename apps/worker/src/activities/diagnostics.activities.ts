import type { DiagnosticsActivities } from '#contracts/temporal';
import { currentCorrelationId } from '#platform';
import type { ActivityDeps } from './activity-deps.js';

/** Activities are built by a factory so that their dependencies are explicit. */
export function createDiagnosticsActivities(deps: ActivityDeps): DiagnosticsActivities {
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
