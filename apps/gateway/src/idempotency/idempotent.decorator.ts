import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import {
  NO_IDEMPOTENCY_REASON,
  IDEMPOTENCY,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENCY_KEY_PATTERN,
  WITHHELD_ON_REPLAY,
  type IdempotencyMode,
} from './idempotency.constants.js';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';

const problem = {
  'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } },
};

/**
 * Declares that a state-changing route honours `Idempotency-Key` (`required` or `optional`):
 * the same key with the same body, by the same account on the same path, within
 * GATEWAY_IDEMPOTENCY_TTL_HOURS, gets the first answer again (status, body, `Content-Type`,
 * `Location`, with `Idempotent-Replayed: true`) without running the command again. Also
 * documents the header in OpenAPI, and the 409 and 422 it may cause (over the route's own
 * descriptions of those statuses). Only these routes pay for the interceptor.
 */
export const Idempotent = (mode: Exclude<IdempotencyMode, 'not-accepted'>) =>
  applyDecorators(
    SetMetadata(IDEMPOTENCY, mode),
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: IDEMPOTENCY_KEY_HEADER,
      required: mode === 'required',
      description:
        'Names this command so that a retry is safe: the same key with the same body (same account, same path) within 24 hours gets the first answer again, with `Idempotent-Replayed: true`, and the command runs once. The same key with another body: 422 `PLATFORM.IDEMPOTENCY_KEY_REUSED`; while the first is still running: 409 `PLATFORM.IDEMPOTENCY_KEY_IN_FLIGHT` with `Retry-After`. Answers refusing the request itself (400, 413, 415, 422, 429) and 5xx are not kept: the key may be used again.',
      schema: {
        type: 'string',
        minLength: 1,
        maxLength: 255,
        pattern: IDEMPOTENCY_KEY_PATTERN.source,
      },
    }),
    ApiResponse({
      status: 409,
      description:
        'PLATFORM.IDEMPOTENCY_KEY_IN_FLIGHT (a request with this Idempotency-Key is still running; retry after Retry-After), or a conflict with the current state',
      content: problem,
    }),
    ApiResponse({
      status: 422,
      description:
        'VALIDATION_FAILED (`errors` names each field at fault, the Idempotency-Key header too), or PLATFORM.IDEMPOTENCY_KEY_REUSED (this key was used with another request)',
      content: problem,
    }),
  );

/**
 * Fields of the answer a replay shows as null (`WITHHELD_ON_REPLAY`): one-time codes, which are
 * stored only as hashes, never in the kept answer.
 */
export const WithheldOnReplay = (...fields: string[]) => SetMetadata(WITHHELD_ON_REPLAY, fields);

/**
 * Declares that a state-changing route takes no `Idempotency-Key`, and why (a request that
 * sends one is refused with 422): e.g. its answer carries credentials that must not be kept.
 */
export const NoIdempotencyKey = (reason: string) =>
  applyDecorators(
    SetMetadata(IDEMPOTENCY, 'not-accepted' satisfies IdempotencyMode),
    SetMetadata(NO_IDEMPOTENCY_REASON, reason),
  );
