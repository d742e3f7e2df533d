export const IDEMPOTENCY = 'civic:idempotency';

/**
 * Fields of a route's answer that are shown once and never kept (a one-time code): the kept
 * answer has them as null, so a replay says the command happened without showing them again.
 */
export const WITHHELD_ON_REPLAY = 'civic:idempotency-withheld';

/** Header a client names a command with, so that a repeat of it is answered, not redone. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** 1–255 letters, digits and hyphens (a UUID fits). */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9-]{1,255}$/;

/**
 * Whether a route takes an `Idempotency-Key`: `required` (refused without one), `optional`, or
 * `not-accepted` (declared with its reason by `@NoIdempotencyKey`). A route that takes none
 * refuses a request that sends one (422), since its client would believe a retry safe when it
 * is not. Every POST route declares one of the three (a test holds it).
 */
export type IdempotencyMode = 'required' | 'optional' | 'not-accepted';

/** Why a state-changing route takes no key (for readers of the code and the test). */
export const NO_IDEMPOTENCY_REASON = 'civic:no-idempotency-reason';
