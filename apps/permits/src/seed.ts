/**
 * `node dist/apps/permits/src/seed.js`: fills an empty permits catalogue and business calendar
 * for the local stack (run by `npm start` and the test set-up after the migrations). Writes
 * only what is missing; prints what it wrote as one JSON line. The events it writes leave
 * through the outbox when the permits service runs.
 */
import { DataSource } from 'typeorm';
import { SERVICES } from '#contracts';
import { IdempotentCommands, loadConfig, Outbox, serviceDataSourceOptions } from '#platform';
import { calendarDefaults } from './calendar/calendar-defaults.js';
import { CalendarRepository } from './calendar/calendar.repository.js';
import { GetCalendarUseCase } from './calendar/get-calendar/get-calendar.use-case.js';
import { SetCalendarSettingsUseCase } from './calendar/set-calendar-settings/set-calendar-settings.use-case.js';
import { SetHolidaysUseCase } from './calendar/set-holidays/set-holidays.use-case.js';
import { checkPermitsConfig, PermitsConfig } from './config.js';
import { CreatePermitTypeUseCase } from './permit-types/create-permit-type/create-permit-type.use-case.js';
import { PermitTypeRepository } from './permit-types/permit-type.repository.js';
import { SEED_HOLIDAYS, SEED_PERMIT_TYPES } from './permit-types/seed-catalogue/catalogue-seed.js';
import { SeedCatalogueUseCase } from './permit-types/seed-catalogue/seed-catalogue.use-case.js';

async function main(): Promise<void> {
  const config = checkPermitsConfig(loadConfig('permits', PermitsConfig));
  const dataSource = new DataSource(
    serviceDataSourceOptions({
      url: config.DATABASE_URL,
      schema: SERVICES.permits.schema as string,
      applicationName: 'permits-seed',
      poolSize: 2,
    }),
  );
  await dataSource.initialize();
  try {
    const outbox = new Outbox({ service: 'permits', partitions: config.OUTBOX_PARTITIONS });
    const commands = new IdempotentCommands(dataSource, outbox);
    const permitTypes = new PermitTypeRepository();
    const calendar = new CalendarRepository();
    const seed = new SeedCatalogueUseCase(
      dataSource,
      permitTypes,
      new CreatePermitTypeUseCase(commands, outbox, permitTypes),
      new GetCalendarUseCase(dataSource, calendar, config),
      new SetCalendarSettingsUseCase(commands, outbox, calendar, config),
      new SetHolidaysUseCase(commands, outbox, calendar, config),
    );
    const outcome = await seed.execute({
      permitTypes: SEED_PERMIT_TYPES,
      calendar: calendarDefaults(config),
      holidays: SEED_HOLIDAYS,
    });
    process.stdout.write(`${JSON.stringify(outcome)}\n`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`✖ ${(error as Error).message ?? String(error)}\n`);
  process.exit(1);
});
