import { Module, type DynamicModule } from '@nestjs/common';
import { SERVICES } from '#contracts';
import { ServicePlatformModule } from '#platform';
import type { PaymentsConfig } from './config.js';
import { FaultInjection } from './faults.js';
import { fileStorageProvider } from './file-storage.provider.js';
import { CancelInvoiceUseCase } from './invoices/cancel-invoice/cancel-invoice.use-case.js';
import { ExpireInvoicesUseCase } from './invoices/expire-invoices/expire-invoices.use-case.js';
import { GetInvoiceUseCase } from './invoices/get-invoice/get-invoice.use-case.js';
import { InvoiceRepository } from './invoices/invoice.repository.js';
import { InvoicesNatsController } from './invoices/invoices.nats.controller.js';
import { IssueInvoiceUseCase } from './invoices/issue-invoice/issue-invoice.use-case.js';
import { ListOwnInvoicesUseCase } from './invoices/list-own-invoices/list-own-invoices.use-case.js';
import { GetTrialBalanceUseCase } from './ledger/get-trial-balance/get-trial-balance.use-case.js';
import { LedgerRepository } from './ledger/ledger.repository.js';
import {
  OPERATIONS_CONTROLLERS,
  OPERATIONS_REPOSITORIES,
  OPERATIONS_USE_CASES,
} from './payments-operations.providers.js';
import { PaymentsSweeper } from './payments-sweeper.js';
import { PAYMENTS_CONFIG } from './payments.tokens.js';
import { ExpirePaymentsUseCase } from './payments/expire-payments/expire-payments.use-case.js';
import { GetPaymentUseCase } from './payments/get-payment/get-payment.use-case.js';
import { ListOwnPaymentsUseCase } from './payments/list-own-payments/list-own-payments.use-case.js';
import { PaymentOutcomes } from './payments/payment-outcomes.js';
import { PaymentRepository } from './payments/payment.repository.js';
import { PaymentsNatsController } from './payments/payments.nats.controller.js';
import { ProviderCalls } from './payments/provider-calls.js';
import { ProviderIntentRepository } from './payments/provider-intent.repository.js';
import { RecheckPaymentsUseCase } from './payments/recheck-payments/recheck-payments.use-case.js';
import { RecoverProviderCallsUseCase } from './payments/recover-provider-calls/recover-provider-calls.use-case.js';
import { StartPaymentUseCase } from './payments/start-payment/start-payment.use-case.js';
import { configuredProviders } from './providers/configured-providers.js';
import { counterDesks } from './providers/counter/counter-desk.provider.js';
import { PaymentProviders } from './providers/payment-providers.js';
import { GetReceiptUseCase } from './receipts/get-receipt/get-receipt.use-case.js';
import { ReceiptRepository } from './receipts/receipt.repository.js';
import { RecheckRefundsUseCase } from './refunds/recheck-refunds/recheck-refunds.use-case.js';
import { RefundRepository } from './refunds/refund.repository.js';
import { ReceiveWebhookUseCase } from './webhooks/receive-webhook/receive-webhook.use-case.js';
import { WebhookReceiptRepository } from './webhooks/webhook-receipt.repository.js';
import { WebhooksNatsController } from './webhooks/webhooks.nats.controller.js';

const REPOSITORIES = [
  InvoiceRepository,
  PaymentRepository,
  ProviderIntentRepository,
  RefundRepository,
  LedgerRepository,
  ReceiptRepository,
  WebhookReceiptRepository,
];

/** One per pattern or sweeper step (docs/payments.md). */
const USE_CASES = [
  IssueInvoiceUseCase,
  CancelInvoiceUseCase,
  ExpireInvoicesUseCase,
  GetInvoiceUseCase,
  ListOwnInvoicesUseCase,
  StartPaymentUseCase,
  GetPaymentUseCase,
  ListOwnPaymentsUseCase,
  RecheckPaymentsUseCase,
  ExpirePaymentsUseCase,
  RecoverProviderCallsUseCase,
  RecheckRefundsUseCase,
  ReceiveWebhookUseCase,
  GetReceiptUseCase,
  GetTrialBalanceUseCase,
];

@Module({})
export class PaymentsModule {
  static forRoot(config: PaymentsConfig): DynamicModule {
    return {
      module: PaymentsModule,
      imports: [
        ServicePlatformModule.forRoot({
          descriptor: SERVICES.payments,
          config,
          opsPort: config.PAYMENTS_OPS_PORT,
        }),
      ],
      providers: [
        { provide: PAYMENTS_CONFIG, useValue: config },
        {
          provide: PaymentProviders,
          // The configured providers, and the counter's (cash, card terminal) beside them.
          useValue: new PaymentProviders(
            [...configuredProviders(config), ...counterDesks()],
            config.PAYMENTS_PROVIDER,
          ),
        },
        ...REPOSITORIES,
        FaultInjection,
        PaymentOutcomes,
        ProviderCalls,
        ...USE_CASES,
        PaymentsSweeper,
        // Refunds, tills, adjustments, reconciliation (from the shared file storage), views.
        fileStorageProvider(config),
        ...OPERATIONS_REPOSITORIES,
        ...OPERATIONS_USE_CASES,
      ],
      controllers: [
        InvoicesNatsController,
        PaymentsNatsController,
        WebhooksNatsController,
        ...OPERATIONS_CONTROLLERS,
      ],
    };
  }
}
