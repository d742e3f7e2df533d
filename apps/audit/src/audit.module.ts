import { Module, type DynamicModule } from '@nestjs/common';
import { SERVICES } from '#contracts';
import { ServicePlatformModule } from '#platform';
import type { AuditConfig } from './config.js';

@Module({})
export class AuditModule {
  static forRoot(config: AuditConfig): DynamicModule {
    return {
      module: AuditModule,
      imports: [
        ServicePlatformModule.forRoot({
          descriptor: SERVICES.audit,
          config,
          opsPort: config.AUDIT_OPS_PORT,
        }),
      ],
    };
  }
}
