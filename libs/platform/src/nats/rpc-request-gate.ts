import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';
import { DomainError, type RpcDefinition } from '#contracts';
import { fieldProblems, type FieldProblem } from '../http/problem.js';
import { passesCompiledRules } from '../messaging/payload-validation.js';

/** Who the request says it is asked for (from `x-civic-actor`). */
export interface AskedBy {
  /** A user is named (`user:<id>:<role>`). */
  user: boolean;
  /** The platform's own work (`system`). */
  system: boolean;
}

/** A request that may go to its handler (the request class's instance), or the refusal. */
export type GateOutcome = { request: object } | { refusal: DomainError };

const VALIDATION = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
} as const;

const refuse = (pattern: string, errors: FieldProblem[]): GateOutcome => ({
  refusal: new DomainError(
    'PLATFORM.VALIDATION_FAILED',
    `${pattern}: ${errors.map((e) => e.message).join('; ')}`,
    { errors },
  ),
});

/**
 * What a service checks before a handler of `pattern` runs, built once per pattern:
 *
 * 1. who asks: a public pattern refuses the `system` actor (`PLATFORM.SYSTEM_ACTOR_REFUSED`);
 *    a pattern whose rule is `user` needs a named user, or on an internal pattern the
 *    `system` actor (`PLATFORM.ACTOR_REQUIRED`);
 * 2. the request against its class: a JSON object, plain values turned into the class
 *    (no implicit conversion: a number sent as a string is refused), unknown fields refused,
 *    every rule of the class; the refusal is `PLATFORM.VALIDATION_FAILED` with
 *    `details.errors: [{field, code, message}]`, as the gateway answers its own 422s.
 */
export function requestGate(
  pattern: string,
  definition: RpcDefinition<object, unknown>,
): (data: unknown, askedBy: AskedBy) => GateOutcome {
  const Request = definition.request;
  // A class without rules (EmptyRequest) takes `{}` only; class-validator would refuse any
  // instance of it as an "unknown value".
  const hasRules =
    getMetadataStorage().getTargetValidationMetadatas(Request, '', true, false).length > 0;
  return (data, askedBy) => {
    if (askedBy.system && !definition.internal)
      return {
        refusal: new DomainError(
          'PLATFORM.SYSTEM_ACTOR_REFUSED',
          `${pattern} is asked for users; the platform's own work uses <context>.internal.> patterns`,
        ),
      };
    if (definition.actor === 'user' && !askedBy.user && !(definition.internal && askedBy.system))
      return {
        refusal: new DomainError('PLATFORM.ACTOR_REQUIRED', `${pattern} needs an actor`),
      };
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      return refuse(pattern, [
        { field: 'request', code: 'IS_OBJECT', message: 'the request must be a JSON object' },
      ]);
    if (!hasRules) {
      const unknown = Object.keys(data);
      return unknown.length === 0
        ? { request: new Request() }
        : refuse(
            pattern,
            unknown.map((field) => ({
              field,
              code: 'UNKNOWN_FIELD',
              message: `${field} is not a known field`,
            })),
          );
    }
    const request = plainToInstance(Request, data);
    // A valid request (nearly every one) is decided by the class's compiled rules, without
    // validateSync's per-call metadata walk; anything else gets validateSync's verdict.
    if (passesCompiledRules(Request, request)) return { request };
    const errors = validateSync(request, VALIDATION);
    return errors.length === 0 ? { request } : refuse(pattern, fieldProblems(errors));
  };
}
