import type { PermitsConfig } from '../config.js';
import type { CalendarSettings } from './calendar.js';

/** The calendar before anyone set it: the configured city time zone, Saturday and Sunday off. */
export const calendarDefaults = (
  config: Pick<PermitsConfig, 'CITY_TIME_ZONE'>,
): CalendarSettings => ({
  timeZone: config.CITY_TIME_ZONE,
  weekendDays: [6, 7],
});
