/**
 * The diagnostics workflow: the post-deployment check that the whole Temporal path works
 * (the worker polls, runs workflow code, schedules an activity and returns its answer). Asked
 * to, it also waits for an Update and answers a Query, which proves that human decisions
 * (Updates) and status reads (Queries) reach the worker too:
 *
 *   temporal workflow start --namespace civic --task-queue civic-main \
 *     --type diagnosticsWorkflow --workflow-id diagnostics-<release> \
 *     --input '{"awaitPingFor": "5 minutes"}'
 *   temporal workflow query --namespace civic --workflow-id diagnostics-<release> \
 *     --name diagnosticsStage
 *   temporal workflow update execute --namespace civic --workflow-id diagnostics-<release> \
 *     --name diagnosticsPing --input '{"note": "release 42"}'
 */
import type { Duration } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';

/** Workflow type, as registered by the worker (the exported function's name). */
export const DIAGNOSTICS_WORKFLOW = 'diagnosticsWorkflow';

/** Workflow id of a diagnostics run: `diagnostics-<label>` (a release, a test's own id). */
export const diagnosticsWorkflowId = (label: string): string => `diagnostics-${label}`;

export interface DiagnosticsInput {
  /**
   * Also wait, after the worker check, for a `diagnosticsPing` Update, at most this long
   * (`'5 minutes'` or milliseconds). Without it the run ends after the worker check.
   */
  awaitPingFor?: Duration;
}

/** What the `describeWorker` activity saw. */
export interface DiagnosticsReport {
  /** Correlation id the activity saw: proves propagation client -> workflow -> activity. */
  correlationId: string | null;
  workerIdentity: string;
  taskQueue: string;
}

export type DiagnosticsPingOutcome =
  | { outcome: 'received'; note: string }
  /** No valid ping came within `awaitPingFor`. */
  | { outcome: 'timed-out' };

export interface DiagnosticsResult extends DiagnosticsReport {
  workflowId: string;
  /** Only when the input asked to wait for a ping. */
  ping?: DiagnosticsPingOutcome;
}

/** Longest note a ping may carry. */
export const DIAGNOSTICS_PING_NOTE_MAX = 200;

export interface DiagnosticsPing {
  /** Who pings and why (e.g. the release): 1 to DIAGNOSTICS_PING_NOTE_MAX characters. */
  note: string;
}

export interface DiagnosticsPingReply {
  workflowId: string;
  note: string;
}

/**
 * Accepted once, by a run started with `awaitPingFor`, with a note of 1 to 200 characters;
 * its validator refuses anything else before it reaches the workflow's history.
 */
export const diagnosticsPing = defineUpdate<DiagnosticsPingReply, [DiagnosticsPing]>(
  'diagnosticsPing',
);

/** Where a run is: checking the worker, waiting for the ping, or done. */
export type DiagnosticsStage = 'checking-worker' | 'awaiting-ping' | 'done';
export const diagnosticsStage = defineQuery<DiagnosticsStage>('diagnosticsStage');

/** Activities the diagnostics workflow proxies (apps/worker `createDiagnosticsActivities`). */
export interface DiagnosticsActivities {
  describeWorker(): Promise<DiagnosticsReport>;
}
