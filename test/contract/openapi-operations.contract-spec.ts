import { contractRuns, SECOND_HALF } from './contract-runs.js';

// The contract runs as the remaining roles: inspection, cash, audit and administration (the
// first half: openapi.contract-spec.ts).
contractRuns(SECOND_HALF);
