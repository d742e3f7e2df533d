import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { WhatIfRequest } from '#contracts';
import { whatIfProblems } from './proposal.js';

/*
 * `npm run whatif`'s input: a fee-rule file (`{permitType, fee}` or a list of them) and an SLA
 * file (`{permitType?, reviewDays?, completenessCheckDays?, paymentDays?, remedy?}` or a list),
 * checked by the same rules as the API's body.
 */

const asList = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

function messages(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((e) => {
    const field = path ? `${path}.${e.property}` : e.property;
    return [
      ...Object.values(e.constraints ?? {}).map((m) => `${field}: ${m}`),
      ...messages(e.children ?? [], field),
    ];
  });
}

/** The request the files and the period make, or every reason it is refused. */
export async function requestFromFiles(input: {
  feeRules?: unknown;
  slas?: unknown;
  from: string;
  to: string;
}): Promise<WhatIfRequest> {
  const plain = {
    from: input.from,
    to: input.to,
    ...(input.feeRules !== undefined ? { feeRules: asList(input.feeRules) } : {}),
    ...(input.slas !== undefined ? { slas: asList(input.slas) } : {}),
  };
  const request = plainToInstance(WhatIfRequest, plain);
  const problems = [
    ...messages(await validate(request, { whitelist: true, forbidNonWhitelisted: true })),
    ...whatIfProblems(request).map((p) => p.message),
  ];
  if (problems.length > 0) throw new Error(`the proposal is invalid: ${problems.join('; ')}`);
  return plain as WhatIfRequest;
}
