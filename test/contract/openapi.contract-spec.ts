import { contractRuns, FIRST_HALF } from './contract-runs.js';

// The contract runs anonymously and as the citizen and case-work roles (the other roles:
// openapi-operations.contract-spec.ts).
contractRuns(FIRST_HALF);
