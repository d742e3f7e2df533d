import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { QUERY_STRING_GROUP } from '#contracts';

/** One field at fault in a request: where, which rule, and what to do about it. */
export interface FieldProblem {
  /** Dotted path of the field in the body or query (`address.postcode`, `items.0.qty`). */
  field: string;
  /** Stable rule code: `REQUIRED`, `UNKNOWN_FIELD`, `IS_EMAIL`, `MAX_LENGTH`, ... */
  code: string;
  message: string;
}

/** RFC 9457 problem details, with the platform's stable `code` and the correlation id. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  correlationId: string;
  errors?: FieldProblem[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The `type` URI of a problem code (a URN: stable, and no promise of a page behind it). */
export const problemType = (code: string): string =>
  `urn:civic:problem:${code.toLowerCase().replaceAll('.', ':').replaceAll('_', '-')}`;

/**
 * An error a request ends with, as the client will see it: status, stable code, a title
 * for humans, optionally the detail and the fields at fault, and headers (`Retry-After`).
 */
export class ProblemException extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldProblem[],
    readonly headers: Record<string, string> = {},
    /** Extension members of the problem (RFC 9457 §3.2), e.g. `missingDocuments`. */
    readonly extensions?: Record<string, unknown>,
  ) {
    super(detail ?? title);
    this.name = 'ProblemException';
  }
}

/** class-validator constraint names as stable codes: `isEmail` -> `IS_EMAIL`. */
const constraintCode = (constraint: string): string => {
  if (constraint === 'whitelistValidation') return 'UNKNOWN_FIELD';
  if (constraint === 'isDefined') return 'REQUIRED';
  return constraint.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
};

/** Flattens class-validator's tree into one entry per field and broken rule. */
export function fieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    for (const [constraint, message] of Object.entries(error.constraints ?? {}))
      problems.push({
        field,
        code: constraintCode(constraint),
        message: constraint === 'whitelistValidation' ? `${field} is not a known field` : message,
      });
    if (error.children?.length) problems.push(...fieldProblems(error.children, field));
  }
  return problems;
}

/** 422 with every field at fault. */
export const validationProblem = (errors: FieldProblem[]): ProblemException =>
  new ProblemException(
    422,
    'VALIDATION_FAILED',
    'The request has invalid fields',
    errors.map((e) => e.message).join('; '),
    errors,
  );

const isPlainObject = (item: unknown): item is object =>
  typeof item === 'object' &&
  item !== null &&
  [Object.prototype, null].includes(Object.getPrototypeOf(item) as object | null);

/**
 * The first string or property name in `value` (a body, a query, a parameter) that holds
 * U+0000, as its dotted path under `prefix`; undefined when there is none. Arrays and plain
 * objects are walked without recursion; anything else (a file, a stream) is left alone.
 */
export function nulCharacterAt(value: unknown, prefix = ''): string | undefined {
  const pending: Array<[unknown, string]> = [[value, prefix]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, path] = next;
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return path;
    } else if (Array.isArray(item) || isPlainObject(item)) {
      for (const [key, child] of Object.entries(item)) {
        const at = path ? `${path}.${key}` : key;
        // A name holding one (a form field's, in a JSON document) is refused as its value is.
        if (key.includes('\u0000')) return at;
        pending.push([child, at]);
      }
    }
  }
  return undefined;
}

/**
 * Whitelist validation, after one rule that holds for every text the platform takes: no
 * U+0000 anywhere. PostgreSQL cannot store it in text (the write would fail, a 500), and no
 * name, note or search needs it, so any body, query or path string holding one is refused 422
 * with code `INVALID_CHARACTER` naming the field (the OpenAPI document states this once, in its
 * description).
 */
class PlatformValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Only what the client sent: a custom decorator's value (the caller, the request) is ours.
    const at = metadata.type === 'custom' ? undefined : nulCharacterAt(value, metadata.data ?? '');
    if (at !== undefined) {
      const field = at || metadata.type;
      throw validationProblem([
        {
          field,
          code: 'INVALID_CHARACTER',
          message: `${field} must not contain the character U+0000 (NUL)`,
        },
      ]);
    }
    return super.transform(value, metadata);
  }
}

/**
 * The platform's input validation: no U+0000 in any string, whitelist mode, unknown fields
 * refused, values transformed to the DTO's types; failures become a 422 problem naming each
 * field.
 */
export const createValidationPipe = (): ValidationPipe =>
  new PlatformValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // Fields marked `@NumberFromQuery()` take query-string digits as numbers (HTTP only).
    transformOptions: { groups: [QUERY_STRING_GROUP] },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationProblem(fieldProblems(errors)),
  });
