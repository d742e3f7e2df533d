import { Module, type DynamicModule } from '@nestjs/common';
import { SERVICES } from '#contracts';
import { ServicePlatformModule } from '#platform';
import { ApplicationCasesRepository } from './applications/application-cases.repository.js';
import { CountApplicationsWhenPermitsEvents } from './applications/count-applications.events.js';
import { ComplaintCasesRepository } from './complaints/complaint-cases.repository.js';
import { CountComplaintsWhenComplaintsEvents } from './complaints/count-complaints.events.js';
import type { InsightsConfig } from './config.js';
import { FiguresNatsController } from './figures/figures.nats.controller.js';
import { FiguresRepository } from './figures/figures.repository.js';
import { ReadDashboard } from './figures/read-dashboard/read-dashboard.use-case.js';
import { ReadOpenData } from './figures/read-open-data/read-open-data.use-case.js';
import { INSIGHTS_CONFIG } from './insights.tokens.js';
import { CountPaymentsWhenPaymentSucceeded } from './payments/count-payments.events.js';
import { PaymentsMonthlyRepository } from './payments/payments-monthly.repository.js';

/**
 * The transparency read model: consumes the permits, complaints and payments streams (one
 * durable consumer `insights` per stream, through its inbox) into its own schema, and answers
 * the public dashboard and open data.
 */
@Module({})
export class InsightsModule {
  static forRoot(config: InsightsConfig): DynamicModule {
    return {
      module: InsightsModule,
      imports: [
        ServicePlatformModule.forRoot({
          descriptor: SERVICES.insights,
          config,
          opsPort: config.INSIGHTS_OPS_PORT,
        }),
      ],
      providers: [
        { provide: INSIGHTS_CONFIG, useValue: config },
        ApplicationCasesRepository,
        ComplaintCasesRepository,
        PaymentsMonthlyRepository,
        FiguresRepository,
        ReadDashboard,
        ReadOpenData,
      ],
      controllers: [
        CountApplicationsWhenPermitsEvents,
        CountComplaintsWhenComplaintsEvents,
        CountPaymentsWhenPaymentSucceeded,
        FiguresNatsController,
      ],
    };
  }
}
