import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CalendarSettings, CalendarState, Holiday } from './calendar.js';

interface SettingsRow {
  time_zone: string;
  weekend_days: number[];
  version: number;
  updated_at: Date;
}

/**
 * Every statement on the business calendar's tables (`calendar_settings`, one row;
 * `calendar_holidays`; the append-only `calendar_changes`), on the EntityManager it is given.
 */
@Injectable()
export class CalendarRepository {
  /** The calendar as it stands, or `defaults` at version 0 when it was never set. */
  async read(db: EntityManager, defaults: CalendarSettings): Promise<CalendarState> {
    const settings = await db.query<SettingsRow[]>(
      'SELECT time_zone, weekend_days, version, updated_at FROM calendar_settings',
    );
    const holidays = await db.query<Holiday[]>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS date, name FROM calendar_holidays ORDER BY day`,
    );
    const row = settings[0];
    return row
      ? {
          timeZone: row.time_zone,
          weekendDays: row.weekend_days.map(Number),
          version: row.version,
          holidays,
          updatedAt: row.updated_at,
        }
      : {
          ...defaults,
          weekendDays: [...defaults.weekendDays],
          version: 0,
          holidays,
          updatedAt: new Date(0),
        };
  }

  /**
   * Takes the lock every calendar change holds until it commits, also when the calendar was
   * never set (the settings row does not exist yet to lock).
   */
  async lockChanges(db: EntityManager): Promise<void> {
    await db.query("SELECT pg_advisory_xact_lock(hashtext('permits.calendar'))");
  }

  /** Writes the settings at a new version (inserting the row the first time). */
  async saveSettings(
    db: EntityManager,
    settings: CalendarSettings,
    version: number,
    at: Date,
  ): Promise<void> {
    await db.query(
      `INSERT INTO calendar_settings (id, time_zone, weekend_days, version, updated_at)
       VALUES (true, $1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET time_zone = $1, weekend_days = $2, version = $3, updated_at = $4`,
      [settings.timeZone, [...settings.weekendDays].sort((a, b) => a - b), version, at],
    );
  }

  /** Replaces a year's holidays with `holidays`. */
  async replaceHolidays(db: EntityManager, year: number, holidays: Holiday[]): Promise<void> {
    await db.query(
      `DELETE FROM calendar_holidays WHERE day >= make_date($1, 1, 1) AND day < make_date($1 + 1, 1, 1)`,
      [year],
    );
    if (holidays.length > 0)
      await db.query(
        `INSERT INTO calendar_holidays (day, name)
         SELECT d::date, n FROM unnest($1::text[], $2::text[]) AS h(d, n)`,
        [holidays.map((h) => h.date), holidays.map((h) => h.name)],
      );
  }

  /** Records a change (append-only): which version it made, what and which years. */
  async recordChange(
    db: EntityManager,
    change: { version: number; change: 'seeded' | 'holidays' | 'settings'; years: number[] },
    changedBy: string,
    at: Date,
  ): Promise<void> {
    await db.query(
      `INSERT INTO calendar_changes (version, change, years, changed_by, changed_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [change.version, change.change, change.years, changedBy, at],
    );
  }
}
