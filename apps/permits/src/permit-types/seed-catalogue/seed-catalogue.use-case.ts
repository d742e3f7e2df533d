import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, SYSTEM_ACTOR } from '#contracts';
import type { Holiday } from '../../calendar/calendar.js';
import { GetCalendarUseCase } from '../../calendar/get-calendar/get-calendar.use-case.js';
import { SetCalendarSettingsUseCase } from '../../calendar/set-calendar-settings/set-calendar-settings.use-case.js';
import { SetHolidaysUseCase } from '../../calendar/set-holidays/set-holidays.use-case.js';
import { CreatePermitTypeUseCase } from '../create-permit-type/create-permit-type.use-case.js';
import type { PermitTypeDefinition } from '../permit-type.js';
import { PermitTypeRepository } from '../permit-type.repository.js';

export interface CatalogueSeed {
  permitTypes: readonly PermitTypeDefinition[];
  /** The calendar's settings when it was never set. */
  calendar: { timeZone: string; weekendDays: number[] };
  /** Holidays per year, written for a year that has none. */
  holidays: Readonly<Record<number, readonly Holiday[]>>;
}

export interface SeedOutcome {
  permitTypesCreated: string[];
  calendarSettingsSet: boolean;
  holidayYearsSet: number[];
}

/** The seed's own pattern name: its commands are recorded under it. */
export const SEED_PATTERN = 'permits.seed';

/**
 * Fills an empty catalogue for the local stack (`npm start`, the test set-up): each seed type
 * whose code does not exist, the calendar's settings when it was never set, and the holidays
 * of each seed year that has none. What exists is left alone, so an admin's changes survive
 * a restart. Each write is the ordinary use case's, as the `system` actor, with its event.
 */
@Injectable()
export class SeedCatalogueUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly permitTypes: PermitTypeRepository,
    private readonly createPermitType: CreatePermitTypeUseCase,
    private readonly getCalendar: GetCalendarUseCase,
    private readonly setSettings: SetCalendarSettingsUseCase,
    private readonly setHolidays: SetHolidaysUseCase,
  ) {}

  async execute(seed: CatalogueSeed): Promise<SeedOutcome> {
    const outcome: SeedOutcome = {
      permitTypesCreated: [],
      calendarSettingsSet: false,
      holidayYearsSet: [],
    };
    for (const definition of seed.permitTypes) {
      if (await this.permitTypes.findCurrent(this.dataSource.manager, definition.code)) continue;
      try {
        await this.createPermitType.execute(SEED_PATTERN, { definition, caller: SYSTEM_ACTOR });
        outcome.permitTypesCreated.push(definition.code);
      } catch (error) {
        // Another seed run (or an admin) was first: what exists stays.
        if (!(error instanceof DomainError && error.code === 'PERMITS.PERMIT_TYPE_EXISTS'))
          throw error;
      }
    }
    const calendar = await this.getCalendar.execute();
    if (calendar.version === 0) {
      await this.setSettings.execute(SEED_PATTERN, { ...seed.calendar, caller: SYSTEM_ACTOR });
      outcome.calendarSettingsSet = true;
    }
    for (const [year, holidays] of Object.entries(seed.holidays)) {
      if (calendar.holidays.some((h) => h.date.startsWith(`${year}-`))) continue;
      await this.setHolidays.execute(SEED_PATTERN, {
        year: Number(year),
        holidays: [...holidays],
        caller: SYSTEM_ACTOR,
      });
      outcome.holidayYearsSet.push(Number(year));
    }
    return outcome;
  }
}
