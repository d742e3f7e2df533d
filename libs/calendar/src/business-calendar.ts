/**
 * The business calendar: working days in the city's time zone, as data (weekend days, public
 * holidays), and the arithmetic the legal clocks of permits and complaints need. Pure and
 * deterministic: no I/O, no clock (every instant is an argument), no dependency but the
 * runtime's `Intl` time-zone data.
 *
 * Semantics (docs/permits.md, "Business calendar"):
 *
 * - Days are local calendar days of `timeZone`, written `YYYY-MM-DD`. A day is a working day
 *   unless its ISO weekday (1 = Monday … 7 = Sunday) is in `weekendDays` or it is listed in
 *   `holidays`.
 * - Counting starts on the NEXT working day after the local day of `from`: whatever the hour
 *   of `from`, its own day never counts (a case submitted on Monday at 08:00 with 1 working day
 *   is due at the end of Tuesday).
 * - The due instant of N working days is the END of the Nth working day: the local midnight
 *   that ends it, as a UTC instant (the start of the following local day, which is 23 or 25
 *   hours after its own start across a DST change).
 * - `workingDaysBetween(from, to)` counts the working days after the local day of `from`
 *   that have wholly ended by `to`. So `workingDaysBetween(from, addWorkingDays(from, n)) ===
 *   n`, and a stopped clock keeps `remaining = n - workingDaysBetween(start, stop)` and
 *   restarts with `addWorkingDays(restart, remaining)`: the remaining whole working days count
 *   from the next working day after the restart.
 */

/** What the clocks count with; `version` changes whenever an admin changes any of it. */
export interface BusinessCalendar {
  version: number;
  /** IANA time zone of the city, e.g. `Europe/Berlin`. */
  timeZone: string;
  /** ISO weekdays that are not working days: 1 = Monday … 7 = Sunday (e.g. `[6, 7]`). */
  weekendDays: number[];
  /** Public holidays, `YYYY-MM-DD` in the city's time zone. */
  holidays: string[];
}

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone (building one is the expensive part of Intl). */
function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether `zone` is an IANA time zone the runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    formatterOf(zone);
    return true;
  } catch {
    return false;
  }
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localParts(at: Date, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const p of formatterOf(timeZone).formatToParts(at))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year ?? NaN,
    month: parts.month ?? NaN,
    day: parts.day ?? NaN,
    hour: parts.hour ?? NaN,
    minute: parts.minute ?? NaN,
    second: parts.second ?? NaN,
  };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const dayText = (y: number, m: number, d: number): string => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

function assertInstant(at: Date, name: string): void {
  if (!(at instanceof Date) || Number.isNaN(at.getTime()))
    throw new RangeError(`${name} must be a valid Date`);
}

/** The zone's offset from UTC at `at`, in whole seconds (east positive). */
function offsetSeconds(at: Date, timeZone: string): number {
  const p = localParts(at, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 1000);
}

