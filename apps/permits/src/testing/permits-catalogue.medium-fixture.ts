import { randomUUID } from 'node:crypto';
import type { Actor, Role } from '#contracts';
import { IdempotentCommands } from '#platform';
import type { MediumDatabase } from '#testing';
import { CalendarRepository } from '../calendar/calendar.repository.js';
import { GetCalendarUseCase } from '../calendar/get-calendar/get-calendar.use-case.js';
import { SetCalendarSettingsUseCase } from '../calendar/set-calendar-settings/set-calendar-settings.use-case.js';
import { SetHolidaysUseCase } from '../calendar/set-holidays/set-holidays.use-case.js';
import { CreatePermitTypeUseCase } from '../permit-types/create-permit-type/create-permit-type.use-case.js';
import { GetPermitTypeUseCase } from '../permit-types/get-permit-type/get-permit-type.use-case.js';
import { ListPermitTypesUseCase } from '../permit-types/list-permit-types/list-permit-types.use-case.js';
import { PermitTypeRepository } from '../permit-types/permit-type.repository.js';
import { SeedCatalogueUseCase } from '../permit-types/seed-catalogue/seed-catalogue.use-case.js';
import { UpdatePermitTypeUseCase } from '../permit-types/update-permit-type/update-permit-type.use-case.js';

/** The catalogue's use cases wired by hand on a medium database, as the Nest module wires them. */
export function catalogueUseCases(
  db: MediumDatabase,
  settings = { CITY_TIME_ZONE: 'Europe/Berlin' },
) {
  const commands = new IdempotentCommands(db.dataSource, db.outbox);
  const permitTypes = new PermitTypeRepository();
  const calendar = new CalendarRepository();
  const createPermitType = new CreatePermitTypeUseCase(commands, db.outbox, permitTypes);
  const getCalendar = new GetCalendarUseCase(db.dataSource, calendar, settings);
  const setCalendarSettings = new SetCalendarSettingsUseCase(
    commands,
    db.outbox,
    calendar,
    settings,
  );
  const setHolidays = new SetHolidaysUseCase(commands, db.outbox, calendar, settings);
  return {
    repositories: { permitTypes, calendar },
    listPermitTypes: new ListPermitTypesUseCase(db.dataSource, permitTypes),
    getPermitType: new GetPermitTypeUseCase(db.dataSource, permitTypes),
    createPermitType,
    updatePermitType: new UpdatePermitTypeUseCase(commands, db.outbox, permitTypes),
    getCalendar,
    setCalendarSettings,
    setHolidays,
    seedCatalogue: new SeedCatalogueUseCase(
      db.dataSource,
      permitTypes,
      createPermitType,
      getCalendar,
      setCalendarSettings,
      setHolidays,
    ),
  };
}
export type CatalogueUseCases = ReturnType<typeof catalogueUseCases>;

/** A user caller with a fresh id. */
export const aUser = (role: Role = 'admin'): Actor => ({
  kind: 'user',
  userId: randomUUID(),
  role,
});
