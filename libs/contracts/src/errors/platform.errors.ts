import { defineCodes } from './domain-error.js';

/**
 * Codes any service or the transport between them can answer, whatever the context:
 * a request that fails its class (`PLATFORM.VALIDATION_FAILED`, with the fields at fault in
 * `details.errors`), a public pattern called by the `system` actor, an unforeseen failure
 * (`PLATFORM.INTERNAL`, no cause), the caller's own view of a request that went
 * unanswered, and a command's `Idempotency-Key` still in flight (retry later) or used before
 * with another request.
 */
export const PLATFORM_ERROR_CODES = defineCodes('PLATFORM', [
  'VALIDATION_FAILED',
  'ACTOR_REQUIRED',
  'SYSTEM_ACTOR_REFUSED',
  'INTERNAL',
  'REMOTE_ERROR',
  'SERVICE_UNAVAILABLE',
  'SERVICE_TIMEOUT',
  'IDEMPOTENCY_KEY_IN_FLIGHT',
  'IDEMPOTENCY_KEY_REUSED',
]);
export type PlatformErrorCode = (typeof PLATFORM_ERROR_CODES)[number];