/** Milliseconds since the epoch of `day` at 00:00 UTC; throws on anything but a real date. */
function utcMidnightOf(day: string): number {
  const m = DAY_PATTERN.exec(day);
  if (!m) throw new RangeError(`${day} is not a YYYY-MM-DD day`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    throw new RangeError(`${day} is not a date`);
  return ms;
}

/** Whether `day` is a real `YYYY-MM-DD` date. */
export function isDay(day: string): boolean {
  try {
    utcMidnightOf(day);
    return true;
  } catch {
    return false;
  }
}

/** The day `n` days after `day` (before, for a negative `n`). */
export function addDays(day: string, n: number): string {
  const d = new Date(utcMidnightOf(day) + n * DAY_MS);
  return dayText(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** ISO weekday of a day: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  const weekday = new Date(utcMidnightOf(day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** The local calendar day of an instant in `timeZone`, `YYYY-MM-DD`. */
export function localDate(at: Date, timeZone: string): string {
  assertInstant(at, 'at');
  const p = localParts(at, timeZone);
  return dayText(p.year, p.month, p.day);
}

/**
 * The first instant of local `day` in `timeZone`: its local midnight, or — where a DST change
 * skips midnight — the first local time that exists on it.
 */
export function startOfLocalDay(day: string, timeZone: string): Date {
  const utcMidnight = utcMidnightOf(day);
  // The offsets in force around that day (at most two: one DST change a day).
  const offsets = new Set(
    [-DAY_MS, 0, DAY_MS].map((shift) => offsetSeconds(new Date(utcMidnight + shift), timeZone)),
  );
  const candidates = [...offsets]
    .map((offset) => new Date(utcMidnight - offset * 1000))
    .filter((t) => localDate(t, timeZone) === day)
    .sort((a, b) => a.getTime() - b.getTime());
  const exact = candidates.find((t) => {
    const p = localParts(t, timeZone);
    return p.hour === 0 && p.minute === 0 && p.second === 0;
  });
  const found = exact ?? candidates[0];
  if (!found) throw new RangeError(`cannot find the start of ${day} in ${timeZone}`);
  return found;
}

/** The instant local `day` ends: the start of the following local day. */
export function endOfLocalDay(day: string, timeZone: string): Date {
  return startOfLocalDay(addDays(day, 1), timeZone);
}

/**
 * Throws a RangeError naming what is wrong with a calendar: an unknown time zone, weekend days
 * outside 1–7 or covering the whole week (nothing could ever fall due), a holiday that is not
 * a date.
 */
export function assertCalendar(cal: BusinessCalendar): void {
  if (!isTimeZone(cal.timeZone)) throw new RangeError(`${cal.timeZone} is not a time zone`);
  for (const d of cal.weekendDays)
    if (!Number.isInteger(d) || d < 1 || d > 7)
      throw new RangeError(`weekend day ${d} is not an ISO weekday (1–7)`);
  if (new Set(cal.weekendDays).size >= 7) throw new RangeError('every day is a weekend day');
  for (const h of cal.holidays) utcMidnightOf(h);
}

interface Compiled {
  weekend: Set<number>;
  holidays: Set<string>;
}

const compiled = new WeakMap<BusinessCalendar, Compiled>();

function compile(cal: BusinessCalendar): Compiled {
  let c = compiled.get(cal);
  if (!c) {
    assertCalendar(cal);
    c = { weekend: new Set(cal.weekendDays), holidays: new Set(cal.holidays) };
    compiled.set(cal, c);
  }
  return c;
}

/** Whether `day` (`YYYY-MM-DD`) is a working day: not a weekend day, not a holiday. */
export function isWorkingDay(day: string, cal: BusinessCalendar): boolean {
  const c = compile(cal);
  return !c.weekend.has(isoWeekday(day)) && !c.holidays.has(day);
}

/** The first working day after `day`. */
export function nextWorkingDay(day: string, cal: BusinessCalendar): string {
  let d = addDays(day, 1);
  while (!isWorkingDay(d, cal)) d = addDays(d, 1);
  return d;
}

/**
 * The due instant of `days` working days from `from`: the end (local midnight) of the
 * `days`-th working day after the local day of `from`. Zero days: `from` itself (nothing
 * remains). Throws a RangeError on a negative or fractional count.
 */
export function addWorkingDays(from: Date, days: number, cal: BusinessCalendar): Date {
  assertInstant(from, 'from');
  if (!Number.isSafeInteger(days) || days < 0)
    throw new RangeError(`days must be a whole number of 0 or more, not ${days}`);
  compile(cal);
  if (days === 0) return new Date(from.getTime());
  let day = localDate(from, cal.timeZone);
  for (let counted = 0; counted < days; counted += 1) day = nextWorkingDay(day, cal);
  return endOfLocalDay(day, cal.timeZone);
}

/**
 * A legal clock of `days` working days from `from`: its due instant (`addWorkingDays`) and when
 * its timer ends — the due instant, or, with a test duration of a working day (`dayMs`, e.g.
 * PERMITS_WORKING_DAY_DURATION), `days` times that after `from`, so tests run days in seconds
 * while the due time shown stays the calendar's.
 */
export function workingDayDeadline(
  from: Date,
  days: number,
  cal: BusinessCalendar,
  dayMs?: number,
): { dueAt: Date; timerEndsAt: Date } {
  const dueAt = addWorkingDays(from, days, cal);
  return {
    dueAt,
    timerEndsAt: dayMs === undefined ? dueAt : new Date(from.getTime() + days * dayMs),
  };
}

/**
 * How many working days after the local day of `from` have wholly ended by `to` (0 when `to`
 * is not after `from`). The inverse of `addWorkingDays`:
 * `workingDaysBetween(from, addWorkingDays(from, n), cal) === n`.
 */
export function workingDaysBetween(from: Date, to: Date, cal: BusinessCalendar): number {
  assertInstant(from, 'from');
  assertInstant(to, 'to');
  compile(cal);
  if (to.getTime() <= from.getTime()) return 0;
  // A day has wholly ended by `to` exactly when it is before the local day of `to`.
  const last = localDate(to, cal.timeZone);
  let count = 0;
  for (let d = addDays(localDate(from, cal.timeZone), 1); d < last; d = addDays(d, 1))
    if (isWorkingDay(d, cal)) count += 1;
  return count;
}

/**
 * An instant as the local date and time of `timeZone` with the zone's offset, to the second:
 * `2026-12-01T17:00:00+01:00` (UTC: `+00:00`).
 */
export function localDateTime(at: Date, timeZone: string): string {
  assertInstant(at, 'at');
  const p = localParts(at, timeZone);
  const offset = offsetSeconds(at, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const offsetText = `${sign}${pad(Math.floor(abs / 3600))}:${pad(Math.floor((abs % 3600) / 60))}`;
  return `${dayText(p.year, p.month, p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${offsetText}`;
}
