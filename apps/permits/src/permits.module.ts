import { Module, type DynamicModule } from '@nestjs/common';
import { SERVICES } from '#contracts';
import { ServicePlatformModule } from '#platform';
import {
  APPLICATIONS_CONTROLLERS,
  APPLICATIONS_PROVIDERS,
} from './applications/applications.providers.js';
import { CalendarNatsController } from './calendar/calendar.nats.controller.js';
import { CalendarRepository } from './calendar/calendar.repository.js';
import { GetCalendarUseCase } from './calendar/get-calendar/get-calendar.use-case.js';
import { SetCalendarSettingsUseCase } from './calendar/set-calendar-settings/set-calendar-settings.use-case.js';
import { SetHolidaysUseCase } from './calendar/set-holidays/set-holidays.use-case.js';
import { CaseworkModule } from './cases/casework.module.js';
import {
  CERTIFICATES_CONTROLLERS,
  CERTIFICATES_PROVIDERS,
} from './certificates/certificates.providers.js';
import {
  CONVERSATION_CONTROLLERS,
  CONVERSATION_PROVIDERS,
} from './conversation/conversation.providers.js';
import { WorkflowCaseUpdates } from './cases/withdraw-case/case-updates.js';
import { CaseUpdates } from './applications/withdraw-application/case-updates.js';
import type { PermitsConfig } from './config.js';
import { CreatePermitTypeUseCase } from './permit-types/create-permit-type/create-permit-type.use-case.js';
import { GetPermitTypeUseCase } from './permit-types/get-permit-type/get-permit-type.use-case.js';
import { ListPermitTypesUseCase } from './permit-types/list-permit-types/list-permit-types.use-case.js';
import { PermitTypesModule } from './permit-types/permit-types.module.js';
import { PermitTypesNatsController } from './permit-types/permit-types.nats.controller.js';
import { UpdatePermitTypeUseCase } from './permit-types/update-permit-type/update-permit-type.use-case.js';
import { PERMITS_CONFIG } from './permits.tokens.js';
import { WHAT_IF_CONTROLLERS, WHAT_IF_PROVIDERS } from './what-if/what-if.providers.js';

/** The catalogue: permit types as data and the business calendar (docs/permits.md). */
const CATALOGUE_PROVIDERS = [
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
        PermitTypesModule,
        CaseworkModule.forRoot(config),
      ],
      providers: [
        { provide: PERMITS_CONFIG, useValue: config },
        ...CATALOGUE_PROVIDERS,
        ...APPLICATIONS_PROVIDERS,
        ...CONVERSATION_PROVIDERS,
        ...CERTIFICATES_PROVIDERS,
        // A submitted application's withdrawal is an Update of its workflow (the case work).
        { provide: CaseUpdates, useExisting: WorkflowCaseUpdates },
        ...WHAT_IF_PROVIDERS,
      ],
      controllers: [
        PermitTypesNatsController,
        CalendarNatsController,
        ...APPLICATIONS_CONTROLLERS,
        ...CONVERSATION_CONTROLLERS,
        ...CERTIFICATES_CONTROLLERS,
        ...WHAT_IF_CONTROLLERS,
      ],
    };
  }
}
