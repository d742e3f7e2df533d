import type { Client } from '@temporalio/client';

/**
 * One way through a workflow, driven from a client as a service or an operator would. The
 * workflow tier runs every path on the test Temporal server, and every path has at least one
 * recorded history (workflows/<folder>/histories/<name>.<n>.json) that is replayed on every
 * test run.
 */
export interface WorkflowPath<Outcome = unknown> {
  /** Names its histories: `<name>.<n>.json`. */
  name: string;
  /** What this path shows. */
  description: string;
  /** Starts the workflow with this id on this task queue and drives it to its end. */
  run(client: Client, options: { workflowId: string; taskQueue: string }): Promise<Outcome>;
}

export interface WorkflowPaths {
  /** The folder under workflows/ whose `histories/` holds the recordings. */
  folder: string;
  workflowType: string;
  /** The workflow id a recording of `label` runs under (explicit: replay passes it again). */
  workflowId(label: string): string;
  paths: readonly WorkflowPath[];
  /**
   * Activities its paths run with instead of the worker's (plain functions that record their
   * calls); absent: the worker's own factories.
   */
  activities?: () => Record<string, (...args: never[]) => Promise<unknown>>;
}
