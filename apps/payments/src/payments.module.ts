import { Module, type DynamicModule } from '@nestjs/common';
import { SERVICES } from '#contracts';
import { ServicePlatformModule } from '#platform';
import type { PaymentsConfig } from './config.js';

@Module({})
export class PaymentsModule {
  static forRoot(config: PaymentsConfig): DynamicModule {
    return {
      module: PaymentsModule,
      imports: [
        ServicePlatformModule.forRoot({
          descriptor: SERVICES.payments,
          config,
          opsPort: config.PAYMENTS_OPS_PORT,
        }),
      ],
    };
  }
}
