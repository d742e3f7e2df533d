import { Module, type DynamicModule } from '@nestjs/common';
import { SERVICES } from '#contracts';
import { ServicePlatformModule } from '#platform';
import { CalendarNatsController } from './calendar/calendar.nats.controller.js';
import { CalendarRepository } from './calendar/calendar.repository.js';
import { GetCalendarUseCase } from './calendar/get-calendar/get-calendar.use-case.js';
import { SetCalendarSettingsUseCase } from './calendar/set-calendar-settings/set-calendar-settings.use-case.js';
import { SetHolidaysUseCase } from './calendar/set-holidays/set-holidays.use-case.js';
import type { PermitsConfig } from './config.js';
import { CreatePermitTypeUseCase } from './permit-types/create-permit-type/create-permit-type.use-case.js';
import { GetPermitTypeUseCase } from './permit-types/get-permit-type/get-permit-type.use-case.js';
import { ListPermitTypesUseCase } from './permit-types/list-permit-types/list-permit-types.use-case.js';
import { PermitTypeRepository } from './permit-types/permit-type.repository.js';
import { PermitTypesNatsController } from './permit-types/permit-types.nats.controller.js';
import { UpdatePermitTypeUseCase } from './permit-types/update-permit-type/update-permit-type.use-case.js';
import { PERMITS_CONFIG } from './permits.tokens.js';

/** The catalogue: permit types as data and the business calendar (docs/permits.md). */
const CATALOGUE_PROVIDERS = [
  PermitTypeRepository,
  CalendarRepository,
  ListPermitTypesUseCase,
  GetPermitTypeUseCase,
  CreatePermitTypeUseCase,
  UpdatePermitTypeUseCase,
  GetCalendarUseCase,
  SetHolidaysUseCase,
  SetCalendarSettingsUseCase,
];

@Module({})
export class PermitsModule {
  static forRoot(config: PermitsConfig): DynamicModule {
    return {
      module: PermitsModule,
      imports: [
        ServicePlatformModule.forRoot({
          descriptor: SERVICES.permits,
          config,
          opsPort: config.PERMITS_OPS_PORT,
        }),
      ],
      providers: [{ provide: PERMITS_CONFIG, useValue: config }, ...CATALOGUE_PROVIDERS],
      controllers: [PermitTypesNatsController, CalendarNatsController],
    };
  }
}
