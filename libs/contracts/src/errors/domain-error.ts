/**
 * One error model for every context. A domain error carries a stable code
 * (`<CONTEXT>.<WHAT>`, e.g. `PAYMENTS.INVOICE_NOT_FOUND`), a message for people and optional
 * details; it knows nothing of HTTP or NATS. It crosses NATS as `{code, message, details}`
 * and the gateway maps the code to an HTTP status once, in its exhaustive error table
 * (`apps/gateway/src/http/error-table.ts`).
 *
 * Each context declares its codes in one `libs/contracts/src/errors/<context>.errors.ts`
 * (so the gateway's table can be checked against all of them) and makes its errors with the
 * factories beside the codes.
 */
export class DomainError<C extends string = string> extends Error {
  constructor(
    readonly code: C,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /** The `{code, message, details}` body this error crosses the wire as. */
  toJSON(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** The error shape that crosses the wire between services: stable code, message, details. */
export interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

export const isErrorBody = (value: unknown): value is ErrorBody =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as ErrorBody).code === 'string' &&
  typeof (value as ErrorBody).message === 'string';

/**
 * Declares a context's codes: `defineCodes('AUDIT', ['NOT_FOUND', 'INVALID_RANGE'])` gives
 * `['AUDIT.NOT_FOUND', 'AUDIT.INVALID_RANGE']` typed as a tuple of those literals.
 */
export const defineCodes = <const P extends string, const N extends readonly string[]>(
  prefix: P,
  names: N,
): { [K in keyof N]: `${P}.${N[K] & string}` } =>
  names.map((n) => `${prefix}.${n}`) as { [K in keyof N]: `${P}.${N[K] & string}` };
