import { Transform } from 'class-transformer';
import { buildMessage, ValidateBy } from 'class-validator';

/** RFC 3339 date-time, as OpenAPI's `format: date-time` means it. */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;
const EARLIEST = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

const daysIn = (year: number, month: number): number =>
  month === 2
    ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
      ? 29
      : 28
    : [4, 6, 9, 11].includes(month)
      ? 30
      : 31;

/** The moment an RFC 3339 date-time names, or undefined when it names none (2021-02-29...). */
export function dateTimeMoment(value: string): number | undefined {
  const match = DATE_TIME.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = match
    .slice(1)
    .map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const valid =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysIn(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59;
  return valid ? Date.parse(value.toUpperCase()) : undefined;
}

/**
 * A moment of a trail query as the trail holds its times: UTC to the millisecond. Any RFC 3339
 * offset is accepted (PostgreSQL alone takes up to ±15:59), and moments before year 1 or after
 * 9999, which no entry can have, are the first or last moment the trail can hold. What is not
 * a date-time stays as it came, for the validation to refuse.
 */
const trailMoment = ({ value }: { value: unknown }): unknown => {
  const moment = typeof value === 'string' ? dateTimeMoment(value) : undefined;
  return moment === undefined
    ? value
    : new Date(Math.min(Math.max(moment, EARLIEST), LATEST)).toISOString();
};

/** An RFC 3339 date-time (stable code IS_ISO8601, as before). */
const IsDateTime = (): PropertyDecorator =>
  ValidateBy({
    name: 'isIso8601',
    validator: {
      validate: (value) => typeof value === 'string' && dateTimeMoment(value) !== undefined,
      defaultMessage: buildMessage((prefix) => `${prefix}$property must be an RFC 3339 date-time`),
    },
  });

/**
 * A query moment of the audit trail: an RFC 3339 date-time (refused otherwise, field named),
 * handed on as UTC to the millisecond within the years the trail can hold.
 */
export const TrailMoment =
  (): PropertyDecorator =>
  (target, property): void => {
    Transform(trailMoment)(target, property);
    IsDateTime()(target, property);
  };
