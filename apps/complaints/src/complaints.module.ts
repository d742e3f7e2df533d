import { Module, type DynamicModule } from '@nestjs/common';
import { SERVICES } from '#contracts';
import { ServicePlatformModule } from '#platform';
import { CatalogueRepository } from './catalogue/catalogue.repository.js';
import { ReadCatalogueUseCase } from './catalogue/read-catalogue/read-catalogue.use-case.js';
import { ComplaintsNatsController } from './complaints.nats.controller.js';
import { COMPLAINTS_CONFIG } from './complaints.tokens.js';
import type { ComplaintsConfig } from './config.js';
import { DuplicateRepository } from './duplicates/duplicate.repository.js';
import { ReporterUseCase } from './feedback/reporter.use-case.js';
import { GazetteerRepository } from './gazetteer/gazetteer.repository.js';
import { CreateRequestUseCase } from './requests/create-request/create-request.use-case.js';
import { ReadRequestsUseCase } from './requests/read-requests/read-requests.use-case.js';
import { RequestRepository } from './requests/request.repository.js';
import { StaffUseCase } from './staff/staff.use-case.js';
import { StatsUseCase } from './stats/stats.use-case.js';
import { ComplaintWorkflows } from './workflow/complaint-workflows.js';
import { RecordTransitionUseCase } from './workflow/record-transition/record-transition.use-case.js';
import { StartWorkflowWhenReceived } from './workflow/start-workflow-when-received.js';

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
        CreateRequestUseCase,
        ReadRequestsUseCase,
        ReporterUseCase,
        StaffUseCase,
        StatsUseCase,
        RecordTransitionUseCase,
      ],
      controllers: [ComplaintsNatsController, StartWorkflowWhenReceived],
    };
  }
}
