import { isDay, isTimeZone, type BusinessCalendar } from '#calendar';
import type { BusinessCalendarReply, CalendarView, PermitsFieldProblem } from '#contracts';

/*
 * The business calendar as permits keeps it (settings, holidays with their names) and the
 * rules of a change, pure. The arithmetic on it is libs/calendar's.
 */

export interface Holiday {
  date: string;
  name: string;
}

export interface CalendarSettings {
  timeZone: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday, ascending. */
  weekendDays: number[];
}

/** The calendar as it stands; `version` 0: never set (the configured defaults, no holidays). */
export interface CalendarState extends CalendarSettings {
  version: number;
  holidays: Holiday[];
  updatedAt: Date;
}

export const calendarView = (state: CalendarState): CalendarView => ({
  version: state.version,
  timeZone: state.timeZone,
  weekendDays: state.weekendDays,
  holidays: state.holidays,
  updatedAt: state.updatedAt.toISOString(),
});

/** What activities count with: holidays as dates only. */
export const businessCalendarOf = (
  state: CalendarState,
): BusinessCalendar & BusinessCalendarReply => ({
  version: state.version,
  timeZone: state.timeZone,
  weekendDays: state.weekendDays,
  holidays: state.holidays.map((h) => h.date),
});

/** Why a year's holiday list is refused (none: it may replace the year's list). */
export function holidaysProblems(
  year: number,
  holidays: readonly Holiday[],
): PermitsFieldProblem[] {
  const problems: PermitsFieldProblem[] = [];
  const seen = new Set<string>();
  holidays.forEach((h, i) => {
    const field = `holidays.${i}.date`;
    if (!isDay(h.date))
      problems.push({ field, code: 'IS_DATE', message: `${field} ${h.date} is not a date` });
    else if (!h.date.startsWith(`${year}-`))
      problems.push({ field, code: 'YEAR', message: `${field} ${h.date} is not in ${year}` });
    else if (seen.has(h.date))
      problems.push({ field, code: 'UNIQUE', message: `${field} ${h.date} is listed twice` });
    seen.add(h.date);
    if (h.name.trim().length === 0)
      problems.push({
        field: `holidays.${i}.name`,
        code: 'REQUIRED',
        message: `holidays.${i}.name must not be blank`,
      });
  });
  return problems;
}

/** Why settings are refused (none: they may be set). */
export function settingsProblems(settings: CalendarSettings): PermitsFieldProblem[] {
  const problems: PermitsFieldProblem[] = [];
  if (!isTimeZone(settings.timeZone))
    problems.push({
      field: 'timeZone',
      code: 'TIME_ZONE',
      message: `timeZone ${settings.timeZone} is not a known time zone`,
    });
  const days = new Set(settings.weekendDays);
  if (settings.weekendDays.some((d) => !Number.isInteger(d) || d < 1 || d > 7))
    problems.push({ field: 'weekendDays', code: 'ISO_WEEKDAY', message: 'weekendDays are 1–7' });
  else if (days.size !== settings.weekendDays.length)
    problems.push({ field: 'weekendDays', code: 'UNIQUE', message: 'weekendDays repeat a day' });
  else if (days.size >= 7)
    problems.push({
      field: 'weekendDays',
      code: 'MAX',
      message: 'weekendDays must leave at least one working day in the week',
    });
  return problems;
}

/** A year's holidays in date order, as stored and compared. */
export const sortedHolidays = (holidays: readonly Holiday[]): Holiday[] =>
  [...holidays]
    .map((h) => ({ date: h.date, name: h.name.trim() }))
    .sort((a, b) => a.date.localeCompare(b.date));

/** Whether a year's list is what the calendar holds for it already (nothing would change). */
export function sameHolidays(
  state: CalendarState,
  year: number,
  holidays: readonly Holiday[],
): boolean {
  const current = state.holidays.filter((h) => h.date.startsWith(`${year}-`));
  const next = sortedHolidays(holidays);
  return (
    current.length === next.length &&
    current.every((h, i) => h.date === next[i]?.date && h.name === next[i]?.name)
  );
}

export const sameSettings = (state: CalendarState, settings: CalendarSettings): boolean =>
  state.version > 0 &&
  state.timeZone === settings.timeZone &&
  state.weekendDays.join(',') === [...settings.weekendDays].sort((a, b) => a - b).join(',');
