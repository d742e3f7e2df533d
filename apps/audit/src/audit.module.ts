import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SERVICES } from '#contracts';
import { ServicePlatformModule } from '#platform';
import { AUDIT_CONFIG } from './audit.tokens.js';
import type { AuditConfig } from './config.js';
import { AuditIngestor } from './log/audit-ingestor.js';
import { AuditLogRepository } from './log/audit-log.repository.js';
import { AuditLogNatsController } from './log/audit-log.nats.controller.js';
import { TreeHeadSigner } from './log/tree-head.signer.js';

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
          ...(config.AUDIT_DATABASE_ROLE ? { databaseRole: config.AUDIT_DATABASE_ROLE } : {}),
        }),
      ],
      providers: [
        { provide: AUDIT_CONFIG, useValue: config },
        {
          provide: AuditLogRepository,
          useFactory: (ds: DataSource) => new AuditLogRepository(ds),
          inject: [DataSource],
        },
        TreeHeadSigner,
        AuditIngestor,
      ],
      controllers: [AuditLogNatsController],
    };
  }
}
