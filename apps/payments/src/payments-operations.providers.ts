import { AdjustmentRepository } from './adjustments/adjustment.repository.js';
import { AdjustmentsNatsController } from './adjustments/adjustments.nats.controller.js';
import { ApproveAdjustmentUseCase } from './adjustments/approve-adjustment/approve-adjustment.use-case.js';
import { GetAdjustmentUseCase } from './adjustments/get-adjustment/get-adjustment.use-case.js';
import { ListAdjustmentsUseCase } from './adjustments/list-adjustments/list-adjustments.use-case.js';
import { ProposeAdjustmentUseCase } from './adjustments/propose-adjustment/propose-adjustment.use-case.js';
import { RejectAdjustmentUseCase } from './adjustments/reject-adjustment/reject-adjustment.use-case.js';
import { FileStorageShutdown } from './file-storage.provider.js';
import { ReceiptPdfNatsController } from './receipts/receipt-pdf.nats.controller.js';
import { RenderReceiptPdfUseCase } from './receipts/render-receipt-pdf/render-receipt-pdf.use-case.js';
import { GetDiscrepancyUseCase } from './reconciliation/get-discrepancy/get-discrepancy.use-case.js';
import { GetSettlementReportUseCase } from './reconciliation/get-settlement-report/get-settlement-report.use-case.js';
import { ImportSettlementReportUseCase } from './reconciliation/import-settlement-report/import-settlement-report.use-case.js';
import { ListDiscrepanciesUseCase } from './reconciliation/list-discrepancies/list-discrepancies.use-case.js';
import { ListSettlementReportsUseCase } from './reconciliation/list-settlement-reports/list-settlement-reports.use-case.js';
import { ReconciliationNatsController } from './reconciliation/reconciliation.nats.controller.js';
import { ReconciliationRepository } from './reconciliation/reconciliation.repository.js';
import { ResolveDiscrepancyUseCase } from './reconciliation/resolve-discrepancy/resolve-discrepancy.use-case.js';
import { CounterPayouts } from './refunds/counter-payouts.js';
import { CreateRefundUseCase } from './refunds/create-refund/create-refund.use-case.js';
import { GetRefundUseCase } from './refunds/get-refund/get-refund.use-case.js';
import { ListRefundsUseCase } from './refunds/list-refunds/list-refunds.use-case.js';
import { PayoutRefundUseCase } from './refunds/payout-refund/payout-refund.use-case.js';
import { RefundRecordsRepository } from './refunds/refund-records.repository.js';
import { RefundsNatsController } from './refunds/refunds.nats.controller.js';
import { ListStaffInvoicesUseCase } from './staff-views/list-staff-invoices/list-staff-invoices.use-case.js';
import { ListStaffPaymentsUseCase } from './staff-views/list-staff-payments/list-staff-payments.use-case.js';
import { StaffViewsNatsController } from './staff-views/staff-views.nats.controller.js';
import { StaffViewsRepository } from './staff-views/staff-views.repository.js';
import { CloseTillUseCase } from './tills/close-till/close-till.use-case.js';
import { GetTillSessionUseCase } from './tills/get-till-session/get-till-session.use-case.js';
import { ListTillSessionsUseCase } from './tills/list-till-sessions/list-till-sessions.use-case.js';
import { OpenTillUseCase } from './tills/open-till/open-till.use-case.js';
import { RecordCounterPaymentUseCase } from './tills/record-counter-payment/record-counter-payment.use-case.js';
import { TillRepository } from './tills/till.repository.js';
import { TillsNatsController } from './tills/tills.nats.controller.js';

/*
 * The payments service's operations beyond the core (docs/payments.md): refunds asked by
 * cashiers and workflows, counter tills, waivers and adjustments, reconciliation, staff views
 * and receipt PDFs. Wired into PaymentsModule beside the core's providers.
 */

export const OPERATIONS_REPOSITORIES = [
  RefundRecordsRepository,
  TillRepository,
  AdjustmentRepository,
  ReconciliationRepository,
  StaffViewsRepository,
];

export const OPERATIONS_USE_CASES = [
  CounterPayouts,
  CreateRefundUseCase,
  PayoutRefundUseCase,
  GetRefundUseCase,
  ListRefundsUseCase,
  OpenTillUseCase,
  CloseTillUseCase,
  GetTillSessionUseCase,
  ListTillSessionsUseCase,
  RecordCounterPaymentUseCase,
  ProposeAdjustmentUseCase,
  ApproveAdjustmentUseCase,
  RejectAdjustmentUseCase,
  GetAdjustmentUseCase,
  ListAdjustmentsUseCase,
  ImportSettlementReportUseCase,
  ListSettlementReportsUseCase,
  GetSettlementReportUseCase,
  ListDiscrepanciesUseCase,
  GetDiscrepancyUseCase,
  ResolveDiscrepancyUseCase,
  ListStaffInvoicesUseCase,
  ListStaffPaymentsUseCase,
  RenderReceiptPdfUseCase,
  FileStorageShutdown,
];

export const OPERATIONS_CONTROLLERS = [
  RefundsNatsController,
  TillsNatsController,
  AdjustmentsNatsController,
  ReconciliationNatsController,
  StaffViewsNatsController,
  ReceiptPdfNatsController,
];
