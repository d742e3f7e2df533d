import { Inject, Injectable } from '@nestjs/common';
import {
  CALENDAR_AGGREGATE,
  CALENDAR_CHANGED_V1,
  PermitsCatalogueAccess,
  PermitsErrors,
} from '#contracts';
import { IdempotentCommands, Outbox } from '#platform';
import type { PermitsConfig } from '../../config.js';
import { PERMITS_CONFIG } from '../../permits.tokens.js';
import { actorText, enforceCaller, type Caller } from '../../request-actor.js';
import { calendarDefaults } from '../calendar-defaults.js';
import {
  holidaysProblems,
  sameHolidays,
  sortedHolidays,
  type CalendarState,
  type Holiday,
} from '../calendar.js';
import { CalendarRepository } from '../calendar.repository.js';

export interface SetHolidays {
  year: number;
  holidays: Holiday[];
  caller: Caller;
}

/**
 * An admin replaces a year's public holidays. A change bumps the calendar's version and
 * announces `calendar.changed` with the year, in one transaction; the same list again changes
 * nothing (no new version, no event).
 */
@Injectable()
export class SetHolidaysUseCase {
  constructor(
    private readonly commands: IdempotentCommands,
    private readonly outbox: Outbox,
    private readonly calendar: CalendarRepository,
    @Inject(PERMITS_CONFIG) private readonly config: Pick<PermitsConfig, 'CITY_TIME_ZONE'>,
  ) {}

  async execute(pattern: string, command: SetHolidays): Promise<CalendarState> {
    enforceCaller(command.caller, ...PermitsCatalogueAccess.editCalendar());
    const problems = holidaysProblems(command.year, command.holidays);
    if (problems.length > 0) throw PermitsErrors.invalidCalendar(problems);
    const holidays = sortedHolidays(command.holidays);
    return this.commands.run(pattern, async (tx) => {
      await this.calendar.lockChanges(tx);
      const defaults = calendarDefaults(this.config);
      const state = await this.calendar.read(tx, defaults);
      if (state.version > 0 && sameHolidays(state, command.year, holidays)) return state;
      const version = state.version + 1;
      const at = new Date();
      await this.calendar.saveSettings(tx, state, version, at);
      await this.calendar.replaceHolidays(tx, command.year, holidays);
      await this.calendar.recordChange(
        tx,
        { version, change: 'holidays', years: [command.year] },
        actorText(command.caller),
        at,
      );
      await this.outbox.append(tx, {
        subject: CALENDAR_CHANGED_V1,
        aggregateId: CALENDAR_AGGREGATE,
        actor: command.caller,
        data: { version, change: 'holidays', yearsAffected: [command.year] },
      });
      return this.calendar.read(tx, defaults);
    });
  }
}
