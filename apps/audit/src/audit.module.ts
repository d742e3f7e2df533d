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
import { TrailReads } from './log/trail-reads.js';
import { GetCaseState } from './log/get-case-state/get-case-state.use-case.js';
import { GetEntry } from './log/get-entry/get-entry.use-case.js';
import { GetLatestTreeHead } from './log/get-latest-tree-head/get-latest-tree-head.use-case.js';
import { GetTreeHeadOfSize } from './log/get-tree-head-of-size/get-tree-head-of-size.use-case.js';
import { GetTreeRoot } from './log/get-tree-root/get-tree-root.use-case.js';
import { ListEntries } from './log/list-entries/list-entries.use-case.js';
import { ListPublicKeys } from './log/list-public-keys/list-public-keys.use-case.js';
import { ProveConsistency } from './log/prove-consistency/prove-consistency.use-case.js';
import { ProveInclusion } from './log/prove-inclusion/prove-inclusion.use-case.js';
import { ProvePermit } from './log/prove-permit/prove-permit.use-case.js';
import { ReadExportPage } from './log/read-export-page/read-export-page.use-case.js';
import { SignTreeHead } from './log/sign-tree-head/sign-tree-head.use-case.js';

/** The read side's use cases, one per audit pattern. */
const USE_CASES = [
  GetLatestTreeHead,
  SignTreeHead,
  GetTreeHeadOfSize,
  ListPublicKeys,
  GetEntry,
  ListEntries,
  GetCaseState,
  ReadExportPage,
  ProveInclusion,
  ProveConsistency,
  GetTreeRoot,
  ProvePermit,
];

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
        TrailReads,
        ...USE_CASES,
      ],
      controllers: [AuditLogNatsController],
    };
  }
}
