import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min, ValidateIf } from 'class-validator';
import { REASON_CODE_PATTERN } from '../events/payments.events.js';
import { LARGEST_AMOUNT_MINOR, MoneyView } from '../money.js';
import { StaffListRequest } from './payments-staff.rpc.js';
import { CaseReferenceView } from './payments.rpc.js';
import { rpc } from './rpc.js';

/*
 * Refunds asked by a cashier (`payments.refund.create`, `POST /api/v1/payments/{id}/refunds`)
 * or by a workflow's compensation (`payments.internal.refund.create`, payments.rpc.ts), the
 * payout of a counter payment's refund at a till, and the views of refunds.
 */

export const PAYMENTS_REFUND_CREATE = 'payments.refund.create';
export const PAYMENTS_REFUND_PAYOUT = 'payments.refund.payout';
export const PAYMENTS_REFUND_GET = 'payments.refund.get';
export const PAYMENTS_REFUND_LIST = 'payments.refund.list';

export const REFUND_STATUSES = ['submitted', 'success', 'error'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/** The body of `POST /api/v1/payments/{id}/refunds` (a cashier). */
export class CreateRefundBody {
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: LARGEST_AMOUNT_MINOR,
    example: 2_500,
    description: "Minor units to refund, in the payment's currency.",
  })
  @IsInt()
  @Min(1)
  @Max(LARGEST_AMOUNT_MINOR)
  amount: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: LARGEST_AMOUNT_MINOR,
    example: 12_500,
    description:
      "What the caller believes is still refundable (the payment's `refundSummary.amountAvailable`). Another value is refused 412 `PAYMENTS.REFUND_AMOUNT_AVAILABLE_MISMATCH`: read the payment again. So two refunds raced can never take more than was paid.",
  })
  @IsInt()
  @Min(0)
  @Max(LARGEST_AMOUNT_MINOR)
  refundAmountAvailable: number;

  @ApiProperty({
    example: 'application_withdrawn',
    pattern: REASON_CODE_PATTERN.source,
    description: 'Why, as a code (never free text).',
  })
  @Matches(REASON_CODE_PATTERN, { message: 'reasonCode must be a code' })
  reasonCode: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "A counter payment (cash, card terminal) is refunded at the counter: the cashier's open till session that pays it out. Not taken for a payment made online.",
  })
  // Absent, not null.
  @ValidateIf((body: CreateRefundBody) => body.tillSessionId !== undefined)
  @IsUUID()
  tillSessionId?: string;
}

/** `payments.refund.create`. */
export class CreateCashierRefundRequest extends CreateRefundBody {
  @IsUUID()
  paymentId: string;
}

/** The body of `POST /api/v1/refunds/{id}/payout`. */
export class PayoutRefundBody {
  @ApiProperty({
    format: 'uuid',
    description: "The cashier's open till session the money is paid out of.",
  })
  @IsUUID()
  tillSessionId: string;
}

/** `payments.refund.payout`: a counter payment's refund, paid out by a cashier at a till. */
export class PayoutRefundRequest extends PayoutRefundBody {
  @IsUUID()
  refundId: string;
}

export class GetRefundRequest {
  @IsUUID()
  refundId: string;
}

/** `payments.refund.list`, and the query of `GET /api/v1/refunds`. */
export class ListRefundsRequest extends StaffListRequest {
  @ApiPropertyOptional({ enum: REFUND_STATUSES })
  @IsOptional()
  @IsIn(REFUND_STATUSES)
  status?: RefundStatus;
}

/** A refund as staff and its payer see it. */
export class RefundDetails {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) paymentId: string;
  @ApiProperty({ format: 'uuid' }) invoiceId: string;
  @ApiProperty({ type: CaseReferenceView }) caseRef: CaseReferenceView;
  @ApiProperty({ format: 'uuid' }) payerAccountId: string;
  @ApiProperty({ type: MoneyView }) amount: MoneyView;
  @ApiProperty({
    enum: REFUND_STATUSES,
    description:
      '`submitted`: asked of the provider, or waiting to be paid out at a till (a counter payment); `success`: the money went back; `error`: it did not.',
  })
  status: RefundStatus;
  @ApiProperty({ example: 'application_withdrawn' }) reasonCode: string;
  @ApiProperty({
    description: 'Made by the platform itself (a payment that succeeded for a closed invoice).',
  })
  automatic: boolean;
  @ApiProperty({
    enum: ['provider', 'counter'],
    description: '`provider`: refunded by the payment provider; `counter`: paid out at a till.',
  })
  channel: 'provider' | 'counter';
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The till session that paid it out (a counter refund).',
  })
  tillSessionId: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The provider's refund id." })
  providerRef: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it ended in error.' })
  code: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) receiptId: string | null;
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;
}

export class RefundsPage {
  @ApiProperty({ type: [RefundDetails] }) items: RefundDetails[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor`; null: no more.' })
  nextCursor: string | null;
}

export const PAYMENTS_REFUNDS_RPC = {
  [PAYMENTS_REFUND_CREATE]: rpc<CreateCashierRefundRequest, RefundDetails>(
    CreateCashierRefundRequest,
  ),
  [PAYMENTS_REFUND_PAYOUT]: rpc<PayoutRefundRequest, RefundDetails>(PayoutRefundRequest),
  [PAYMENTS_REFUND_GET]: rpc<GetRefundRequest, RefundDetails>(GetRefundRequest),
  [PAYMENTS_REFUND_LIST]: rpc<ListRefundsRequest, RefundsPage>(ListRefundsRequest),
} as const;
