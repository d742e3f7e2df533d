import { localDateTime } from '#calendar';

/** An instant in UTC and in the city's time zone, as application views show due times. */
export function dueTime(
  at: Date,
  timeZone: string,
): { utc: string; local: string; timeZone: string } {
  return { utc: at.toISOString(), local: localDateTime(at, timeZone), timeZone };
}
