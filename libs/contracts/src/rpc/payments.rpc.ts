import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  CASE_CONTEXT_PATTERN,
  CASE_ID_PATTERN,
  PURPOSE_PATTERN,
  REASON_CODE_PATTERN,
  RECEIPT_NUMBER_PATTERN,
  REVENUE_CODE_PATTERN,
} from '../events/payments.events.js';
import { CURRENCY_PATTERN, LARGEST_AMOUNT_MINOR, MoneyView } from '../money.js';
import { TrailMoment } from './date-time.js';
import { NumberFromQuery } from './fields.js';
import { rpc } from './rpc.js';

/*
 * The payments context's request/reply patterns. Requests that the gateway also takes over HTTP
 * are its body and query DTOs too (their OpenAPI descriptions live here, once). Internal
 * patterns (`payments.internal.>`) are only for workflow activities (the worker's NATS user).
 */

export const PAYMENTS_INTERNAL_INVOICE_CREATE = 'payments.internal.invoice.create';
export const PAYMENTS_INTERNAL_INVOICE_CANCEL = 'payments.internal.invoice.cancel';
export const PAYMENTS_INTERNAL_REFUND_CREATE = 'payments.internal.refund.create';
export const PAYMENTS_INVOICE_CREATE = 'payments.invoice.create';
export const PAYMENTS_INVOICE_CANCEL = 'payments.invoice.cancel';
export const PAYMENTS_INVOICE_GET = 'payments.invoice.get';
export const PAYMENTS_INVOICE_LIST_OWN = 'payments.invoice.list-own';
export const PAYMENTS_PAYMENT_START = 'payments.payment.start';
export const PAYMENTS_PAYMENT_GET = 'payments.payment.get';
export const PAYMENTS_PAYMENT_LIST_OWN = 'payments.payment.list-own';
export const PAYMENTS_RECEIPT_GET = 'payments.receipt.get';
export const PAYMENTS_LEDGER_TRIAL_BALANCE = 'payments.ledger.trial-balance';
export const PAYMENTS_WEBHOOK_RECEIVE = 'payments.webhook.receive';

/** A payment provider's name as the platform knows it (`sandbox`, ...). */
export const PAYMENT_PROVIDER_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

/** Lines of one invoice at most. */
export const MAX_INVOICE_LINES = 50;
/**
 * The largest amount of one line (10^12 minor units): the total of the most lines an invoice
 * may have stays well within what JSON and the ledger carry exactly.
 */
export const MAX_LINE_AMOUNT_MINOR = 1_000_000_000_000;

// ---- requests ------------------------------------------------------------------------------

/** The case an invoice is for (also the body's `caseRef`). */
export class CaseReferenceInput {
  @ApiProperty({
    example: 'permits',
    pattern: CASE_CONTEXT_PATTERN.source,
    description: 'The context that owns the case.',
  })
  @Matches(CASE_CONTEXT_PATTERN, { message: 'context must be a context name' })
  context: string;

  @ApiProperty({
    example: '0196a0c5-49a2-741e-aa07-55ec9ed3160e',
    pattern: CASE_ID_PATTERN.source,
    description: 'The case id in that context.',
  })
  @Matches(CASE_ID_PATTERN, { message: 'id must be a case id' })
  id: string;
}

export class InvoiceLineInput {
  @ApiProperty({ example: 'permits.building', pattern: REVENUE_CODE_PATTERN.source })
  @Matches(REVENUE_CODE_PATTERN, { message: 'revenueCode must be a revenue code' })
  revenueCode: string;

  @ApiProperty({
    example: 'fees.building.small-extension',
    pattern: '^[a-z][a-z0-9._-]{0,99}$',
    description: 'Message key of the line text (translated where it is shown).',
  })
  @Matches(/^[a-z][a-z0-9._-]{0,99}$/, { message: 'descriptionKey must be a message key' })
  descriptionKey: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_LINE_AMOUNT_MINOR, example: 12_500 })
  @IsInt()
  @Min(1)
  @Max(MAX_LINE_AMOUNT_MINOR)
  amountMinor: number;
}

/** `payments.internal.invoice.create`: a workflow activity asks for a case's fee. */
export class CreateInvoiceRequest {
  @ApiProperty({ format: 'uuid', description: 'The account that pays (the applicant).' })
  @IsUUID()
  payerAccountId: string;

