import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  EmptyRequest,
  PERMITS_CALENDAR_GET,
  PERMITS_CALENDAR_HOLIDAYS_SET,
  PERMITS_CALENDAR_SETTINGS_SET,
  PERMITS_INTERNAL_CALENDAR_GET,
  SetCalendarSettingsRequest,
  SetHolidaysRequest,
  type RpcReply,
} from '#contracts';
import { requestCaller } from '../request-actor.js';
import { businessCalendarOf, calendarView } from './calendar.js';
import { GetCalendarUseCase } from './get-calendar/get-calendar.use-case.js';
import { SetCalendarSettingsUseCase } from './set-calendar-settings/set-calendar-settings.use-case.js';
import { SetHolidaysUseCase } from './set-holidays/set-holidays.use-case.js';

/** The business calendar patterns, each mapped to its use case, nothing more. */
@Controller()
export class CalendarNatsController {
  constructor(
    private readonly getCalendar: GetCalendarUseCase,
    private readonly setHolidays: SetHolidaysUseCase,
    private readonly setSettings: SetCalendarSettingsUseCase,
  ) {}

  @MessagePattern(PERMITS_CALENDAR_GET)
  async get(@Payload() _request: EmptyRequest): Promise<RpcReply<typeof PERMITS_CALENDAR_GET>> {
    return calendarView(await this.getCalendar.execute());
  }

  @MessagePattern(PERMITS_INTERNAL_CALENDAR_GET)
  async business(
    @Payload() _request: EmptyRequest,
  ): Promise<RpcReply<typeof PERMITS_INTERNAL_CALENDAR_GET>> {
    return businessCalendarOf(await this.getCalendar.execute());
  }

  @MessagePattern(PERMITS_CALENDAR_HOLIDAYS_SET)
  async holidays(
    @Payload() request: SetHolidaysRequest,
  ): Promise<RpcReply<typeof PERMITS_CALENDAR_HOLIDAYS_SET>> {
    return calendarView(
      await this.setHolidays.execute(PERMITS_CALENDAR_HOLIDAYS_SET, {
        year: request.year,
        holidays: request.holidays,
        caller: requestCaller(),
      }),
    );
  }

  @MessagePattern(PERMITS_CALENDAR_SETTINGS_SET)
  async settings(
    @Payload() request: SetCalendarSettingsRequest,
  ): Promise<RpcReply<typeof PERMITS_CALENDAR_SETTINGS_SET>> {
    return calendarView(
      await this.setSettings.execute(PERMITS_CALENDAR_SETTINGS_SET, {
        timeZone: request.timeZone,
        weekendDays: request.weekendDays,
        caller: requestCaller(),
      }),
    );
  }
}
