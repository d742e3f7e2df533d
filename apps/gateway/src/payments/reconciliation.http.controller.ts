import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  DiscrepanciesPage,
  DiscrepancyView,
  ListDiscrepanciesRequest,
  ListSettlementReportsRequest,
  PAYMENTS_DISCREPANCY_GET,
  PAYMENTS_DISCREPANCY_LIST,
  PAYMENTS_DISCREPANCY_RESOLVE,
  PAYMENTS_RECONCILIATION_IMPORT,
  PAYMENTS_RECONCILIATION_REPORT_GET,
  PAYMENTS_RECONCILIATION_REPORT_LIST,
  ResolveDiscrepancyBody,
  SettlementReportImport,
  SettlementReportsPage,
} from '#contracts';
import { NatsBus } from '#platform';
import { Roles } from '../access/access.decorators.js';
import { ServiceRefusalsFilter } from '../access/service-refusals.filter.js';
import { ProblemResponses } from '../http/problem-responses.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import type { ReceivedFile } from '../uploads/receive-upload.js';
import { StoredUpload, UploadFile } from '../uploads/upload-file.decorator.js';
import { ID_PARAM, uuidParam } from './payments.dto.js';
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
      "Roles: cashier. The file is streamed into file storage (kept under its SHA-256) and payments imports it from there: each line matched against the ledger by the provider's reference (amount, currency, fee), and the successes of the report's days that it lacks; the answer is the import, with how many lines matched and how many discrepancies it found (`GET /api/v1/reconciliation/discrepancies?reportId=`). The same file imported again is the same import. 422 `PAYMENTS.SETTLEMENT_REPORT_INVALID`: not the provider's settlement CSV (`errors` names the line), or a provider without one.",
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

  @Get('reports')
  @Roles('cashier', 'auditor')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'The settlement reports imported, newest first',
    description:
      'Roles: cashier, auditor. Filters: `from` and `to` on when it was imported. Cursor pagination: pass `nextCursor` as `cursor`.',
  })
  @ApiResponse({ status: 200, type: SettlementReportsPage })
  @ProblemResponses(401, 403, 422, 503, 504)
  reports(@Query() query: ListSettlementReportsRequest): Promise<SettlementReportsPage> {
    return this.nats.client.request(PAYMENTS_RECONCILIATION_REPORT_LIST, query);
  }

  @Get('reports/:id')
  @Roles('cashier', 'auditor')
  @ApiBearerAuth()
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'An imported settlement report',
    description: 'Roles: cashier, auditor.',
  })
  @ApiResponse({ status: 200, type: SettlementReportImport })
  @ProblemResponses(401, 403, 404, 422, 503, 504)
  report(@Param('id', uuidParam('id')) id: string): Promise<SettlementReportImport> {
    return this.nats.client.request(PAYMENTS_RECONCILIATION_REPORT_GET, { reportId: id });
  }

  @Get('discrepancies')
  @Roles('cashier', 'auditor')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Discrepancies between settlement reports and the ledger, newest first',
    description:
      "Roles: cashier, auditor. `status=open` is the cashiers' queue. Filters: `status`, `kind`, `reportId`, `from` and `to` on when it was found. Cursor pagination: pass `nextCursor` as `cursor`.",
  })
  @ApiResponse({ status: 200, type: DiscrepanciesPage })
  @ProblemResponses(401, 403, 422, 503, 504)
  discrepancies(@Query() query: ListDiscrepanciesRequest): Promise<DiscrepanciesPage> {
    return this.nats.client.request(PAYMENTS_DISCREPANCY_LIST, query);
  }

  @Get('discrepancies/:id')
  @Roles('cashier', 'auditor')
  @ApiBearerAuth()
  @ApiParam(ID_PARAM)
  @ApiOperation({ summary: 'A discrepancy', description: 'Roles: cashier, auditor.' })
  @ApiResponse({ status: 200, type: DiscrepancyView })
  @ProblemResponses(401, 403, 404, 422, 503, 504)
  discrepancy(@Param('id', uuidParam('id')) id: string): Promise<DiscrepancyView> {
    return this.nats.client.request(PAYMENTS_DISCREPANCY_GET, { discrepancyId: id });
  }

  @Post('discrepancies/:id/resolve')
  @Roles('cashier')
  @Idempotent('required')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Resolve a discrepancy with a note',
    description:
      'Roles: cashier. The note says what was found and done (kept by payments, never in an event). 409 `PAYMENTS.DISCREPANCY_RESOLVED` once resolved.',
  })
  @ApiResponse({ status: 200, type: DiscrepancyView })
  @ProblemResponses(400, 401, 403, 404, 409, 413, 415, 422, 503, 504)
  resolve(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: ResolveDiscrepancyBody,
  ): Promise<DiscrepancyView> {
    return this.nats.client.request(PAYMENTS_DISCREPANCY_RESOLVE, { ...body, discrepancyId: id });
  }
}
