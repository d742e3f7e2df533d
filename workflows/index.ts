// Every workflow the worker registers. Deterministic code only: no I/O, no Node builtins.
export { diagnosticsWorkflow } from './diagnostics/diagnostics.workflow.js';
