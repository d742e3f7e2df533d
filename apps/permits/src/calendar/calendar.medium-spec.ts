import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addWorkingDays, localDateTime } from '#calendar';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { permitsMigrations } from '../migrations/index.js';
import {
  aUser,
  catalogueUseCases,
  type CatalogueUseCases,
} from '../testing/permits-catalogue.medium-fixture.js';
import { businessCalendarOf } from './calendar.js';

const HOLIDAYS = 'permits.calendar.holidays.set';
const SETTINGS = 'permits.calendar.settings.set';

describe('the business calendar', () => {
  let db: MediumDatabase;
  let uc: CatalogueUseCases;
  const admin = aUser('admin');

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'permits', migrations: permitsMigrations });
    uc = catalogueUseCases(db, { CITY_TIME_ZONE: 'America/New_York' });
  });
  afterAll(() => db?.close());

  const calendarEvents = async () =>
    (await db.outboxRows()).filter((r) => r.aggregateId === 'calendar').map((r) => r.envelope.data);

  it('answers the configured defaults at version 0 before anyone set it', async () => {
    expect(await uc.getCalendar.execute()).toMatchObject({
      version: 0,
      timeZone: 'America/New_York',
      weekendDays: [6, 7],
      holidays: [],
    });
  });

  it("replaces a year's holidays at a new version with its event; the same list again changes nothing", async () => {
    const set = await uc.setHolidays.execute(HOLIDAYS, {
      year: 2026,
      holidays: [
        { date: '2026-12-25', name: 'Christmas Day' },
        { date: '2026-11-26', name: 'Thanksgiving' },
      ],
      caller: admin,
    });
    expect(set).toMatchObject({
      version: 1,
      timeZone: 'America/New_York',
      holidays: [
        { date: '2026-11-26', name: 'Thanksgiving' },
        { date: '2026-12-25', name: 'Christmas Day' },
      ],
    });
    await uc.setHolidays.execute(HOLIDAYS, {
      year: 2027,
      holidays: [{ date: '2027-01-01', name: "New Year's Day" }],
      caller: admin,
    });
    // 2026 again, one fewer: only 2026 changes.
    const changed = await uc.setHolidays.execute(HOLIDAYS, {
      year: 2026,
      holidays: [{ date: '2026-11-26', name: 'Thanksgiving' }],
      caller: admin,
    });
    expect(changed.version).toBe(3);
    expect(changed.holidays.map((h) => h.date)).toEqual(['2026-11-26', '2027-01-01']);
    const same = await uc.setHolidays.execute(HOLIDAYS, {
      year: 2026,
      holidays: [{ date: '2026-11-26', name: 'Thanksgiving' }],
      caller: admin,
    });
    expect(same.version).toBe(3);
    expect(await calendarEvents()).toEqual([
      { version: 1, change: 'holidays', yearsAffected: [2026] },
      { version: 2, change: 'holidays', yearsAffected: [2027] },
      { version: 3, change: 'holidays', yearsAffected: [2026] },
    ]);
    expect(
      await db.query('SELECT version, change, years FROM calendar_changes ORDER BY version'),
    ).toEqual([
      { version: 1, change: 'holidays', years: [2026] },
      { version: 2, change: 'holidays', years: [2027] },
      { version: 3, change: 'holidays', years: [2026] },
    ]);
  });

  it('changes the time zone and weekend days at a new version; activities count with them', async () => {
    const set = await uc.setCalendarSettings.execute(SETTINGS, {
      timeZone: 'Asia/Dubai',
      weekendDays: [7, 6],
      caller: admin,
    });
    expect(set).toMatchObject({ version: 4, timeZone: 'Asia/Dubai', weekendDays: [6, 7] });
    expect((await calendarEvents()).at(-1)).toEqual({
      version: 4,
      change: 'settings',
      yearsAffected: [],
    });
    const cal = businessCalendarOf(await uc.getCalendar.execute());
    expect(cal).toEqual({
      version: 4,
      timeZone: 'Asia/Dubai',
      weekendDays: [6, 7],
      holidays: ['2026-11-26', '2027-01-01'],
    });
    // Wednesday 25 November 2026, 10:00 in Dubai: Thursday is a holiday, so Friday ends the day.
    const due = addWorkingDays(new Date('2026-11-25T06:00:00Z'), 1, cal);
    expect(localDateTime(due, cal.timeZone)).toBe('2026-11-28T00:00:00+04:00');
  });

  it('refuses invalid changes with the field at fault, and anyone but an admin', async () => {
    await expect(
      uc.setHolidays.execute(HOLIDAYS, {
        year: 2026,
        holidays: [{ date: '2025-12-31', name: 'last year' }],
        caller: admin,
      }),
    ).rejects.toMatchObject({
      code: 'PERMITS.INVALID_CALENDAR',
      details: { errors: [expect.objectContaining({ field: 'holidays.0.date', code: 'YEAR' })] },
    });
    await expect(
      uc.setCalendarSettings.execute(SETTINGS, {
        timeZone: 'Mars/Olympus_Mons',
        weekendDays: [6, 7],
        caller: admin,
      }),
    ).rejects.toMatchObject({
      code: 'PERMITS.INVALID_CALENDAR',
      details: { errors: [expect.objectContaining({ field: 'timeZone' })] },
    });
    await expect(
      uc.setCalendarSettings.execute(SETTINGS, {
        timeZone: 'UTC',
        weekendDays: [6, 7],
        caller: aUser('supervisor'),
      }),
    ).rejects.toMatchObject({ code: 'POLICY.ROLE_NOT_ALLOWED' });
    expect((await uc.getCalendar.execute()).version).toBe(4);
  });

  it('keeps the record of changes append-only', async () => {
    await expect(db.query('DELETE FROM calendar_changes')).rejects.toThrow(/append-only/);
    await expect(db.query('UPDATE calendar_changes SET years = $1', [[1999]])).rejects.toThrow(
      /append-only/,
    );
  });
});
