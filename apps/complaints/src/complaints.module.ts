import { Module, type DynamicModule } from '@nestjs/common';
import { SERVICES } from '#contracts';
import { ServicePlatformModule } from '#platform';
import type { ComplaintsConfig } from './config.js';

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
    };
  }
}
