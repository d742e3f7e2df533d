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
  sameSettings,
  settingsProblems,
  type CalendarSettings,
  type CalendarState,
} from '../calendar.js';
import { CalendarRepository } from '../calendar.repository.js';

export interface SetCalendarSettings extends CalendarSettings {
  caller: Caller;
}

/**
 * An admin sets the city's time zone and weekend days. A change bumps the calendar's version
 * and announces `calendar.changed` (every year is affected: `yearsAffected` is empty), in one
 * transaction; the same settings again change nothing.
 */
@Injectable()
export class SetCalendarSettingsUseCase {
  constructor(
    private readonly commands: IdempotentCommands,
    private readonly outbox: Outbox,
    private readonly calendar: CalendarRepository,
    @Inject(PERMITS_CONFIG) private readonly config: Pick<PermitsConfig, 'CITY_TIME_ZONE'>,
  ) {}

  async execute(pattern: string, command: SetCalendarSettings): Promise<CalendarState> {
    enforceCaller(command.caller, ...PermitsCatalogueAccess.editCalendar());
    const settings: CalendarSettings = {
      timeZone: command.timeZone,
      weekendDays: [...command.weekendDays].sort((a, b) => a - b),
    };
    const problems = settingsProblems(settings);
    if (problems.length > 0) throw PermitsErrors.invalidCalendar(problems);
    return this.commands.run(pattern, async (tx) => {
      await this.calendar.lockChanges(tx);
      const defaults = calendarDefaults(this.config);
      const state = await this.calendar.read(tx, defaults);
      if (sameSettings(state, settings)) return state;
      const version = state.version + 1;
      const at = new Date();
      await this.calendar.saveSettings(tx, settings, version, at);
      await this.calendar.recordChange(
        tx,
        { version, change: 'settings', years: [] },
        actorText(command.caller),
        at,
      );
      await this.outbox.append(tx, {
        subject: CALENDAR_CHANGED_V1,
        aggregateId: CALENDAR_AGGREGATE,
        actor: command.caller,
        data: { version, change: 'settings', yearsAffected: [] },
      });
      return this.calendar.read(tx, defaults);
    });
  }
}