  @ApiProperty({ type: CaseReferenceInput })
  @IsObject()
  @ValidateNested()
  @Type(() => CaseReferenceInput)
  caseRef: CaseReferenceInput;

  @ApiProperty({
    example: 'application-fee',
    pattern: PURPOSE_PATTERN.source,
    description:
      'What the invoice is for within its case: one invoice per case and purpose. `fee-adjustment` takes the next `fee-adjustment-<n>`.',
  })
  @Matches(PURPOSE_PATTERN, { message: 'purpose must be lowercase words joined by hyphens' })
  purpose: string;

  @ApiProperty({ type: [InvoiceLineInput], minItems: 1, maxItems: MAX_INVOICE_LINES })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_INVOICE_LINES)
  @ValidateNested({ each: true })
  @Type(() => InvoiceLineInput)
  lines: InvoiceLineInput[];

  @ApiPropertyOptional({
    example: 'EUR',
    pattern: CURRENCY_PATTERN.source,
    description: "ISO 4217; the platform's currency when absent (no other is accepted).",
  })
  @IsOptional()
  @Matches(CURRENCY_PATTERN, { message: 'currency must be an ISO 4217 code' })
  currency?: string;

  @ApiProperty({
    format: 'date-time',
    description:
      'Unpaid after this, the invoice expires (one already past expires at the next sweep).',
  })
  @TrailMoment()
  dueAt: string;
}

/**
 * `payments.invoice.create`, and the body of `POST /api/v1/invoices` (a cashier's fee, always in
 * the platform's currency).
 */
export class IssueFeeRequest extends OmitType(CreateInvoiceRequest, [
  'caseRef',
  'currency',
] as const) {
  @ApiPropertyOptional({
    type: CaseReferenceInput,
    description: 'The case the fee is for; absent: a fee of its own (`payments/<invoice id>`).',
  })
  // Absent, not null: `null` is refused like any other non-object.
  @ValidateIf((request: IssueFeeRequest) => request.caseRef !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => CaseReferenceInput)
  caseRef?: CaseReferenceInput;
}

/** The body of `POST /api/v1/invoices/{id}/cancel`. */
export class CancelInvoiceBody {
  @ApiProperty({
    example: 'issued_in_error',
    pattern: REASON_CODE_PATTERN.source,
    description: 'Why, as a code (never free text).',
  })
  @Matches(REASON_CODE_PATTERN, { message: 'reasonCode must be a code' })
  reasonCode: string;
}

/** `payments.invoice.cancel` (a cashier). */
export class CancelInvoiceRequest extends CancelInvoiceBody {
  @IsUUID()
  invoiceId: string;
}

/** `payments.internal.invoice.cancel`: the owning context names its case too. */
export class CancelCaseInvoiceRequest extends CancelInvoiceRequest {
  @IsObject()
  @ValidateNested()
  @Type(() => CaseReferenceInput)
  caseRef: CaseReferenceInput;
}

export class GetInvoiceRequest {
  @IsUUID()
  invoiceId: string;
}

/** A page position: `<milliseconds since 1970>_<id>` (what `nextCursor` gives). */
export const CURSOR_PATTERN =
  /^\d{1,13}_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A page of one's own invoices or payments, newest first; the query of the list routes. */
export class ListOwnRequest {
  @ApiPropertyOptional({
    pattern: CURSOR_PATTERN.source,
    description: 'The `nextCursor` of the previous page.',
  })
  @IsOptional()
  @Matches(CURSOR_PATTERN, { message: 'cursor must be a nextCursor' })
  cursor?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @NumberFromQuery()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class StartPaymentRequest {
  @IsUUID()
  invoiceId: string;
}

export class GetPaymentRequest {
  @IsUUID()
  paymentId: string;
}

export class GetReceiptRequest {
  @IsUUID()
  receiptId: string;
}

/** `payments.ledger.trial-balance`, and the query of `GET /api/v1/ledger/trial-balance`. */
export class TrialBalanceRequest {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Entries recorded up to this moment; default: now.',
  })
  @IsOptional()
  @TrailMoment()
  at?: string;
}

/** `payments.webhook.receive`: a provider's webhook exactly as the gateway received it. */
export class ReceiveWebhookRequest {
  @Matches(PAYMENT_PROVIDER_PATTERN)
  provider: string;

