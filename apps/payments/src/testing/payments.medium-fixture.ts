import {
  PAYMENTS_INTERNAL_INVOICE_CREATE,
  SYSTEM_ACTOR,
  type InvoiceView,
  type RequestActor,
} from '#contracts';
import { IdempotentCommands, newId, runWithContext } from '#platform';
import type { MediumDatabase } from '#testing';
import type { PaymentsConfig } from '../config.js';
import { FaultInjection } from '../faults.js';
import { CancelInvoiceUseCase } from '../invoices/cancel-invoice/cancel-invoice.use-case.js';
import { ExpireInvoicesUseCase } from '../invoices/expire-invoices/expire-invoices.use-case.js';
import { GetInvoiceUseCase } from '../invoices/get-invoice/get-invoice.use-case.js';
import { InvoiceRepository } from '../invoices/invoice.repository.js';
import {
  IssueInvoiceUseCase,
  type IssueInvoice,
} from '../invoices/issue-invoice/issue-invoice.use-case.js';
import { ListOwnInvoicesUseCase } from '../invoices/list-own-invoices/list-own-invoices.use-case.js';
import { GetTrialBalanceUseCase } from '../ledger/get-trial-balance/get-trial-balance.use-case.js';
import { LedgerRepository } from '../ledger/ledger.repository.js';
import { ExpirePaymentsUseCase } from '../payments/expire-payments/expire-payments.use-case.js';
import { GetPaymentUseCase } from '../payments/get-payment/get-payment.use-case.js';
import { ListOwnPaymentsUseCase } from '../payments/list-own-payments/list-own-payments.use-case.js';
import { PaymentOutcomes } from '../payments/payment-outcomes.js';
import { PaymentRepository } from '../payments/payment.repository.js';
import { ProviderCalls } from '../payments/provider-calls.js';
import { ProviderIntentRepository } from '../payments/provider-intent.repository.js';
import { RecheckPaymentsUseCase } from '../payments/recheck-payments/recheck-payments.use-case.js';
import { RecoverProviderCallsUseCase } from '../payments/recover-provider-calls/recover-provider-calls.use-case.js';
import { StartPaymentUseCase } from '../payments/start-payment/start-payment.use-case.js';
import { counterDesks } from '../providers/counter/counter-desk.provider.js';
import { PaymentProviders } from '../providers/payment-providers.js';
import { GetReceiptUseCase } from '../receipts/get-receipt/get-receipt.use-case.js';
import { ReceiptRepository } from '../receipts/receipt.repository.js';
import { RecheckRefundsUseCase } from '../refunds/recheck-refunds/recheck-refunds.use-case.js';
import { RefundRepository } from '../refunds/refund.repository.js';
import { ReceiveWebhookUseCase } from '../webhooks/receive-webhook/receive-webhook.use-case.js';
import { WebhookReceiptRepository } from '../webhooks/webhook-receipt.repository.js';
import { StandInProvider } from './stand-in-provider.js';

/** The payments settings the medium specs run with. */
export const MEDIUM_PAYMENTS_SETTINGS = {
  PAYMENTS_CURRENCY: 'EUR',
  PAYMENTS_PROVIDER: 'sandbox',
  PAYMENTS_RETURN_URL: 'https://city.example/payments/{paymentId}/return',
  PAYMENTS_PAYMENT_EXPIRY_SECONDS: 5_400,
  PAYMENTS_RECHECK_AFTER_SECONDS: 900,
  PAYMENTS_FULL_SWEEP_SECONDS: 86_400,
  PAYMENTS_INTENT_RECOVERY_AFTER_SECONDS: 30,
  PAYMENTS_SWEEP_INTERVAL_SECONDS: 30,
  PAYMENTS_SWEEP_BATCH: 200,
  PAYMENTS_TIME_ZONE: 'UTC',
  PAYMENTS_FISCAL_YEAR_START_MONTH: 1,
  PAYMENTS_FAULT_KILL_AT: '' as const,
} satisfies Partial<PaymentsConfig>;

/**
 * Every payments use case wired by hand on a medium database, as the Nest module wires them,
 * with the stand-in provider: what a medium spec calls.
 */
