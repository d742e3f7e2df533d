import { DIAGNOSTICS_PATHS } from './diagnostics.paths.js';
import { PERMIT_PATHS } from './permits.paths.js';
import { PERMIT_LIFE_PATHS } from './permit-life.paths.js';
import { COMPLAINT_PATHS } from './complaints.paths.js';
import type { WorkflowPaths } from './workflow-path.js';

/**
 * Every workflow's paths. A new workflow adds its entry here, then records its histories. Two
 * workflows may share a folder (permits: the application's and the permit's): each group
 * replays the histories of its own workflow type.
 */
export const WORKFLOW_PATHS: readonly WorkflowPaths[] = [
  DIAGNOSTICS_PATHS,
  PERMIT_PATHS,
  PERMIT_LIFE_PATHS,
  COMPLAINT_PATHS,
];
