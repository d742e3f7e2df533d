import { Transform } from 'class-transformer';

/**
 * The class-transformer group the gateway transforms HTTP query strings with. Only fields
 * marked `@NumberFromQuery()` use it: over NATS a number must be a JSON number (a string is
 * refused, never coerced), while in a query string every value arrives as text.
 */
export const QUERY_STRING_GROUP = 'query-string';

const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * A number that may arrive as the digits of a query-string parameter at the gateway. Text
 * that is not a decimal number stays text, so the field's own rules refuse it (`""` is not 0).
 */
export const NumberFromQuery = (): PropertyDecorator =>
  Transform(
    ({ value }: { value: unknown }) =>
      typeof value === 'string' && DECIMAL.test(value) ? Number(value) : value,
    { groups: [QUERY_STRING_GROUP], toClassOnly: true },
  );
