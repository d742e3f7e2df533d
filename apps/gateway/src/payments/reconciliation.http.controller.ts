import { Body, Controller, HttpCode, Post, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PAYMENTS_RECONCILIATION_IMPORT, SettlementReportImport } from '#contracts';
import { NatsBus } from '#platform';
import { Roles } from '../access/access.decorators.js';
import { ServiceRefusalsFilter } from '../access/service-refusals.filter.js';
import { ProblemResponses } from '../http/problem-responses.js';
import type { ReceivedFile } from '../uploads/receive-upload.js';
import { StoredUpload, UploadFile } from '../uploads/upload-file.decorator.js';
import { SettlementReportUploadForm } from './reconciliation.dto.js';

/** Where uploaded settlement reports are kept in file storage. */
export const SETTLEMENT_REPORTS = {
  field: 'file',
  prefix: 'reconciliation/reports',
  contentTypes: ['text/csv'],
} as const;

/** Reconciliation of the providers' settlement reports, answered by payments over NATS. */
@ApiTags('payments')
@Controller('api/v1/reconciliation')
@UseFilters(ServiceRefusalsFilter)
export class ReconciliationHttpController {
  constructor(private readonly nats: NatsBus) {}

  @Post('reports')
  @HttpCode(201)
  @Roles('cashier')
  @UploadFile(SETTLEMENT_REPORTS, { form: SettlementReportUploadForm, idempotency: 'optional' })
  @ApiBearerAuth()
  @ApiOperation({
    summary: "Import a provider's settlement report (a CSV file)",
    description:
      'Roles: cashier. The file is streamed into file storage (kept under its SHA-256) and payments imports it from there; the answer is the import. The same file imported again is the same import.',
  })
  @ApiResponse({ status: 201, type: SettlementReportImport })
  @ProblemResponses(401, 403, 422, 504)
  importReport(
    @Body() form: SettlementReportUploadForm,
    @StoredUpload() file: ReceivedFile,
  ): Promise<SettlementReportImport> {
    return this.nats.client.request(PAYMENTS_RECONCILIATION_IMPORT, {
      fileKey: file.key,
      sha256: file.sha256,
      size: file.size,
      fileName: file.fileName,
      provider: form.provider,
    });
  }
}
