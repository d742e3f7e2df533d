import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  addDays,
  addWorkingDays,
  assertCalendar,
  endOfLocalDay,
  isoWeekday,
  isWorkingDay,
  localDate,
  localDateTime,
  nextWorkingDay,
  startOfLocalDay,
  workingDayDeadline,
  workingDaysBetween,
  type BusinessCalendar,
} from './business-calendar.js';

const berlin: BusinessCalendar = {
  version: 1,
  timeZone: 'Europe/Berlin',
  weekendDays: [6, 7],
  holidays: ['2026-01-01', '2026-04-03', '2026-04-06', '2026-12-25', '2026-12-26', '2027-01-01'],
};
const newYork: BusinessCalendar = {
  version: 1,
  timeZone: 'America/New_York',
  weekendDays: [6, 7],
  holidays: ['2026-11-26'],
};
const at = (iso: string): Date => new Date(iso);

describe('days', () => {
  it('knows ISO weekdays and steps over month and year ends', () => {
    expect(isoWeekday('2026-03-02')).toBe(1); // a Monday
    expect(isoWeekday('2026-03-08')).toBe(7);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('refuses what is not a date', () => {
    expect(() => isoWeekday('2026-02-30')).toThrow(RangeError);
    expect(() => addDays('26-1-1', 1)).toThrow(RangeError);
  });

  it('reads the local day of an instant in the city, not in UTC', () => {
    expect(localDate(at('2026-03-01T23:30:00Z'), 'Europe/Berlin')).toBe('2026-03-02');
    expect(localDate(at('2026-03-02T03:00:00Z'), 'America/New_York')).toBe('2026-03-01');
  });
});

describe('working days', () => {
  it('excludes weekend days and holidays', () => {
    expect(isWorkingDay('2026-03-02', berlin)).toBe(true);
    expect(isWorkingDay('2026-03-07', berlin)).toBe(false);
    expect(isWorkingDay('2026-03-08', berlin)).toBe(false);
    expect(isWorkingDay('2026-04-03', berlin)).toBe(false); // Good Friday
    expect(nextWorkingDay('2026-04-02', berlin)).toBe('2026-04-07'); // over Easter
  });

  it('takes other weekends (Friday and Saturday)', () => {
    const cal = { ...berlin, weekendDays: [5, 6], holidays: [] };
    expect(isWorkingDay('2026-03-06', cal)).toBe(false);
    expect(isWorkingDay('2026-03-08', cal)).toBe(true);
  });

  it('refuses a calendar where nothing could fall due, or an unknown zone', () => {
    expect(() => assertCalendar({ ...berlin, weekendDays: [1, 2, 3, 4, 5, 6, 7] })).toThrow(
      'every day is a weekend day',
    );
    expect(() => assertCalendar({ ...berlin, weekendDays: [0] })).toThrow(RangeError);
    expect(() => assertCalendar({ ...berlin, timeZone: 'Mars/Olympus' })).toThrow(RangeError);
    expect(() => assertCalendar({ ...berlin, holidays: ['2026-13-01'] })).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('starts counting on the next working day and falls due at the end of the Nth, local midnight', () => {
    // Monday 2 March 2026, 08:00 in Berlin (CET, +01:00): 1 working day is due at the end of Tuesday.
    const monday = at('2026-03-02T07:00:00Z');
    expect(addWorkingDays(monday, 1, berlin).toISOString()).toBe('2026-03-03T23:00:00.000Z');
    expect(localDateTime(addWorkingDays(monday, 1, berlin), 'Europe/Berlin')).toBe(
      '2026-03-04T00:00:00+01:00',
    );
    // Five working days: Tuesday to Monday, over the weekend.
    expect(addWorkingDays(monday, 5, berlin).toISOString()).toBe('2026-03-09T23:00:00.000Z');
  });

  it('does not count the day of `from`, late on it or early', () => {
    const early = at('2026-03-01T23:00:00Z'); // Monday 00:00 in Berlin
    const late = at('2026-03-02T22:59:59Z'); // Monday 23:59:59 in Berlin
    expect(addWorkingDays(early, 1, berlin)).toEqual(addWorkingDays(late, 1, berlin));
  });

  it('counts from the next working day when `from` is on a weekend', () => {
    const saturday = at('2026-03-07T10:00:00Z');
    // Monday is the first working day: due at the end of Monday.
    expect(addWorkingDays(saturday, 1, berlin).toISOString()).toBe('2026-03-09T23:00:00.000Z');
  });

  it('spans holidays (Easter 2026: Good Friday and Easter Monday)', () => {
    const thursday = at('2026-04-02T09:00:00Z');
    // Tue 7, Wed 8 April.
    expect(addWorkingDays(thursday, 2, berlin).toISOString()).toBe('2026-04-08T22:00:00.000Z');
  });

  it('crosses the year end over Christmas and New Year', () => {
    const wednesday = at('2026-12-23T12:00:00Z');
    // Thu 24, (Fri 25, Sat 26, Sun 27), Mon 28, Tue 29, Wed 30, Thu 31, (Fri 1 Jan), Mon 4 Jan.
    expect(localDate(addWorkingDays(wednesday, 6, berlin), 'Europe/Berlin')).toBe('2027-01-05');
    expect(addWorkingDays(wednesday, 6, berlin).toISOString()).toBe('2027-01-04T23:00:00.000Z');
  });

  it('ends a day at local midnight across the spring DST change in Berlin (23-hour day)', () => {
    // Sunday 29 March 2026 02:00 CET -> 03:00 CEST. Friday 27 March + 1 = end of Monday 30
    // March, which is CEST (+02:00).
    const friday = at('2026-03-27T10:00:00Z');
    const due = addWorkingDays(friday, 1, berlin);
    expect(due.toISOString()).toBe('2026-03-30T22:00:00.000Z');
    expect(localDateTime(due, 'Europe/Berlin')).toBe('2026-03-31T00:00:00+02:00');
    expect(
      endOfLocalDay('2026-03-29', 'Europe/Berlin').getTime() -
        startOfLocalDay('2026-03-29', 'Europe/Berlin').getTime(),
    ).toBe(23 * 3_600_000);
  });

  it('ends a day at local midnight across the autumn DST change in New York (25-hour day)', () => {
    // Sunday 1 November 2026 02:00 EDT -> 01:00 EST.
    const friday = at('2026-10-30T15:00:00Z');
    const due = addWorkingDays(friday, 1, newYork);
    expect(localDateTime(due, 'America/New_York')).toBe('2026-11-03T00:00:00-05:00');
    expect(due.toISOString()).toBe('2026-11-03T05:00:00.000Z');
    expect(
      endOfLocalDay('2026-11-01', 'America/New_York').getTime() -
        startOfLocalDay('2026-11-01', 'America/New_York').getTime(),
    ).toBe(25 * 3_600_000);
    // Thanksgiving is a holiday there.
    const wednesday = at('2026-11-25T15:00:00Z');
    expect(localDate(addWorkingDays(wednesday, 1, newYork), 'America/New_York')).toBe('2026-11-28');
  });

  it('starts a day whose midnight a DST change skips at its first existing instant', () => {
    // Santiago de Chile moves clocks from 24:00 to 01:00 on 6 September 2026.
    const start = startOfLocalDay('2026-09-06', 'America/Santiago');
    expect(localDateTime(start, 'America/Santiago')).toBe('2026-09-06T01:00:00-03:00');
  });

  it('answers `from` itself for zero days and refuses negative or fractional counts', () => {
    const from = at('2026-03-02T07:00:00Z');
    expect(addWorkingDays(from, 0, berlin)).toEqual(from);
    expect(() => addWorkingDays(from, -1, berlin)).toThrow(RangeError);
    expect(() => addWorkingDays(from, 1.5, berlin)).toThrow(RangeError);
    expect(() => addWorkingDays(new Date(NaN), 1, berlin)).toThrow(RangeError);
  });
});

describe('workingDayDeadline', () => {
  it('ends its timer at the due instant, or after the test duration of its working days', () => {
    const from = at('2026-03-02T08:00:00Z'); // a Monday
    const dueAt = addWorkingDays(from, 3, berlin);
    expect(workingDayDeadline(from, 3, berlin)).toEqual({ dueAt, timerEndsAt: dueAt });
    expect(workingDayDeadline(from, 3, berlin, 1_000)).toEqual({
      dueAt,
      timerEndsAt: at('2026-03-02T08:00:03Z'),
    });
  });
});

describe('workingDaysBetween', () => {
  it('counts the working days after the day of `from` that have wholly ended by `to`', () => {
    const monday = at('2026-03-02T07:00:00Z');
    expect(workingDaysBetween(monday, at('2026-03-03T22:59:59Z'), berlin)).toBe(0);
    expect(workingDaysBetween(monday, at('2026-03-03T23:00:00Z'), berlin)).toBe(1);
    expect(workingDaysBetween(monday, at('2026-03-09T12:00:00Z'), berlin)).toBe(4);
    expect(workingDaysBetween(monday, monday, berlin)).toBe(0);
    expect(workingDaysBetween(monday, at('2026-01-01T00:00:00Z'), berlin)).toBe(0);
  });

  it('lets a stopped clock restart with the remaining whole days from the next working day', () => {
    const started = at('2026-03-02T07:00:00Z'); // Monday: a 10-day review clock
    const stopped = at('2026-03-05T15:00:00Z'); // Thursday: changes requested
    const elapsed = workingDaysBetween(started, stopped, berlin); // Tue, Wed
    expect(elapsed).toBe(2);
    const restarted = at('2026-03-11T09:00:00Z'); // Wednesday: resubmitted
    const due = addWorkingDays(restarted, 10 - elapsed, berlin);
    // Thu 12 … 8 working days … Mon 23 March.
    expect(localDate(due, 'Europe/Berlin')).toBe('2026-03-24');
    expect(due.toISOString()).toBe('2026-03-23T23:00:00.000Z');
  });
});

describe('localDateTime', () => {
  it('writes the local time with the offset in force', () => {
    expect(localDateTime(at('2026-12-01T16:00:00Z'), 'Europe/Berlin')).toBe(
      '2026-12-01T17:00:00+01:00',
    );
    expect(localDateTime(at('2026-07-01T16:00:00Z'), 'Europe/Berlin')).toBe(
      '2026-07-01T18:00:00+02:00',
    );
    expect(localDateTime(at('2026-07-01T16:00:00Z'), 'UTC')).toBe('2026-07-01T16:00:00+00:00');
    expect(localDateTime(at('2026-07-01T16:00:00Z'), 'Asia/Kolkata')).toBe(
      '2026-07-01T21:30:00+05:30',
    );
  });
});

describe('properties', () => {
  const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'UTC', 'Asia/Kolkata'];
  const calendarArb = fc.record({
    version: fc.constant(1),
    timeZone: fc.constantFrom(...zones),
    weekendDays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { maxLength: 3 }),
    holidays: fc.uniqueArray(
      fc.integer({ min: 0, max: 3 * 365 }).map((n) => addDays('2025-06-01', n)),
      { maxLength: 40 },
    ),
  });
  const instantArb = fc
    .integer({ min: Date.UTC(2025, 5, 1), max: Date.UTC(2027, 11, 31) })
    .map((ms) => new Date(ms));

  it('workingDaysBetween(from, addWorkingDays(from, n)) is n, and the due instant ends a working day', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.integer({ min: 0, max: 60 }), (cal, from, n) => {
        const due = addWorkingDays(from, n, cal);
        expect(workingDaysBetween(from, due, cal)).toBe(n);
        if (n > 0) {
          // Local midnight, the end of a working day, and one instant earlier that day is not over.
          expect(localDateTime(due, cal.timeZone).slice(11, 19)).toBe('00:00:00');
          expect(isWorkingDay(addDays(localDate(due, cal.timeZone), -1), cal)).toBe(true);
          expect(workingDaysBetween(from, new Date(due.getTime() - 1), cal)).toBe(n - 1);
        }
      }),
    );
  });

  it('a clock stopped before it falls due and restarted at once is never due earlier than before', () => {
    fc.assert(
      fc.property(
        calendarArb,
        instantArb,
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 30 * 86_400_000 }),
        (cal, start, n, after) => {
          const due = addWorkingDays(start, n, cal);
          const stop = new Date(Math.min(start.getTime() + after, due.getTime() - 1));
          const remaining = n - workingDaysBetween(start, stop, cal);
          expect(remaining).toBeGreaterThanOrEqual(1);
          // The day of the stop is never counted again: the restarted clock ends on or after.
          expect(addWorkingDays(stop, remaining, cal).getTime()).toBeGreaterThanOrEqual(
            due.getTime(),
          );
        },
      ),
    );
  });
});
