// Every workflow the worker registers. Deterministic code only: no I/O, no Node builtins.
export { diagnosticsWorkflow } from './diagnostics/diagnostics.workflow.js';
export { permitApplicationWorkflow } from './permits/permit-application.workflow.js';
export { inspectionWorkflow } from './permits/inspection.workflow.js';
export { complaintWorkflow } from './complaints/complaint.workflow.js';
export { permitWorkflow } from './permits/permit.workflow.js';
