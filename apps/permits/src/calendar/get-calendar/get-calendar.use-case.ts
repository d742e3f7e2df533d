import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PermitsConfig } from '../../config.js';
import { PERMITS_CONFIG } from '../../permits.tokens.js';
import { calendarDefaults } from '../calendar-defaults.js';
import type { CalendarState } from '../calendar.js';
import { CalendarRepository } from '../calendar.repository.js';

/**
 * The business calendar as it stands: for anyone (`GET /api/v1/calendar`) and, as a
 * `BusinessCalendar`, for workflow and complaints activities (`permits.internal.calendar.get`).
 */
@Injectable()
export class GetCalendarUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calendar: CalendarRepository,
    @Inject(PERMITS_CONFIG) private readonly config: Pick<PermitsConfig, 'CITY_TIME_ZONE'>,
  ) {}

  execute(): Promise<CalendarState> {
    return this.calendar.read(this.dataSource.manager, calendarDefaults(this.config));
  }
}
