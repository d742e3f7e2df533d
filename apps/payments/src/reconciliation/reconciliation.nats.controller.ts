import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  GetDiscrepancyRequest,
  GetSettlementReportRequest,
  ImportSettlementReportRequest,
  ListDiscrepanciesRequest,
  ListSettlementReportsRequest,
  PAYMENTS_DISCREPANCY_GET,
  PAYMENTS_DISCREPANCY_LIST,
  PAYMENTS_DISCREPANCY_RESOLVE,
  PAYMENTS_RECONCILIATION_IMPORT,
  PAYMENTS_RECONCILIATION_REPORT_GET,
  PAYMENTS_RECONCILIATION_REPORT_LIST,
  ResolveDiscrepancyRequest,
  type RpcReply,
} from '#contracts';
import { requestUser } from '../nats-actor.js';
import { GetDiscrepancyUseCase } from './get-discrepancy/get-discrepancy.use-case.js';
import { GetSettlementReportUseCase } from './get-settlement-report/get-settlement-report.use-case.js';
import { ImportSettlementReportUseCase } from './import-settlement-report/import-settlement-report.use-case.js';
import { ListDiscrepanciesUseCase } from './list-discrepancies/list-discrepancies.use-case.js';
import { ListSettlementReportsUseCase } from './list-settlement-reports/list-settlement-reports.use-case.js';
import { ResolveDiscrepancyUseCase } from './resolve-discrepancy/resolve-discrepancy.use-case.js';

/** The reconciliation patterns, each mapped to its use case, nothing more. */
@Controller()
export class ReconciliationNatsController {
  constructor(
    private readonly importReport: ImportSettlementReportUseCase,
    private readonly listReports: ListSettlementReportsUseCase,
    private readonly getReport: GetSettlementReportUseCase,
    private readonly listDiscrepancies: ListDiscrepanciesUseCase,
    private readonly getDiscrepancy: GetDiscrepancyUseCase,
    private readonly resolveDiscrepancy: ResolveDiscrepancyUseCase,
  ) {}

  @MessagePattern(PAYMENTS_RECONCILIATION_IMPORT)
  import(
    @Payload() request: ImportSettlementReportRequest,
  ): Promise<RpcReply<typeof PAYMENTS_RECONCILIATION_IMPORT>> {
    return this.importReport.execute({ ...request, user: requestUser() });
  }

  @MessagePattern(PAYMENTS_RECONCILIATION_REPORT_LIST)
  reports(
    @Payload() request: ListSettlementReportsRequest,
  ): Promise<RpcReply<typeof PAYMENTS_RECONCILIATION_REPORT_LIST>> {
    return this.listReports.execute({ ...request, user: requestUser() });
  }

  @MessagePattern(PAYMENTS_RECONCILIATION_REPORT_GET)
  report(
    @Payload() request: GetSettlementReportRequest,
  ): Promise<RpcReply<typeof PAYMENTS_RECONCILIATION_REPORT_GET>> {
    return this.getReport.execute({ ...request, user: requestUser() });
  }

  @MessagePattern(PAYMENTS_DISCREPANCY_LIST)
  discrepancies(
    @Payload() request: ListDiscrepanciesRequest,
  ): Promise<RpcReply<typeof PAYMENTS_DISCREPANCY_LIST>> {
    return this.listDiscrepancies.execute({ ...request, user: requestUser() });
  }

  @MessagePattern(PAYMENTS_DISCREPANCY_GET)
  discrepancy(
    @Payload() request: GetDiscrepancyRequest,
  ): Promise<RpcReply<typeof PAYMENTS_DISCREPANCY_GET>> {
    return this.getDiscrepancy.execute({ ...request, user: requestUser() });
  }

  @MessagePattern(PAYMENTS_DISCREPANCY_RESOLVE)
  resolve(
    @Payload() request: ResolveDiscrepancyRequest,
  ): Promise<RpcReply<typeof PAYMENTS_DISCREPANCY_RESOLVE>> {
    return this.resolveDiscrepancy.execute({ ...request, user: requestUser() });
  }
}
