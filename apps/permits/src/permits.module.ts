import { Module, type DynamicModule } from '@nestjs/common';
import { SERVICES } from '#contracts';
import { ServicePlatformModule } from '#platform';
import { CaseworkModule } from './cases/casework.module.js';
import type { PermitsConfig } from './config.js';

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
        CaseworkModule.forRoot(config),
      ],
    };
  }
}
