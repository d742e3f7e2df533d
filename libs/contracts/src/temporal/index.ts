/**
 * What a workflow and the code around it share: Temporal names, and per workflow its type,
 * ids, input, result, Signals / Updates / Queries and the activities it proxies. Workflows
 * import this module (`#contracts/temporal`) and nothing else of the contracts, so it stays
 * deterministic: no I/O, no Node builtins, no class-validator. `defineSignal`, `defineUpdate`
 * and `defineQuery` come from `@temporalio/workflow`; they only build `{ type, name }`
 * objects, so a service's Temporal client may import the same definitions.
 */
import type { DiagnosticsActivities } from './diagnostics.js';
import type { PermitsActivities } from './permits.js';
import type { ComplaintsActivities } from './complaints.js';
import type { PermitLifeActivities } from './permit-life.js';

export * from './diagnostics.js';
export * from './permits.js';
export * from './complaints.js';
export * from './permit-life.js';

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

/**
 * Every activity interface the workflows proxy, by context. apps/worker builds one factory
 * per context (`createDiagnosticsActivities(deps)`, ...) and its `createActivities` is typed
 * by this map: a context listed here without a factory, or a factory that does not implement
 * its interface, does not compile. Add a context's interface here when its workflows proxy it.
 * Activity names share one namespace per task queue, so two contexts may not use one name
 * (the worker refuses to start).
 */
export interface ActivitiesByContext {
  diagnostics: DiagnosticsActivities;
  permits: PermitsActivities;
  complaints: ComplaintsActivities;
  permitLife: PermitLifeActivities;
}
