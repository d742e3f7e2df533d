import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import {
  DIAGNOSTICS_WORKFLOW,
  diagnosticsPing,
  diagnosticsStage,
  diagnosticsWorkflowId,
  type DiagnosticsInput,
  type DiagnosticsPingReply,
  type DiagnosticsResult,
  type DiagnosticsStage,
} from '#contracts/temporal';
import { eventually } from '#testing';
import type { WorkflowPath, WorkflowPaths } from './workflow-path.js';

const start = (
  client: Client,
  options: { workflowId: string; taskQueue: string },
  input: DiagnosticsInput,
) =>
  client.workflow.start<(input: DiagnosticsInput) => Promise<DiagnosticsResult>>(
    DIAGNOSTICS_WORKFLOW,
    { ...options, args: [input] },
  );

/** Why an Update was refused: its validator's message. */
const refusal = (error: unknown): string => {
  if (error instanceof WorkflowUpdateFailedError)
    return error.cause?.message ?? 'refused without a cause';
  throw error;
};

export const workerCheck: WorkflowPath<DiagnosticsResult> = {
  name: 'worker-check',
  description: 'no input: the activity reports the worker, the run ends',
  run: async (client, options) => (await start(client, options, {})).result(),
};

export interface PingReceivedOutcome {
  stageWhileWaiting: DiagnosticsStage;
  refusedEmptyNote: string;
  reply: DiagnosticsPingReply;
  stageAfter: DiagnosticsStage;
  result: DiagnosticsResult;
}

export const pingReceived: WorkflowPath<PingReceivedOutcome> = {
  name: 'ping-received',
  description:
    'awaitPingFor: the Query reports the wait, an invalid ping is refused, a valid one ends the run',
  run: async (client, options) => {
    const handle = await start(client, options, { awaitPingFor: '10 minutes' });
    const stageWhileWaiting = await eventually(
      async () => {
        const stage = await handle.query(diagnosticsStage);
        return stage === 'awaiting-ping' ? stage : undefined;
      },
      60_000,
      'diagnostics run waiting for its ping',
    );
    const refusedEmptyNote = await handle
      .executeUpdate(diagnosticsPing, { args: [{ note: '' }] })
      .then(() => 'accepted', refusal);
    const reply = await handle.executeUpdate(diagnosticsPing, {
      args: [{ note: 'release check' }],
    });
    const result = await handle.result();
    const stageAfter = await handle.query(diagnosticsStage);
    return { stageWhileWaiting, refusedEmptyNote, reply, stageAfter, result };
  },
};

export const pingTimedOut: WorkflowPath<DiagnosticsResult> = {
  name: 'ping-timed-out',
  description: 'awaitPingFor with no ping: the durable timer fires and the run reports it',
  run: async (client, options) =>
    (await start(client, options, { awaitPingFor: '1 second' })).result(),
};

export const DIAGNOSTICS_PATHS: WorkflowPaths = {
  folder: 'diagnostics',
  workflowType: DIAGNOSTICS_WORKFLOW,
  workflowId: diagnosticsWorkflowId,
  paths: [workerCheck, pingReceived, pingTimedOut],
};
