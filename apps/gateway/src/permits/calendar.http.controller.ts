import { Body, Controller, Get, Param, Put, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  CalendarView,
  PERMITS_CALENDAR_GET,
  PERMITS_CALENDAR_HOLIDAYS_SET,
  PERMITS_CALENDAR_SETTINGS_SET,
  SetCalendarSettingsRequest,
  SetHolidaysBody,
} from '#contracts';
import { NatsBus } from '#platform';
import { Public, Roles } from '../access/access.decorators.js';
import { ServiceRefusalsFilter } from '../access/service-refusals.filter.js';
import { ProblemResponses } from '../http/problem-responses.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import { YEAR_PARAM, yearParam } from './permits.dto.js';

/**
 * The business calendar the legal clocks count working days with (the city's time zone,
 * weekend days, public holidays): read by anyone, changed by an admin. Owned by the permits
 * service.
 */
@ApiTags('permits')
@Controller('api/v1/calendar')
@UseFilters(ServiceRefusalsFilter)
export class CalendarHttpController {
  constructor(private readonly nats: NatsBus) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'The business calendar',
    description:
      'Roles: public (no login). Time zone, weekend days (ISO weekdays, 1 = Monday) and every public holiday; `version` changes with every change. Working days count from the next working day after a case event, and a deadline falls at the end (local midnight) of its last working day.',
  })
  @ApiResponse({ status: 200, type: CalendarView })
  @ProblemResponses(503, 504)
  get(): Promise<CalendarView> {
    return this.nats.client.request(PERMITS_CALENDAR_GET, {});
  }

  @Put('holidays/:year')
  @Roles('admin')
  @Idempotent('optional')
  @ApiBearerAuth()
  @ApiParam(YEAR_PARAM)
  @ApiOperation({
    summary: "Set a year's public holidays",
    description:
      "Roles: admin. The year's whole list (it replaces the year's holidays). A change bumps the calendar's version and announces `gov.permits.calendar.changed.v1` with the year; due times of open cases are recomputed. The same list again changes nothing. 422 `PERMITS.INVALID_CALENDAR` (a date outside the year, twice listed, not a date).",
  })
  @ApiResponse({ status: 200, type: CalendarView })
  @ProblemResponses(400, 401, 403, 409, 413, 415, 422, 503, 504)
  setHolidays(
    @Param('year', yearParam()) year: number,
    @Body() body: SetHolidaysBody,
  ): Promise<CalendarView> {
    return this.nats.client.request(PERMITS_CALENDAR_HOLIDAYS_SET, { ...body, year });
  }

  @Put('settings')
  @Roles('admin')
  @Idempotent('optional')
  @ApiBearerAuth()
  @ApiOperation({
    summary: "Set the city's time zone and weekend days",
    description:
      "Roles: admin. A change bumps the calendar's version and announces `gov.permits.calendar.changed.v1` (every year affected). 422 `PERMITS.INVALID_CALENDAR` (an unknown time zone, no working day left in the week).",
  })
  @ApiResponse({ status: 200, type: CalendarView })
  @ProblemResponses(400, 401, 403, 409, 413, 415, 422, 503, 504)
  setSettings(@Body() body: SetCalendarSettingsRequest): Promise<CalendarView> {
    return this.nats.client.request(PERMITS_CALENDAR_SETTINGS_SET, body);
  }
}
