import { describe, expect, it } from '@jest/globals';
import { addWorkingDays, localDate } from '#calendar';
import { SEED_HOLIDAYS } from '../permit-types/seed-catalogue/catalogue-seed.js';
import {
  businessCalendarOf,
  holidaysProblems,
  sameHolidays,
  sameSettings,
  settingsProblems,
  type CalendarState,
} from './calendar.js';

const state = (over: Partial<CalendarState> = {}): CalendarState => ({
  version: 3,
  timeZone: 'Europe/Berlin',
  weekendDays: [6, 7],
  holidays: [...(SEED_HOLIDAYS[2026] ?? [])],
  updatedAt: new Date('2026-01-01T00:00:00Z'),
  ...over,
});

describe('a year of holidays', () => {
  it('accepts the seed years', () => {
    expect(holidaysProblems(2026, SEED_HOLIDAYS[2026] ?? [])).toEqual([]);
    expect(holidaysProblems(2027, SEED_HOLIDAYS[2027] ?? [])).toEqual([]);
  });

  it('refuses dates outside the year, twice listed, not dates, and blank names', () => {
    expect(
      holidaysProblems(2026, [
        { date: '2027-01-01', name: 'next year' },
        { date: '2026-12-25', name: 'Christmas' },
        { date: '2026-12-25', name: 'Christmas again' },
        { date: '2026-02-30', name: 'never' },
        { date: '2026-05-01', name: '  ' },
      ]).map((p) => [p.field, p.code]),
    ).toEqual([
      ['holidays.0.date', 'YEAR'],
      ['holidays.2.date', 'UNIQUE'],
      ['holidays.3.date', 'IS_DATE'],
      ['holidays.4.name', 'REQUIRED'],
    ]);
  });

  it('knows an unchanged list, in any order', () => {
    const reversed = [...(SEED_HOLIDAYS[2026] ?? [])].reverse();
    expect(sameHolidays(state(), 2026, reversed)).toBe(true);
    expect(sameHolidays(state(), 2026, reversed.slice(1))).toBe(false);
    expect(sameHolidays(state(), 2027, [])).toBe(true);
  });
});

describe('settings', () => {
  it('refuses unknown time zones and weeks without a working day', () => {
    expect(settingsProblems({ timeZone: 'Europe/Atlantis', weekendDays: [6, 7] })).toEqual([
      expect.objectContaining({ field: 'timeZone', code: 'TIME_ZONE' }),
    ]);
    expect(
      settingsProblems({ timeZone: 'UTC', weekendDays: [1, 2, 3, 4, 5, 6, 7] }).map((p) => p.code),
    ).toEqual(['MAX']);
    expect(settingsProblems({ timeZone: 'UTC', weekendDays: [5, 5] }).map((p) => p.code)).toEqual([
      'UNIQUE',
    ]);
    expect(settingsProblems({ timeZone: 'Asia/Dubai', weekendDays: [6, 7] })).toEqual([]);
  });

  it('knows unchanged settings; a calendar never set always changes', () => {
    expect(sameSettings(state(), { timeZone: 'Europe/Berlin', weekendDays: [7, 6] })).toBe(true);
    expect(sameSettings(state(), { timeZone: 'Europe/Berlin', weekendDays: [5, 6] })).toBe(false);
    expect(
      sameSettings(state({ version: 0 }), { timeZone: 'Europe/Berlin', weekendDays: [6, 7] }),
    ).toBe(false);
  });
});

describe('the business calendar activities count with', () => {
  it('is the state with holidays as dates, and counts over Easter 2026', () => {
    const cal = businessCalendarOf(state());
    expect(cal).toMatchObject({ version: 3, timeZone: 'Europe/Berlin', weekendDays: [6, 7] });
    expect(cal.holidays).toContain('2026-04-03');
    // Thursday 2 April + 2 working days: Tuesday 7 and Wednesday 8 April.
    const due = addWorkingDays(new Date('2026-04-02T09:00:00Z'), 2, cal);
    expect(localDate(new Date(due.getTime() - 1), cal.timeZone)).toBe('2026-04-08');
  });
});
