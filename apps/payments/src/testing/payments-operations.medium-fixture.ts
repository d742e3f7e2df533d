import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { RequestActor } from '#contracts';
import { IdempotentCommands } from '#platform';
import { LocalFileStorage } from '#storage';
import type { MediumDatabase } from '#testing';
import { AdjustmentRepository } from '../adjustments/adjustment.repository.js';
import { ApproveAdjustmentUseCase } from '../adjustments/approve-adjustment/approve-adjustment.use-case.js';
import { GetAdjustmentUseCase } from '../adjustments/get-adjustment/get-adjustment.use-case.js';
import { ListAdjustmentsUseCase } from '../adjustments/list-adjustments/list-adjustments.use-case.js';
import { ProposeAdjustmentUseCase } from '../adjustments/propose-adjustment/propose-adjustment.use-case.js';
import { RejectAdjustmentUseCase } from '../adjustments/reject-adjustment/reject-adjustment.use-case.js';
import { RenderReceiptPdfUseCase } from '../receipts/render-receipt-pdf/render-receipt-pdf.use-case.js';
import { GetDiscrepancyUseCase } from '../reconciliation/get-discrepancy/get-discrepancy.use-case.js';
import { GetSettlementReportUseCase } from '../reconciliation/get-settlement-report/get-settlement-report.use-case.js';
import { ImportSettlementReportUseCase } from '../reconciliation/import-settlement-report/import-settlement-report.use-case.js';
import { ListDiscrepanciesUseCase } from '../reconciliation/list-discrepancies/list-discrepancies.use-case.js';
import { ListSettlementReportsUseCase } from '../reconciliation/list-settlement-reports/list-settlement-reports.use-case.js';
import { ReconciliationRepository } from '../reconciliation/reconciliation.repository.js';
import { ResolveDiscrepancyUseCase } from '../reconciliation/resolve-discrepancy/resolve-discrepancy.use-case.js';
import { CounterPayouts } from '../refunds/counter-payouts.js';
import { CreateRefundUseCase } from '../refunds/create-refund/create-refund.use-case.js';
import { GetRefundUseCase } from '../refunds/get-refund/get-refund.use-case.js';
import { ListRefundsUseCase } from '../refunds/list-refunds/list-refunds.use-case.js';
import { PayoutRefundUseCase } from '../refunds/payout-refund/payout-refund.use-case.js';
import { RefundRecordsRepository } from '../refunds/refund-records.repository.js';
import { ListStaffInvoicesUseCase } from '../staff-views/list-staff-invoices/list-staff-invoices.use-case.js';
import { ListStaffPaymentsUseCase } from '../staff-views/list-staff-payments/list-staff-payments.use-case.js';
import { StaffViewsRepository } from '../staff-views/staff-views.repository.js';
import { CloseTillUseCase } from '../tills/close-till/close-till.use-case.js';
import { GetTillSessionUseCase } from '../tills/get-till-session/get-till-session.use-case.js';
import { ListTillSessionsUseCase } from '../tills/list-till-sessions/list-till-sessions.use-case.js';
import { OpenTillUseCase } from '../tills/open-till/open-till.use-case.js';
import { RecordCounterPaymentUseCase } from '../tills/record-counter-payment/record-counter-payment.use-case.js';
import { TillRepository } from '../tills/till.repository.js';
import type { IssueInvoice } from '../invoices/issue-invoice/issue-invoice.use-case.js';
import {
  aUser,
  anInvoice,
  paymentsUseCases,
  type MEDIUM_PAYMENTS_SETTINGS,
} from './payments.medium-fixture.js';

/**
 * The core's use cases (`paymentsUseCases`) and the operations' (refunds, tills, adjustments,
 * reconciliation, staff views, receipt PDFs), wired by hand on a medium database as the Nest
 * module wires them, with the stand-in provider and a file storage in a fresh temporary folder.
 */