  /** The body's bytes as UTF-8 text, untouched (the signature is over them). */
  @IsString()
  @MaxLength(262_144)
  rawBody: string;

  /** The request's headers, lower-case names, untouched. */
  @IsObject()
  headers: Record<string, string>;
}

/** `payments.internal.refund.create` (declared here; refunds arrive with their own change). */
export class CreateRefundRequest {
  @IsUUID()
  paymentId: string;

  @IsObject()
  @ValidateNested()
  @Type(() => CaseReferenceInput)
  caseRef: CaseReferenceInput;

  @IsInt()
  @Min(1)
  @Max(LARGEST_AMOUNT_MINOR)
  amountMinor: number;

  /** What the caller believes still refundable; another value is refused (412). */
  @IsInt()
  @Min(0)
  @Max(LARGEST_AMOUNT_MINOR)
  refundAmountAvailable: number;

  @Matches(REASON_CODE_PATTERN)
  reasonCode: string;
}

// ---- replies -------------------------------------------------------------------------------

export const INVOICE_STATUSES = ['open', 'paid', 'cancelled', 'expired', 'waived'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** GOV.UK Pay's public payment states. */
export const PAYMENT_STATUSES = [
  'created',
  'started',
  'submitted',
  'success',
  'failed',
  'cancelled',
  'error',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export class CaseReferenceView {
  @ApiProperty({ example: 'permits' }) context: string;
  @ApiProperty() id: string;
}

export class InvoiceLineView {
  @ApiProperty() revenueCode: string;
  @ApiProperty() descriptionKey: string;
  @ApiProperty({ type: MoneyView }) amount: MoneyView;
}

export class InvoiceView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: CaseReferenceView }) caseRef: CaseReferenceView;
  @ApiProperty() purpose: string;
  @ApiProperty({ format: 'uuid' }) payerAccountId: string;
  @ApiProperty({ enum: INVOICE_STATUSES }) status: InvoiceStatus;
  @ApiProperty({ type: MoneyView }) amount: MoneyView;
  @ApiProperty({ type: [InvoiceLineView] }) lines: InvoiceLineView[];
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({ format: 'date-time' }) issuedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why it closed: the paying payment, or the cancellation or expiry code.',
  })
  closeReason: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The payment in progress, if one is.',
  })
  livePaymentId: string | null;
}

export class InvoicesPage {
  @ApiProperty({ type: [InvoiceView] }) items: InvoiceView[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor`; null: no more.' })
  nextCursor: string | null;
}

/** GOV.UK Pay's `state`: where the payment is, and why it ended when it did not succeed. */
export class PaymentState {
  @ApiProperty({ enum: PAYMENT_STATUSES }) status: PaymentStatus;
  @ApiProperty() finished: boolean;
  @ApiPropertyOptional({ example: 'P0010', description: 'Why it failed, was cancelled or erred.' })
  code?: string;
  @ApiPropertyOptional({ example: 'Payment method rejected' }) message?: string;
}

export const REFUND_SUMMARY_STATUSES = ['pending', 'available', 'unavailable', 'full'] as const;

export class RefundSummary {
  @ApiProperty({
    enum: REFUND_SUMMARY_STATUSES,
    description:
      '`pending`: not (yet) successful; `available`: some can be refunded; `full`: all was; `unavailable`: it cannot be.',
  })
  status: (typeof REFUND_SUMMARY_STATUSES)[number];
  @ApiProperty({ type: 'integer', description: 'Minor units still refundable.' })
  amountAvailable: number;
  @ApiProperty({ type: 'integer', description: 'Minor units refunded or being refunded.' })
  amountSubmitted: number;
}

export class PaymentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) invoiceId: string;
  @ApiProperty({ type: CaseReferenceView }) caseRef: CaseReferenceView;
  @ApiProperty({ type: MoneyView, description: "The invoice's amount, never the client's." })
  amount: MoneyView;
  @ApiProperty({ type: PaymentState }) state: PaymentState;
  @ApiPropertyOptional({
    format: 'uri',
    description: 'Where the payer completes the payment, while it is unfinished.',
  })
  nextUrl?: string;
  @ApiProperty({ example: 'sandbox' }) provider: string;
  @ApiProperty({ type: String, nullable: true }) providerRef: string | null;
  @ApiProperty({ format: 'uri', description: 'Where the provider sends the payer back.' })
  returnUrl: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;
  @ApiProperty({ type: MoneyView, nullable: true, description: "The provider's fee, once known." })
  fee: MoneyView | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) receiptId: string | null;
  @ApiProperty({ type: RefundSummary }) refundSummary: RefundSummary;
}

export class PaymentsPage {
  @ApiProperty({ type: [PaymentView] }) items: PaymentView[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor`; null: no more.' })
  nextCursor: string | null;
}

export class ReceiptView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'R-2026-000001', pattern: RECEIPT_NUMBER_PATTERN.source })
  number: string;
  @ApiProperty({ enum: ['payment', 'refund'] }) kind: 'payment' | 'refund';
  @ApiProperty({ type: 'integer', example: 2026 }) fiscalYear: number;
  @ApiProperty({ format: 'uuid' }) invoiceId: string;
  @ApiProperty({ format: 'uuid' }) paymentId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) refundId: string | null;
  @ApiProperty({ type: CaseReferenceView }) caseRef: CaseReferenceView;
  @ApiProperty({ format: 'uuid' }) payerAccountId: string;
  @ApiProperty({ type: MoneyView }) amount: MoneyView;
  @ApiProperty({ type: [InvoiceLineView] }) lines: InvoiceLineView[];
  @ApiProperty({ example: 'sandbox' }) provider: string;
  @ApiProperty({ type: String, nullable: true }) providerRef: string | null;
  @ApiProperty({ format: 'date-time' }) issuedAt: string;
}

