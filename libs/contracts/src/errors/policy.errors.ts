import { defineCodes } from './domain-error.js';

/** Refusals of the shared access rules (`libs/contracts/src/access/policy.ts`). */
export const POLICY_ERROR_CODES = defineCodes('POLICY', [
  'ROLE_NOT_ALLOWED',
  'NOT_OWNER',
  'OWN_CASE',
  'SAME_APPROVER',
  'OWN_PROPOSAL',
]);
export type PolicyErrorCode = (typeof POLICY_ERROR_CODES)[number];