export function paymentsUseCases(
  db: MediumDatabase,
  settings: Partial<typeof MEDIUM_PAYMENTS_SETTINGS> = {},
) {
  const config = { ...MEDIUM_PAYMENTS_SETTINGS, ...settings } as PaymentsConfig;
  const provider = new StandInProvider();
  const providers = new PaymentProviders([provider, ...counterDesks()], config.PAYMENTS_PROVIDER);
  const commands = new IdempotentCommands(db.dataSource, db.outbox);
  const invoices = new InvoiceRepository();
  const payments = new PaymentRepository();
  const intents = new ProviderIntentRepository();
  const refunds = new RefundRepository();
  const ledger = new LedgerRepository();
  const receipts = new ReceiptRepository();
  const webhookReceipts = new WebhookReceiptRepository();
  const outcomes = new PaymentOutcomes(
    db.outbox,
    payments,
    invoices,
    refunds,
    intents,
    ledger,
    receipts,
    config,
  );
  const faults = new FaultInjection(config);
  const calls = new ProviderCalls(
    db.dataSource,
    db.outbox,
    providers,
    payments,
    refunds,
    intents,
    outcomes,
    faults,
  );
  const recheck = new RecheckPaymentsUseCase(
    db.dataSource,
    db.outbox,
    providers,
    payments,
    outcomes,
    calls,
    faults,
    config,
  );
  return {
    config,
    provider,
    outcomes,
    calls,
    repositories: { invoices, payments, intents, refunds, ledger, receipts, webhookReceipts },
    issueInvoice: new IssueInvoiceUseCase(commands, db.outbox, invoices, ledger, config),
    cancelInvoice: new CancelInvoiceUseCase(commands, db.outbox, invoices, ledger),
    expireInvoices: new ExpireInvoicesUseCase(db.dataSource, db.outbox, invoices, ledger, config),
    getInvoice: new GetInvoiceUseCase(db.dataSource, invoices),
    listOwnInvoices: new ListOwnInvoicesUseCase(db.dataSource, invoices),
    startPayment: new StartPaymentUseCase(
      db.dataSource,
      commands,
      invoices,
      payments,
      providers,
      calls,
      config,
    ),
    getPayment: new GetPaymentUseCase(db.dataSource, payments),
    listOwnPayments: new ListOwnPaymentsUseCase(db.dataSource, payments),
    recheckPayments: recheck,
    expirePayments: new ExpirePaymentsUseCase(db.dataSource, payments, calls, config),
    recoverProviderCalls: new RecoverProviderCallsUseCase(db.dataSource, intents, calls, config),
    recheckRefunds: new RecheckRefundsUseCase(
      db.dataSource,
      db.outbox,
      providers,
      refunds,
      payments,
      outcomes,
      config,
    ),
    receiveWebhook: new ReceiveWebhookUseCase(
      db.dataSource,
      db.outbox,
      providers,
      webhookReceipts,
      refunds,
      outcomes,
      calls,
    ),
    getReceipt: new GetReceiptUseCase(db.dataSource, receipts),
    trialBalance: new GetTrialBalanceUseCase(db.dataSource, ledger),
  };
}

export type PaymentsUseCases = ReturnType<typeof paymentsUseCases>;

/** A fresh citizen, cashier or auditor (ids unique per call). */
export const aUser = (role: RequestActor['role'] = 'citizen'): RequestActor => ({
  userId: newId(),
  role,
});

export const inDays = (days: number): string =>
  new Date(Date.now() + days * 86_400_000).toISOString();

/** An invoice issued by a workflow activity for a fresh permit case. */
export function anInvoice(
  uc: PaymentsUseCases,
  payer: RequestActor,
  overrides: Partial<IssueInvoice> = {},
): Promise<InvoiceView> {
  return uc.issueInvoice.execute(PAYMENTS_INTERNAL_INVOICE_CREATE, {
    payerId: payer.userId,
    caseRef: { context: 'permits', id: newId() },
    purpose: 'application-fee',
    lines: [
      {
        revenueCode: 'permits.building',
        descriptionKey: 'fees.building.extension',
        amountMinor: 10_000,
      },
      { revenueCode: 'permits.inspection', descriptionKey: 'fees.inspection', amountMinor: 2_500 },
    ],
    dueAt: inDays(30),
    caller: SYSTEM_ACTOR,
    ...overrides,
  });
}

/** Runs `work` as a command with this request key (as the gateway or an activity would send). */
export const withRequestKey = <T>(requestKey: string, work: () => Promise<T>): Promise<T> =>
  runWithContext({ correlationId: newId(), requestKey }, work);