export class AccountBalance {
  @ApiProperty({ example: 'revenue:permits.building' }) account: string;
  @ApiProperty({
    enum: [
      'receivable',
      'cash_provider',
      'cash_till',
      'revenue',
      'refunds',
      'provider_fees',
      'waivers',
      'till_differences',
    ],
  })
  kind: string;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ type: 'integer', description: 'Sum of debits, minor units.' })
  debitMinor: number;
  @ApiProperty({ type: 'integer', description: 'Sum of credits, minor units.' })
  creditMinor: number;
  @ApiProperty({ type: 'integer', description: 'Debits minus credits.' })
  balanceMinor: number;
}

export class CurrencyTotal {
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ type: 'integer' }) debitMinor: number;
  @ApiProperty({ type: 'integer' }) creditMinor: number;
  @ApiProperty({ type: 'integer', description: 'Always 0: every entry balances.' })
  balanceMinor: number;
}

export class TrialBalance {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: [AccountBalance] }) accounts: AccountBalance[];
  @ApiProperty({ type: [CurrencyTotal] }) totals: CurrencyTotal[];
}

export class WebhookReceipt {
  @ApiProperty({
    enum: ['accepted', 'duplicate', 'ignored'],
    description:
      '`duplicate`: already processed, nothing changed; `ignored`: about nothing the platform knows.',
  })
  outcome: 'accepted' | 'duplicate' | 'ignored';
}

/** The reply of `payments.internal.refund.create` (refunds arrive with their own change). */
export interface RefundView {
  id: string;
  paymentId: string;
  amount: MoneyView;
  status: 'submitted' | 'success' | 'error';
}

// ---- reconciliation: importing a provider's settlement report ----------------------------
//
// The report is a file: it never travels over NATS. The gateway streams the upload into file
// storage (#storage, content-addressed) and asks payments to import what is stored under
// `fileKey`; payments reads it from the same storage and keeps the key and SHA-256.

export const PAYMENTS_RECONCILIATION_IMPORT = 'payments.reconciliation.import';

/** A key of the file storage: `<prefix>/<sha256>` (see libs/storage, `assertKey`). */
export const FILE_KEY_PATTERN =
  /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}(\/[A-Za-z0-9][A-Za-z0-9._-]{0,127})*$/;

/** SHA-256, lowercase hex. */
export const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/;

/**
 * `payments.reconciliation.import`: import the settlement report stored under `fileKey`. The
 * same file (same `sha256`) asked again is one import: payments answers the first one.
 */
export class ImportSettlementReportRequest {
  /** Where the report is in file storage. */
  @IsString()
  @MaxLength(512)
  @Matches(FILE_KEY_PATTERN, { message: 'fileKey must be a file storage key' })
  fileKey: string;

  @IsString()
  @Matches(SHA256_HEX_PATTERN, { message: 'sha256 must be 64 lowercase hex digits' })
  sha256: string;

