import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { SERVICES } from '#contracts';
import { ServicePlatformModule } from '#platform';
import { AcceptingFileScanner, FileScanner } from '#storage';
import { AccessRefusals } from './access/access-refusals.js';
import { AuditHttpController } from './audit/audit.http.controller.js';
import {
  ComplaintFormInterceptor,
  ComplaintFormReceiver,
} from './complaints/complaint-form.interceptor.js';
import { ComplaintsCatalogueHttpController } from './complaints/complaints-catalogue.http.controller.js';
import { ComplaintsStaffHttpController } from './complaints/complaints-staff.http.controller.js';
import { ComplaintsHttpController } from './complaints/complaints.http.controller.js';
import { PermitProofsHttpController } from './audit/permit-proofs.http.controller.js';
import { AccessGuard } from './access/access.guard.js';
import type { GatewayConfig } from './config.js';
import { GATEWAY_CONFIG } from './gateway.tokens.js';
import { IdempotencyKeyGuard } from './idempotency/idempotency-key.guard.js';
import { IdempotencyStore } from './idempotency/idempotency.store.js';
import { IdentityModule } from './identity/identity.module.js';
import { Open311Module } from './open311/open311.module.js';
import { PaymentWebhooksHttpController } from './payments/payment-webhooks.http.controller.js';
import { PaymentsHttpController } from './payments/payments.http.controller.js';
import { ReconciliationHttpController } from './payments/reconciliation.http.controller.js';
import { AdjustmentsHttpController } from './payments/adjustments.http.controller.js';
import { RefundsHttpController } from './payments/refunds.http.controller.js';
import { StaffViewsHttpController } from './payments/staff-views.http.controller.js';
import { TillsHttpController } from './payments/tills.http.controller.js';
import { CaseworkHttpController } from './permits/casework.http.controller.js';
import { ConditionsHttpController } from './permits/conditions.http.controller.js';
import { CertificatesHttpController } from './permits/certificates.http.controller.js';
import { ConversationHttpController } from './permits/conversation.http.controller.js';
import { Inspectors } from './permits/inspectors.js';
import { InspectionsHttpController } from './permits/inspections.http.controller.js';
import { ApplicationsHttpController } from './permits/applications.http.controller.js';
import { DocumentUploadInterceptor } from './permits/document-upload.interceptor.js';
import { DocumentsHttpController } from './permits/documents.http.controller.js';
import { AssistedFilingHttpController } from './permits/assisted-filing.http.controller.js';
import { OnBehalfGuard } from './permits/on-behalf.guard.js';
import { CalendarHttpController } from './permits/calendar.http.controller.js';
import { PermitTypesHttpController } from './permits/permit-types.http.controller.js';
import { PermitLifeHttpController } from './permits/permit-life.http.controller.js';
import { WhatIfHttpController } from './permits/what-if.http.controller.js';
import { InsightsHttpController } from './insights/insights.http.controller.js';
import { ServiceStatusHttpController } from './status/service-status.http.controller.js';
import { StatusHttpController } from './status/status.http.controller.js';
import { FileStorageShutdown, fileStorageProvider } from './uploads/file-storage.provider.js';
import { UploadToStorageInterceptor } from './uploads/upload-to-storage.interceptor.js';

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      global: true,
      imports: [
        ServicePlatformModule.forRoot({
          descriptor: SERVICES.gateway,
          config,
          opsPort: config.GATEWAY_OPS_PORT,
        }),
        IdentityModule.forRoot(config),
        Open311Module,
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        // Deny by default: every route passes the access check of its declared policy.
        { provide: APP_GUARD, useClass: AccessGuard },
        // Then the form of an Idempotency-Key (routes declare whether they take one).
        { provide: APP_GUARD, useClass: IdempotencyKeyGuard },
        AccessRefusals,
        OnBehalfGuard,
        IdempotencyStore,
        // Uploads are streamed into file storage (local directory or S3-compatible).
        fileStorageProvider(config),
        FileStorageShutdown,
        UploadToStorageInterceptor,
        Inspectors,
        // Documents pass the scanning hook (the default accepts every file).
        { provide: FileScanner, useClass: AcceptingFileScanner },
        DocumentUploadInterceptor,
        ComplaintFormReceiver,
        ComplaintFormInterceptor,
      ],
      // The Open311 module takes reports with a photo as the REST route does.
      exports: [GATEWAY_CONFIG, IdempotencyStore, ComplaintFormReceiver],
      controllers: [
        StatusHttpController,
        ServiceStatusHttpController,
        AuditHttpController,
        PermitProofsHttpController,
        InsightsHttpController,
        PaymentsHttpController,
        PaymentWebhooksHttpController,
        ReconciliationHttpController,
        RefundsHttpController,
        TillsHttpController,
        AdjustmentsHttpController,
        StaffViewsHttpController,
        CaseworkHttpController,
        ConditionsHttpController,
        InspectionsHttpController,
        ApplicationsHttpController,
        PermitLifeHttpController,
        DocumentsHttpController,
        AssistedFilingHttpController,
        PermitTypesHttpController,
        CalendarHttpController,
        ConversationHttpController,
        CertificatesHttpController,
        ComplaintsCatalogueHttpController,
        ComplaintsHttpController,
        ComplaintsStaffHttpController,
        WhatIfHttpController,
      ],
    };
  }
}
