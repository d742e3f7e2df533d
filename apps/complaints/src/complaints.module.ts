import { Module, type DynamicModule } from '@nestjs/common';
import { SERVICES } from '#contracts';
import { ServicePlatformModule } from '#platform';
import { CatalogueRepository } from './catalogue/catalogue.repository.js';
import { ReadCatalogueUseCase } from './catalogue/read-catalogue/read-catalogue.use-case.js';
import { CatalogueNatsController } from './catalogue/catalogue.nats.controller.js';
import { EditCatalogueUseCase } from './catalogue/edit-catalogue/edit-catalogue.use-case.js';
import { COMPLAINTS_CONFIG } from './complaints.tokens.js';
import type { ComplaintsConfig } from './config.js';
import { DuplicateRepository } from './duplicates/duplicate.repository.js';
import { ReporterNatsController } from './feedback/reporter.nats.controller.js';
import { ReporterUseCase } from './feedback/reporter.use-case.js';
import { GazetteerRepository } from './gazetteer/gazetteer.repository.js';
import { ReadCityMapUseCase } from './gazetteer/read-city-map/read-city-map.use-case.js';
import { CreateRequestUseCase } from './requests/create-request/create-request.use-case.js';
import { ReadMediaUseCase } from './requests/read-media/read-media.use-case.js';
import { ReadRequestsUseCase } from './requests/read-requests/read-requests.use-case.js';
import { RequestRepository } from './requests/request.repository.js';
import { RequestsNatsController } from './requests/requests.nats.controller.js';
import { AddNoteUseCase } from './staff/add-note/add-note.use-case.js';
import { AssignCaseUseCase } from './staff/assign-case/assign-case.use-case.js';
import { ChangeStatusUseCase } from './staff/change-status/change-status.use-case.js';
import { ConfirmDuplicateUseCase } from './staff/confirm-duplicate/confirm-duplicate.use-case.js';
import { DismissDuplicateUseCase } from './staff/dismiss-duplicate/dismiss-duplicate.use-case.js';
import { ModerateCaseUseCase } from './staff/moderate-case/moderate-case.use-case.js';
import { PublicUpdates } from './staff/public-updates.js';
import { ReadCasesUseCase } from './staff/read-cases/read-cases.use-case.js';
import { StaffNatsController } from './staff/staff.nats.controller.js';
import { StatsUseCase } from './stats/stats.use-case.js';
import { ComplaintWorkflows } from './workflow/complaint-workflows.js';
import { RecordTransitionUseCase } from './workflow/record-transition/record-transition.use-case.js';
import { StartWorkflowWhenReceived } from './workflow/start-workflow-when-received.js';
import { TransitionsNatsController } from './workflow/transitions.nats.controller.js';

@Module({})
export class ComplaintsModule {
  static forRoot(config: ComplaintsConfig): DynamicModule {
    return {
      module: ComplaintsModule,
      imports: [
        ServicePlatformModule.forRoot({
          descriptor: SERVICES.complaints,
          config,
          opsPort: config.COMPLAINTS_OPS_PORT,
        }),
      ],
      providers: [
        { provide: COMPLAINTS_CONFIG, useValue: config },
        CatalogueRepository,
        GazetteerRepository,
        RequestRepository,
        DuplicateRepository,
        ComplaintWorkflows,
        ReadCatalogueUseCase,
        ReadCityMapUseCase,
        EditCatalogueUseCase,
        CreateRequestUseCase,
        ReadRequestsUseCase,
        ReadMediaUseCase,
        ReporterUseCase,
        PublicUpdates,
        ReadCasesUseCase,
        AssignCaseUseCase,
        ChangeStatusUseCase,
        AddNoteUseCase,
        ModerateCaseUseCase,
        ConfirmDuplicateUseCase,
        DismissDuplicateUseCase,
        StatsUseCase,
        RecordTransitionUseCase,
      ],
      controllers: [
        CatalogueNatsController,
        RequestsNatsController,
        ReporterNatsController,
        StaffNatsController,
        TransitionsNatsController,
        StartWorkflowWhenReceived,
      ],
    };
  }
}
