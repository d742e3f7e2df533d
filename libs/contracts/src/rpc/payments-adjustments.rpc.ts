import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { ADJUSTMENT_KINDS, type AdjustmentKind } from '../events/payments-operations.events.js';
import { REASON_CODE_PATTERN } from '../events/payments.events.js';
import { LARGEST_AMOUNT_MINOR, MoneyView } from '../money.js';
import { StaffListRequest } from './payments-staff.rpc.js';
import { CaseReferenceView } from './payments.rpc.js';
import { rpc } from './rpc.js';

/*
 * Waivers and adjustments: a cashier (or supervisor) proposes to waive an invoice or reduce it,
 * with a reason; a supervisor who is not the proposer approves or rejects it (four eyes:
 * `Policy.notProposer`, libs/contracts/src/access); the ledger records what is approved.
 */

export const PAYMENTS_ADJUSTMENT_PROPOSE = 'payments.adjustment.propose';
export const PAYMENTS_ADJUSTMENT_APPROVE = 'payments.adjustment.approve';
export const PAYMENTS_ADJUSTMENT_REJECT = 'payments.adjustment.reject';
export const PAYMENTS_ADJUSTMENT_GET = 'payments.adjustment.get';
export const PAYMENTS_ADJUSTMENT_LIST = 'payments.adjustment.list';

export const ADJUSTMENT_STATUSES = ['proposed', 'approved', 'rejected'] as const;
export type AdjustmentStatus = (typeof ADJUSTMENT_STATUSES)[number];

/** A staff member's note: printable text, no control characters but line breaks. */
// eslint-disable-next-line no-control-regex
export const NOTE_PATTERN = /^[^\u0000-\u0009\u000B\u000C\u000E-\u001F\u007F]+$/;
export const NOTE_MAX_LENGTH = 1_000;

/** The body of `POST /api/v1/invoices/{id}/adjustments`. */
export class ProposeAdjustmentBody {
  @ApiProperty({
    enum: ADJUSTMENT_KINDS,
    description: '`waiver`: nothing more is owed; `reduction`: `amountMinor` less is owed.',
  })
  @IsIn(ADJUSTMENT_KINDS)
  kind: AdjustmentKind;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: LARGEST_AMOUNT_MINOR,
    example: 2_500,
    description:
      'A reduction: the minor units taken off, less than what the invoice asks for. Not taken for a waiver.',
  })
  @ValidateIf(
    (body: ProposeAdjustmentBody) => body.kind === 'reduction' || body.amountMinor !== undefined,
  )
  @IsInt()
  @Min(1)
  @Max(LARGEST_AMOUNT_MINOR)
  amountMinor?: number;

  @ApiProperty({
    example: 'hardship',
    pattern: REASON_CODE_PATTERN.source,
    description: 'Why, as a code.',
  })
  @Matches(REASON_CODE_PATTERN, { message: 'reasonCode must be a code' })
  reasonCode: string;

  @ApiPropertyOptional({
    maxLength: NOTE_MAX_LENGTH,
    pattern: NOTE_PATTERN.source,
    description: "The proposer's note for the supervisor (kept by payments, never in an event).",
  })
  @ValidateIf((body: ProposeAdjustmentBody) => body.note !== undefined)
  @IsString()
  @MaxLength(NOTE_MAX_LENGTH)
  @Matches(NOTE_PATTERN, { message: 'note must be printable text' })
  note?: string;
}

/** `payments.adjustment.propose`. */
export class ProposeAdjustmentRequest extends ProposeAdjustmentBody {
  @IsUUID()
  invoiceId: string;
}

/** `payments.adjustment.approve`. */
export class ApproveAdjustmentRequest {
  @IsUUID()
  adjustmentId: string;
}

/** The body of `POST /api/v1/adjustments/{id}/reject`. */
export class RejectAdjustmentBody {
  @ApiProperty({
    example: 'not_eligible',
    pattern: REASON_CODE_PATTERN.source,
    description: 'Why it is refused, as a code.',
  })
  @Matches(REASON_CODE_PATTERN, { message: 'decisionCode must be a code' })
  decisionCode: string;
}

/** `payments.adjustment.reject`. */
export class RejectAdjustmentRequest extends RejectAdjustmentBody {
  @IsUUID()
  adjustmentId: string;
}

export class GetAdjustmentRequest {
  @IsUUID()
  adjustmentId: string;
}

/** `payments.adjustment.list`, and the query of `GET /api/v1/adjustments`. */
export class ListAdjustmentsRequest extends StaffListRequest {
  @ApiPropertyOptional({ enum: ADJUSTMENT_STATUSES })
  @IsOptional()
  @IsIn(ADJUSTMENT_STATUSES)
  status?: AdjustmentStatus;
}

export class AdjustmentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) invoiceId: string;
  @ApiProperty({ type: CaseReferenceView }) caseRef: CaseReferenceView;
  @ApiProperty({ format: 'uuid' }) payerAccountId: string;
  @ApiProperty({ enum: ADJUSTMENT_KINDS }) kind: AdjustmentKind;
  @ApiProperty({
    type: MoneyView,
    description: 'What it takes off: a waiver, all the invoice asked for when proposed.',
  })
  amount: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'What the invoice asked for when proposed.' })
  invoiceAmount: MoneyView;
  @ApiProperty() reasonCode: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ enum: ADJUSTMENT_STATUSES }) status: AdjustmentStatus;
  @ApiProperty({ format: 'uuid' }) proposedBy: string;
  @ApiProperty({ format: 'date-time' }) proposedAt: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) decidedBy: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was rejected.' })
  decisionCode: string | null;
}

export class AdjustmentsPage {
  @ApiProperty({ type: [AdjustmentView] }) items: AdjustmentView[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor`; null: no more.' })
  nextCursor: string | null;
}

export const PAYMENTS_ADJUSTMENTS_RPC = {
  [PAYMENTS_ADJUSTMENT_PROPOSE]: rpc<ProposeAdjustmentRequest, AdjustmentView>(
    ProposeAdjustmentRequest,
  ),
  [PAYMENTS_ADJUSTMENT_APPROVE]: rpc<ApproveAdjustmentRequest, AdjustmentView>(
    ApproveAdjustmentRequest,
  ),
  [PAYMENTS_ADJUSTMENT_REJECT]: rpc<RejectAdjustmentRequest, AdjustmentView>(
    RejectAdjustmentRequest,
  ),
  [PAYMENTS_ADJUSTMENT_GET]: rpc<GetAdjustmentRequest, AdjustmentView>(GetAdjustmentRequest),
  [PAYMENTS_ADJUSTMENT_LIST]: rpc<ListAdjustmentsRequest, AdjustmentsPage>(ListAdjustmentsRequest),
} as const;
