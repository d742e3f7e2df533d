import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsUUID,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { IdField } from './personal-data.js';

/*
 * The payments context's events. Every one carries the case reference of the case the money is
 * for, `{context, id}` as two flat fields (`caseContext`, `caseId`: payloads stay flat, so they
 * are checked by the outbox's compiled rules), so the owning context (permits, ...) routes it to
 * its case without asking; none carries personal data (ids, amounts and codes only). The aggregate of every
 * payments event is the invoice (`aggregateId` = invoice id, the CloudEvents `subject`): an
 * invoice's payments and refunds are ordered with it, so a consumer sees `payment.succeeded`
 * before the `invoice.paid` it causes.
 */

// Subject constants: changing one is a new version (`.v2`), never an edit.
export const INVOICE_ISSUED_V1 = 'gov.payments.invoice.issued.v1';
export const INVOICE_PAID_V1 = 'gov.payments.invoice.paid.v1';
export const INVOICE_CANCELLED_V1 = 'gov.payments.invoice.cancelled.v1';
export const INVOICE_EXPIRED_V1 = 'gov.payments.invoice.expired.v1';
export const PAYMENT_STARTED_V1 = 'gov.payments.payment.started.v1';
export const PAYMENT_SUCCEEDED_V1 = 'gov.payments.payment.succeeded.v1';
export const PAYMENT_FAILED_V1 = 'gov.payments.payment.failed.v1';
export const PAYMENT_CANCELLED_V1 = 'gov.payments.payment.cancelled.v1';
export const PAYMENT_EXPIRED_V1 = 'gov.payments.payment.expired.v1';
export const PAYMENT_CORRECTED_V1 = 'gov.payments.payment.corrected.v1';
export const REFUND_SUBMITTED_V1 = 'gov.payments.refund.submitted.v1';
export const REFUND_SUCCEEDED_V1 = 'gov.payments.refund.succeeded.v1';
export const REFUND_FAILED_V1 = 'gov.payments.refund.failed.v1';

/** A bounded context's name, e.g. `permits`. */
export const CASE_CONTEXT_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
/** A case's id within its context: a UUID, a permit number, ... (no spaces, no free text). */
export const CASE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
/** What an invoice is for within its case: `application-fee`, `fee-adjustment-2`, ... */
export const PURPOSE_PATTERN = /^[a-z][a-z0-9-]{0,63}$/;
/** A revenue code of the city's chart of accounts, e.g. `permits.building` or `fees-misc`. */
export const REVENUE_CODE_PATTERN = /^[a-z][a-z0-9.-]{0,63}$/;
/** A stable reason or outcome code (`card_declined`, `P0020`, `invoice_closed`). */
export const REASON_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** A receipt number: `R-<fiscal year>-<6 digits>`, gapless within the year. */
export const RECEIPT_NUMBER_PATTERN = /^R-\d{4}-\d{6,}$/;

/** What every payments event has: the invoice, its case, the amount and currency. */
abstract class InvoiceFacts {
  @IsUUID()
  @IdField()
  invoiceId: string;

  /** The context that owns the case the invoice is for (`permits`, ...). */
  @Matches(CASE_CONTEXT_PATTERN)
  @IdField()
  caseContext: string;

  /** The case's id in that context. */
  @Matches(CASE_ID_PATTERN)
  @IdField()
  caseId: string;

  /** Integer minor units (cents). */
  @IsInt()
  @Min(0)
  amountMinor: number;

  /** ISO 4217 code. */
  @Matches(/^[A-Z]{3}$/)
  currency: string;
}

export class InvoiceIssuedV1 extends InvoiceFacts {
  @Matches(PURPOSE_PATTERN)
  purpose: string;

  @IsUUID()
  @IdField()
  payerAccountId: string;

  @IsISO8601({ strict: true })
  dueAt: string;
}