  /** Bytes. */
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  size: number;

  /** The name the cashier's file had (for people; never a path). */
  @IsString()
  @MaxLength(255)
  fileName: string;

  /** Whose report it is. */
  @IsString()
  @Matches(PAYMENT_PROVIDER_PATTERN, {
    message: 'provider must be a provider name such as sandbox',
  })
  provider: string;
}

/** What payments answers an import with (and the gateway its client). */
export class SettlementReportImport {
  @ApiProperty({ format: 'uuid', description: "The report's id at payments." })
  reportId: string;

  @ApiProperty({ example: 'sandbox' })
  provider: string;

  @ApiProperty({ description: 'Where the report file is kept (file storage key).' })
  fileKey: string;

  @ApiProperty({ description: 'SHA-256 of the file, lowercase hex.', pattern: '^[0-9a-f]{64}$' })
  sha256: string;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'Bytes.' })
  size: number;

  @ApiProperty({ maxLength: 255 })
  fileName: string;

  @ApiProperty({ format: 'date-time' })
  importedAt: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Lines of the report.' })
  lineCount: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Lines that agree with the ledger (by provider reference, amount and fee).',
  })
  matchedCount: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description:
      'Discrepancies found (GET /api/v1/reconciliation/discrepancies?reportId=...), missing lines of either side included.',
  })
  discrepancyCount: number;

  @ApiProperty({
    type: [String],
    example: ['2026-03-14'],
    description:
      'The UTC days its lines were settled on: successes of those days that the report lacks are missing at the provider.',
  })
  days: string[];
}

export const PAYMENTS_RECONCILIATION_RPC = {
  [PAYMENTS_RECONCILIATION_IMPORT]: rpc<ImportSettlementReportRequest, SettlementReportImport>(
    ImportSettlementReportRequest,
  ),
} as const;

// ---- end of reconciliation ---------------------------------------------------------------

// ---- the map -------------------------------------------------------------------------------

const INTERNAL = { internal: true } as const;

export const PAYMENTS_RPC = {
  [PAYMENTS_INTERNAL_INVOICE_CREATE]: rpc<CreateInvoiceRequest, InvoiceView>(
    CreateInvoiceRequest,
    INTERNAL,
  ),
  [PAYMENTS_INTERNAL_INVOICE_CANCEL]: rpc<CancelCaseInvoiceRequest, InvoiceView>(
    CancelCaseInvoiceRequest,
    INTERNAL,
  ),
  [PAYMENTS_INTERNAL_REFUND_CREATE]: rpc<CreateRefundRequest, RefundView>(
    CreateRefundRequest,
    INTERNAL,
  ),
  [PAYMENTS_INVOICE_CREATE]: rpc<IssueFeeRequest, InvoiceView>(IssueFeeRequest),
  [PAYMENTS_INVOICE_CANCEL]: rpc<CancelInvoiceRequest, InvoiceView>(CancelInvoiceRequest),
  [PAYMENTS_INVOICE_GET]: rpc<GetInvoiceRequest, InvoiceView>(GetInvoiceRequest),
  [PAYMENTS_INVOICE_LIST_OWN]: rpc<ListOwnRequest, InvoicesPage>(ListOwnRequest),
  [PAYMENTS_PAYMENT_START]: rpc<StartPaymentRequest, PaymentView>(StartPaymentRequest),
  [PAYMENTS_PAYMENT_GET]: rpc<GetPaymentRequest, PaymentView>(GetPaymentRequest),
  [PAYMENTS_PAYMENT_LIST_OWN]: rpc<ListOwnRequest, PaymentsPage>(ListOwnRequest),
  [PAYMENTS_RECEIPT_GET]: rpc<GetReceiptRequest, ReceiptView>(GetReceiptRequest),
  [PAYMENTS_LEDGER_TRIAL_BALANCE]: rpc<TrialBalanceRequest, TrialBalance>(TrialBalanceRequest),
  // A provider's webhook: nobody is logged in; the signature is checked by payments.
  [PAYMENTS_WEBHOOK_RECEIVE]: rpc<ReceiveWebhookRequest, WebhookReceipt>(ReceiveWebhookRequest, {
    actor: 'anyone',
  }),
  ...PAYMENTS_RECONCILIATION_RPC,
} as const;
