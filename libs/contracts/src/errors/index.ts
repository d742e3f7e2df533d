import { AUDIT_ERROR_CODES } from './audit.errors.js';
import { COMPLAINTS_ERROR_CODES } from './complaints.errors.js';
import { IDENTITY_ERROR_CODES } from './identity.errors.js';
import { PAYMENTS_ERROR_CODES } from './payments.errors.js';
import { PERMITS_APPLICATION_ERROR_CODES } from './permits-applications.errors.js';
import { PERMITS_ERROR_CODES } from './permits.errors.js';
import { PERMITS_WHAT_IF_ERROR_CODES } from './permits-what-if.errors.js';
import { PLATFORM_ERROR_CODES } from './platform.errors.js';
import { POLICY_ERROR_CODES } from './policy.errors.js';
import { OPEN311_ERROR_CODES } from './open311.errors.js';
import { INSIGHTS_ERROR_CODES } from './insights.errors.js';

export * from './domain-error.js';
export * from './platform.errors.js';
export * from './policy.errors.js';
export * from './audit.errors.js';
export * from './identity.errors.js';
export * from './payments.errors.js';
export * from './permits-applications.errors.js';
export * from './complaints.errors.js';
export * from './permits.errors.js';
export * from './open311.errors.js';
export * from './permits-what-if.errors.js';
export * from './insights.errors.js';

/**
 * Every code a service may answer with. The gateway's error table is a
 * `Record<ErrorCode, ...>`, so a code added here without a status there does not compile.
 * A new context adds its `<context>.errors.ts` and spreads its codes in here.
 */
export const ERROR_CODES = [
  ...PLATFORM_ERROR_CODES,
  ...POLICY_ERROR_CODES,
  ...AUDIT_ERROR_CODES,
  ...IDENTITY_ERROR_CODES,
  ...PAYMENTS_ERROR_CODES,
  ...PERMITS_APPLICATION_ERROR_CODES,
  ...COMPLAINTS_ERROR_CODES,
  ...PERMITS_ERROR_CODES,
  ...OPEN311_ERROR_CODES,
  ...PERMITS_WHAT_IF_ERROR_CODES,
  ...INSIGHTS_ERROR_CODES,
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
