import { ParseUUIDPipe } from '@nestjs/common';
import { paramProblem } from '../http/param-problems.js';

/*
 * The payments routes take their bodies and queries as the request classes of
 * libs/contracts/src/rpc/payments.rpc.ts (one definition of each field, its rules and its
 * OpenAPI description, on both sides of NATS) and answer with its reply classes. What is the
 * gateway's own: the path parameters.
 */

/** A path id: a UUID, or a 422 naming the parameter. */
export const uuidParam = (name: string): ParseUUIDPipe =>
  new ParseUUIDPipe({ exceptionFactory: paramProblem(name, 'IS_UUID') });

export const ID_PARAM = { name: 'id', type: String, format: 'uuid' } as const;

/** A provider's name in the webhook path. */
export { PAYMENT_PROVIDER_PATTERN as PROVIDER_PATTERN } from '#contracts';
