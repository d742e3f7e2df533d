import { DIAGNOSTICS_PATHS } from './diagnostics.paths.js';
import { PERMIT_PATHS } from './permits.paths.js';
import { COMPLAINT_PATHS } from './complaints.paths.js';
import type { WorkflowPaths } from './workflow-path.js';

/** Every workflow's paths. A new workflow adds its entry here, then records its histories. */
export const WORKFLOW_PATHS: readonly WorkflowPaths[] = [
  DIAGNOSTICS_PATHS,
  PERMIT_PATHS,
  COMPLAINT_PATHS,
];
