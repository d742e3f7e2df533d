/**
 * Temporal namespaces and search attributes the platform registers. The local stack and
 * the test set-up create them at start; a reused server gets them added when missing.
 */
export const DEFAULT_TEMPORAL_NAMESPACE = 'civic';

/** Task queue the worker polls for case workflows and their activities. */
export const MAIN_TASK_QUEUE = 'civic-main';

export const SEARCH_ATTRIBUTES = {
  CaseStatus: 'Keyword',
  CaseType: 'Keyword',
  CaseAssignee: 'Keyword',
} as const;

/** Header that carries the correlation id through Temporal workflows and activities. */
export const CORRELATION_HEADER = 'correlation-id';
