import { condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  DIAGNOSTICS_PING_NOTE_MAX,
  diagnosticsPing,
  diagnosticsStage,
  type DiagnosticsActivities,
  type DiagnosticsInput,
  type DiagnosticsPing,
  type DiagnosticsResult,
  type DiagnosticsStage,
} from '#contracts/temporal';

const { describeWorker } = proxyActivities<DiagnosticsActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3 },
});

/**
 * Proves the whole Temporal path works end to end: the worker polls, runs workflow code,
 * schedules an activity and returns its answer. With `awaitPingFor` it then waits for the
 * `diagnosticsPing` Update (and answers the `diagnosticsStage` Query meanwhile), so an
 * operator sees that Updates and Queries reach the worker as well. Operators run it after a
 * deployment (see libs/contracts/src/temporal/diagnostics.ts); the tests run every path and
 * replay its recorded histories (workflows/diagnostics/histories).
 */
export async function diagnosticsWorkflow(
  input: DiagnosticsInput = {},
): Promise<DiagnosticsResult> {
  const { workflowId } = workflowInfo();
  let stage: DiagnosticsStage = 'checking-worker';
  let ping: DiagnosticsPing | undefined;

  // Handlers first, before the first await: an Update that comes before its handler exists
  // is refused.
  setHandler(diagnosticsStage, () => stage);
  setHandler(
    diagnosticsPing,
    (received) => {
      ping = received;
      return { workflowId, note: received.note };
    },
    { validator: (received: DiagnosticsPing) => refusePing(received, input, ping) },
  );

  const report = await describeWorker();
  if (input.awaitPingFor === undefined) {
    stage = 'done';
    return { ...report, workflowId };
  }
  stage = 'awaiting-ping';
  const pinged = await condition(() => ping !== undefined, input.awaitPingFor);
  stage = 'done';
  return {
    ...report,
    workflowId,
    ping: pinged && ping ? { outcome: 'received', note: ping.note } : { outcome: 'timed-out' },
  };
}

/** The Update's validator: synchronous, from workflow state only; throwing refuses it. */
function refusePing(
  received: DiagnosticsPing,
  input: DiagnosticsInput,
  already: DiagnosticsPing | undefined,
): void {
  if (input.awaitPingFor === undefined) throw new Error('this run does not wait for a ping');
  if (already) throw new Error('this run was already pinged');
  const note: unknown = (received as Partial<DiagnosticsPing> | undefined)?.note;
  if (typeof note !== 'string' || note.length === 0 || note.length > DIAGNOSTICS_PING_NOTE_MAX)
    throw new Error(`note must be 1 to ${DIAGNOSTICS_PING_NOTE_MAX} characters`);
}
