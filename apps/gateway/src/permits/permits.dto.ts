import { ParseIntPipe, type PipeTransform } from '@nestjs/common';
import { PERMIT_TYPE_CODE_PATTERN } from '#contracts';
import { paramProblem } from '../http/param-problems.js';

/*
 * The permits routes take their bodies and queries as the request classes of
 * libs/contracts/src/rpc/permits-*.rpc.ts and answer with its reply classes. What is the
 * gateway's own: the path parameters.
 */

/** A permit type code in the path, or a 422 naming the parameter. */
export const permitTypeCodeParam = (name = 'code'): PipeTransform<string, string> => ({
  transform(value: string): string {
    if (!PERMIT_TYPE_CODE_PATTERN.test(value))
      throw paramProblem(name, 'MATCHES')('must be a permit type code (a-z, 0-9, -)');
    return value;
  },
});

export const CODE_PARAM = {
  name: 'code',
  type: String,
  example: 'building',
  schema: { type: 'string', pattern: PERMIT_TYPE_CODE_PATTERN.source },
} as const;

/** A year in the path: digits, or a 422 naming the parameter. */
export const yearParam = (): ParseIntPipe =>
  new ParseIntPipe({ exceptionFactory: paramProblem('year', 'IS_INT') });

export const YEAR_PARAM = {
  name: 'year',
  type: 'integer',
  example: 2026,
  schema: { type: 'integer', minimum: 1970, maximum: 9999 },
} as const;
