import {
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
import {
  CASE_CONTEXT_PATTERN,
  CASE_ID_PATTERN,
  InvoiceEventFacts,
  REASON_CODE_PATTERN,
} from './payments.events.js';

/*
 * The payments context's events of its day-to-day operations: counter tills, waivers and
 * adjustments of invoices, and the reconciliation of providers' settlement reports. Like every
 * payments event they carry ids, amounts and codes only (a cashier's note stays in the payments
 * service's tables), in flat payloads. Adjustments are about an invoice and carry its case
 * reference; a till session and a settlement report are about no case (their aggregate is the
 * session or the report), and a discrepancy names the invoice and case only when the platform
 * knows them.
 */

export const TILL_OPENED_V1 = 'gov.payments.till.opened.v1';
export const TILL_CLOSED_V1 = 'gov.payments.till.closed.v1';
export const ADJUSTMENT_PROPOSED_V1 = 'gov.payments.adjustment.proposed.v1';
export const ADJUSTMENT_APPROVED_V1 = 'gov.payments.adjustment.approved.v1';
export const ADJUSTMENT_REJECTED_V1 = 'gov.payments.adjustment.rejected.v1';
export const INVOICE_WAIVED_V1 = 'gov.payments.invoice.waived.v1';
export const SETTLEMENT_IMPORTED_V1 = 'gov.payments.settlement.imported.v1';
export const DISCREPANCY_FOUND_V1 = 'gov.payments.discrepancy.found.v1';
export const DISCREPANCY_RESOLVED_V1 = 'gov.payments.discrepancy.resolved.v1';

/** Aggregates of the payments context whose events are about no case (no `caseRef`). */
export const PAYMENTS_AGGREGATES_WITHOUT_CASE = ['till', 'settlement', 'discrepancy'] as const;

/** A counter's till: `counter-1`, `town-hall-2`. */
export const TILL_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;

export const ADJUSTMENT_KINDS = ['waiver', 'reduction'] as const;
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];

/** What a settlement report and the ledger can disagree on. */
export const DISCREPANCY_KINDS = [
  'missing_at_provider',
  'missing_here',
  'amount_mismatch',
  'fee',
] as const;
export type DiscrepancyKind = (typeof DISCREPANCY_KINDS)[number];

abstract class TillFacts {
  @IsUUID()
  @IdField()
  tillSessionId: string;

  @Matches(TILL_ID_PATTERN)
  @IdField()
  tillId: string;

  @Matches(/^[A-Z]{3}$/)
  currency: string;

  /** Cash put in the till when it opened (minor units). */
  @IsInt()
  @Min(0)
  openingFloatMinor: number;
}

/** A cashier opened a till session: counter payments are recorded within it. */
export class TillOpenedV1 extends TillFacts {
  @IsUUID()
  @IdField()
  cashierId: string;
}

/**
 * A cashier closed a till session: the cash counted against the cash expected (the opening
 * float, plus cash taken, less cash paid out); a difference is booked in the ledger.
 */
export class TillClosedV1 extends TillFacts {
  @IsInt()
  @Min(0)
  expectedMinor: number;

  @IsInt()
  @Min(0)
  countedMinor: number;

  /** `counted - expected`: positive over, negative short, 0 when they agree. */
  @IsInt()
  differenceMinor: number;
}

abstract class AdjustmentFacts extends InvoiceEventFacts {
  @IsUUID()
  @IdField()
  adjustmentId: string;

  @IsIn(ADJUSTMENT_KINDS)
  kind: AdjustmentKind;

  /** What the adjustment takes off the invoice (a waiver: all that was still due). */
  @IsInt()
  @Min(1)
  adjustmentMinor: number;

  @Matches(REASON_CODE_PATTERN)
  reasonCode: string;
}

/** A cashier (or supervisor) proposed to waive or reduce an invoice; another decides. */
export class AdjustmentProposedV1 extends AdjustmentFacts {}

/** A supervisor who did not propose it approved it: the ledger records it. */
export class AdjustmentApprovedV1 extends AdjustmentFacts {
  /** What the invoice asks for now (0 once waived). */
  @IsInt()
  @Min(0)
  invoiceAmountMinor: number;

  @IsIn(['open', 'waived'])
  invoiceStatus: 'open' | 'waived';
}

export class AdjustmentRejectedV1 extends AdjustmentFacts {
  /** Why it was refused, as a code. */
  @Matches(REASON_CODE_PATTERN)
  decisionCode: string;
}

/** Nothing is owed any more: the invoice was waived (its case may go on as if paid). */
export class InvoiceWaivedV1 extends InvoiceEventFacts {
  @IsUUID()
  @IdField()
  adjustmentId: string;

  @IsISO8601({ strict: true })
  waivedAt: string;
}

/** A provider's settlement report was imported and matched against the ledger. */
export class SettlementImportedV1 {
  @IsUUID()
  @IdField()
  reportId: string;

  @Matches(/^[a-z][a-z0-9-]{0,39}$/)
  provider: string;

  @Matches(/^[0-9a-f]{64}$/)
  sha256: string;

  @IsInt()
  @Min(0)
  lineCount: number;

  @IsInt()
  @Min(0)
  matchedCount: number;

  @IsInt()
  @Min(0)
  discrepancyCount: number;
}

abstract class DiscrepancyFacts {
  @IsUUID()
  @IdField()
  discrepancyId: string;

  @IsUUID()
  @IdField()
  reportId: string;

  @IsIn(DISCREPANCY_KINDS)
  kind: DiscrepancyKind;

  /** The invoice, when the platform knows what the line is about. */
  @IsOptional()
  @IsUUID()
  @IdField()
  invoiceId?: string;

  /** The case's context and id, when the platform knows the invoice. */
  @IsOptional()
  @Matches(CASE_CONTEXT_PATTERN)
  @IdField()
  caseContext?: string;

  @IsOptional()
  @Matches(CASE_ID_PATTERN)
  @IdField()
  caseId?: string;
}

/** A line of a settlement report and the ledger disagree; a cashier resolves it. */
export class DiscrepancyFoundV1 extends DiscrepancyFacts {
  @IsIn(['payment', 'refund'])
  recordType: 'payment' | 'refund';

  /** The platform's payment or refund id the line names (or the ledger holds). */
  @MaxLength(200)
  @IdField()
  reference: string;

  @IsOptional()
  @IsUUID()
  @IdField()
  paymentId?: string;

  @IsOptional()
  @IsUUID()
  @IdField()
  refundId?: string;

  @Matches(/^[A-Z]{3}$/)
  currency: string;

  /** What the ledger holds (minor units; a fee for `fee`); absent when it holds nothing. */
  @IsOptional()
  @IsInt()
  expectedMinor?: number;

  /** What the report says; absent when the report has no line for it. */
  @IsOptional()
  @IsInt()
  reportedMinor?: number;
}

/** A cashier looked into a discrepancy and resolved it (with a note kept by payments). */
export class DiscrepancyResolvedV1 extends DiscrepancyFacts {}