/** The invoice is settled by a payment (the `payment.succeeded` of `paymentId` came first). */
export class InvoicePaidV1 extends InvoiceFacts {
  @IsUUID()
  @IdField()
  paymentId: string;

  @IsISO8601({ strict: true })
  paidAt: string;
}

export class InvoiceCancelledV1 extends InvoiceFacts {
  /** Why, as a code (`application_withdrawn`, `issued_in_error`): never free text. */
  @Matches(REASON_CODE_PATTERN)
  reasonCode: string;
}

/** Unpaid past its due date (and no payment was in progress). */
export class InvoiceExpiredV1 extends InvoiceFacts {
  @IsISO8601({ strict: true })
  dueAt: string;
}

abstract class PaymentFacts extends InvoiceFacts {
  @IsUUID()
  @IdField()
  paymentId: string;

  /** The provider that handles it (`sandbox`, ...). */
  @Matches(/^[a-z][a-z0-9-]{0,31}$/)
  provider: string;
}

/** The provider made the payment; the payer completes it on the provider's page. */
export class PaymentStartedV1 extends PaymentFacts {
  @IsOptional()
  @MaxLength(200)
  @IdField()
  providerRef?: string;
}

export class PaymentSucceededV1 extends PaymentFacts {
  @IsOptional()
  @MaxLength(200)
  @IdField()
  providerRef?: string;

  /** The provider's fee in minor units, when it told it. */
  @IsOptional()
  @IsInt()
  @Min(0)
  feeMinor?: number;

  @IsUUID()
  @IdField()
  receiptId: string;

  /**
   * The invoice was already closed (paid by another payment, cancelled or expired): this
   * payment is refunded automatically (a `refund.submitted` follows).
   */
  @IsBoolean()
  invoiceClosed: boolean;
}

/** Declined, abandoned or failed at the provider (`status`: GOV.UK Pay's `failed` or `error`). */
export class PaymentFailedV1 extends PaymentFacts {
  @IsIn(['failed', 'error'])
  status: 'failed' | 'error';

  @Matches(REASON_CODE_PATTERN)
  code: string;
}

export class PaymentCancelledV1 extends PaymentFacts {
  @Matches(REASON_CODE_PATTERN)
  code: string;
}

/** Unfinished after its time (PAYMENTS_PAYMENT_EXPIRY_SECONDS): cancelled at the provider. */
export class PaymentExpiredV1 extends PaymentFacts {}

/**
 * A re-check at the provider disagreed with the record (a webhook that never came, a late
 * success after the platform gave up): the record was corrected from `from` to `to`. The
 * events of the new state follow.
 */
export class PaymentCorrectedV1 extends PaymentFacts {
  @IsIn(['created', 'started', 'submitted', 'success', 'failed', 'cancelled', 'error'])
  from: string;

  @IsIn(['created', 'started', 'submitted', 'success', 'failed', 'cancelled', 'error'])
  to: string;

  /** What found it: `sweep` (pending too long), `daily-sweep`, `expiry`, `recovery`. */
  @Matches(/^[a-z][a-z-]{0,31}$/)
  foundBy: string;
}

abstract class RefundFacts extends PaymentFacts {
  @IsUUID()
  @IdField()
  refundId: string;
}

export class RefundSubmittedV1 extends RefundFacts {
  /** `invoice_closed` for an automatic refund of a payment for a closed invoice. */
  @Matches(REASON_CODE_PATTERN)
  reasonCode: string;

  /** Made by the platform itself, not asked by a cashier or a workflow. */
  @IsBoolean()
  automatic: boolean;
}

export class RefundSucceededV1 extends RefundFacts {
  @IsOptional()
  @IsUUID()
  @IdField()
  receiptId?: string;
}

export class RefundFailedV1 extends RefundFacts {
  @Matches(REASON_CODE_PATTERN)
  code: string;
}

/** The facts every invoice-bound payments event carries (for the events of other files). */
export { InvoiceFacts as InvoiceEventFacts };