export function operationsUseCases(
  db: MediumDatabase,
  settings: Partial<typeof MEDIUM_PAYMENTS_SETTINGS> = {},
) {
  const core = paymentsUseCases(db, settings);
  const { config, outcomes, calls } = core;
  const { invoices, payments, intents, refunds, ledger, receipts } = core.repositories;
  const commands = new IdempotentCommands(db.dataSource, db.outbox);
  const storage = new LocalFileStorage(mkdtempSync(join(tmpdir(), 'civic-medium-files-')));
  const records = new RefundRecordsRepository();
  const tills = new TillRepository();
  const adjustments = new AdjustmentRepository();
  const reconciliation = new ReconciliationRepository();
  const views = new StaffViewsRepository();
  const payouts = new CounterPayouts(tills, records, outcomes);
  return {
    ...core,
    storage,
    repositories: { ...core.repositories, records, tills, adjustments, reconciliation, views },
    createRefund: new CreateRefundUseCase(
      db.dataSource,
      commands,
      db.outbox,
      payments,
      refunds,
      records,
      intents,
      calls,
      payouts,
    ),
    payoutRefund: new PayoutRefundUseCase(
      db.dataSource,
      commands,
      payments,
      refunds,
      records,
      payouts,
    ),
    getRefund: new GetRefundUseCase(db.dataSource, records),
    listRefunds: new ListRefundsUseCase(db.dataSource, records),
    openTill: new OpenTillUseCase(commands, db.outbox, tills, config),
    closeTill: new CloseTillUseCase(commands, db.outbox, tills, ledger),
    getTill: new GetTillSessionUseCase(db.dataSource, tills),
    listTills: new ListTillSessionsUseCase(db.dataSource, tills),
    recordCounterPayment: new RecordCounterPaymentUseCase(
      db.dataSource,
      commands,
      tills,
      invoices,
      payments,
      outcomes,
      config,
    ),
    proposeAdjustment: new ProposeAdjustmentUseCase(commands, db.outbox, invoices, adjustments),
    approveAdjustment: new ApproveAdjustmentUseCase(
      commands,
      db.outbox,
      invoices,
      adjustments,
      ledger,
    ),
    rejectAdjustment: new RejectAdjustmentUseCase(commands, db.outbox, invoices, adjustments),
    getAdjustment: new GetAdjustmentUseCase(db.dataSource, adjustments),
    listAdjustments: new ListAdjustmentsUseCase(db.dataSource, adjustments),
    importReport: new ImportSettlementReportUseCase(
      db.dataSource,
      commands,
      db.outbox,
      storage,
      reconciliation,
    ),
    listReports: new ListSettlementReportsUseCase(db.dataSource, reconciliation),
    getReport: new GetSettlementReportUseCase(db.dataSource, reconciliation),
    listDiscrepancies: new ListDiscrepanciesUseCase(db.dataSource, reconciliation),
    getDiscrepancy: new GetDiscrepancyUseCase(db.dataSource, reconciliation),
    resolveDiscrepancy: new ResolveDiscrepancyUseCase(commands, db.outbox, reconciliation),
    listStaffInvoices: new ListStaffInvoicesUseCase(db.dataSource, views, invoices),
    listStaffPayments: new ListStaffPaymentsUseCase(db.dataSource, views, payments),
    renderReceiptPdf: new RenderReceiptPdfUseCase(db.dataSource, receipts),
    /** Puts a file into the storage as the gateway's upload does; its key, SHA-256 and size. */
    async upload(text: string) {
      const stored = await storage.put(
        'reconciliation/reports',
        Readable.from([Buffer.from(text)]),
        {
          contentType: 'text/csv',
          maxBytes: 10_000_000,
        },
      );
      return { fileKey: stored.key, sha256: stored.sha256, size: stored.size };
    },
  };
}

export type OperationsUseCases = ReturnType<typeof operationsUseCases>;

/** A payment of a fresh invoice that succeeded at the provider (its fee 250), recorded. */
export async function aSucceededPayment(
  uc: OperationsUseCases,
  db: MediumDatabase,
  payer: RequestActor,
  lines?: IssueInvoice['lines'],
) {
  const invoice = await anInvoice(uc, payer, lines ? { lines } : {});
  const started = await uc.startPayment.execute({ invoiceId: invoice.id, user: payer });
  const success = uc.provider.set(started.id, 'success', { feeMinor: 250 });
  await db.outbox.transaction(db.manager, (tx) =>
    uc.outcomes.record(tx, started.id, success, 'webhook'),
  );
  const payment = await uc.getPayment.execute({ paymentId: started.id, user: payer });
  return { invoice, payment };
}

/** Every currency's trial balance total (each must be 0) and each account's balance. */
export async function balances(uc: OperationsUseCases): Promise<Map<string, number>> {
  const balance = await uc.trialBalance.execute({ user: aUser('auditor') });
  for (const total of balance.totals)
    if (total.balanceMinor !== 0)
      throw new Error(`the trial balance is off by ${total.balanceMinor} ${total.currency}`);
  return new Map(balance.accounts.map((a) => [a.account, a.balanceMinor]));
}

/** The subjects of an aggregate's events, in order. */
export const subjectsOf = async (db: MediumDatabase, aggregateId: string): Promise<string[]> =>
  (await db.outboxRows()).filter((r) => r.aggregateId === aggregateId).map((r) => r.subject);

/** The data of an aggregate's last event of `subject`. */
export const lastEvent = async (
  db: MediumDatabase,
  aggregateId: string,
  subject: string,
): Promise<Record<string, unknown> | undefined> =>
  (await db.outboxRows())
    .filter((r) => r.aggregateId === aggregateId && r.subject === subject)
    .at(-1)?.envelope.data as Record<string, unknown> | undefined;
