import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { TILL_ID_PATTERN } from '../events/payments-operations.events.js';
import { MoneyView } from '../money.js';
import { StaffListRequest } from './payments-staff.rpc.js';
import type { PaymentView } from './payments.rpc.js';
import { rpc } from './rpc.js';

/*
 * Counter payments: a cashier opens a till session, records payments in cash or by card
 * terminal against invoices within it, pays out refunds of counter payments from it, and closes
 * it with the cash counted, which is compared with what was recorded.
 */

export const PAYMENTS_TILL_OPEN = 'payments.till.open';
export const PAYMENTS_TILL_CLOSE = 'payments.till.close';
export const PAYMENTS_TILL_GET = 'payments.till.get';
export const PAYMENTS_TILL_LIST = 'payments.till.list';
export const PAYMENTS_COUNTER_PAYMENT_RECORD = 'payments.counter-payment.record';

/** How a counter payment is taken; also its payment's `provider`. */
export const COUNTER_METHODS = ['cash', 'card-terminal'] as const;
export type CounterMethod = (typeof COUNTER_METHODS)[number];

export const TILL_SESSION_STATUSES = ['open', 'closed'] as const;
export type TillSessionStatus = (typeof TILL_SESSION_STATUSES)[number];

/** The largest amount of cash a till is opened with or counted at (10^10 minor units). */
export const MAX_TILL_CASH_MINOR = 10_000_000_000;

/** The body of `POST /api/v1/till-sessions`. */
export class OpenTillBody {
  @ApiProperty({
    example: 'counter-1',
    pattern: TILL_ID_PATTERN.source,
    description: 'Which till (its cash drawer): one open session per till, and per cashier.',
  })
  @Matches(TILL_ID_PATTERN, { message: 'tillId must be a till name such as counter-1' })
  tillId: string;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: MAX_TILL_CASH_MINOR,
    example: 10_000,
    description: 'Cash in the till when it opens (minor units of the platform currency).',
  })
  @IsInt()
  @Min(0)
  @Max(MAX_TILL_CASH_MINOR)
  openingFloatMinor: number;
}

/** `payments.till.open`. */
export class OpenTillRequest extends OpenTillBody {}

/** The body of `POST /api/v1/till-sessions/{id}/close`. */
export class CloseTillBody {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: MAX_TILL_CASH_MINOR,
    example: 22_500,
    description: 'The cash counted in the till (minor units).',
  })
  @IsInt()
  @Min(0)
  @Max(MAX_TILL_CASH_MINOR)
  countedMinor: number;
}

/** `payments.till.close`. */
export class CloseTillRequest extends CloseTillBody {
  @IsUUID()
  tillSessionId: string;
}

export class GetTillSessionRequest {
  @IsUUID()
  tillSessionId: string;
}

/** `payments.till.list`, and the query of `GET /api/v1/till-sessions`. */
export class ListTillSessionsRequest extends StaffListRequest {
  @ApiPropertyOptional({ enum: TILL_SESSION_STATUSES })
  @IsOptional()
  @IsIn(TILL_SESSION_STATUSES)
  status?: TillSessionStatus;
}

/** The body of `POST /api/v1/till-sessions/{id}/payments`. */
export class RecordCounterPaymentBody {
  @ApiProperty({
    format: 'uuid',
    description: "The invoice paid: its amount is taken, in full (never the client's).",
  })
  @IsUUID()
  invoiceId: string;

  @ApiProperty({ enum: COUNTER_METHODS, description: 'Cash into the till, or a card terminal.' })
  @IsIn(COUNTER_METHODS)
  method: CounterMethod;
}

/** `payments.counter-payment.record`. */
export class RecordCounterPaymentRequest extends RecordCounterPaymentBody {
  @IsUUID()
  tillSessionId: string;
}

/** A till session, with what was recorded in it so far. */
export class TillSessionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'counter-1' }) tillId: string;
  @ApiProperty({ format: 'uuid' }) cashierId: string;
  @ApiProperty({ enum: TILL_SESSION_STATUSES }) status: TillSessionStatus;
  @ApiProperty({ type: MoneyView }) openingFloat: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'Cash payments taken.' }) cashIn: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'Refunds paid out in cash.' }) cashOut: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'Card terminal payments taken.' })
  cardTerminal: MoneyView;
  @ApiProperty({
    type: MoneyView,
    description: 'The cash that should be in the till: the float, plus cash in, less cash out.',
  })
  expected: MoneyView;
  @ApiProperty({ type: MoneyView, nullable: true, description: 'Counted at closing.' })
  counted: MoneyView | null;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description:
      'Minor units, `counted - expected` at closing: over if positive, short if negative.',
  })
  differenceMinor: number | null;
  @ApiProperty({ type: 'integer' }) paymentCount: number;
  @ApiProperty({ type: 'integer' }) payoutCount: number;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt: string | null;
}

export class TillSessionsPage {
  @ApiProperty({ type: [TillSessionView] }) items: TillSessionView[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor`; null: no more.' })
  nextCursor: string | null;
}

export const PAYMENTS_COUNTER_RPC = {
  [PAYMENTS_TILL_OPEN]: rpc<OpenTillRequest, TillSessionView>(OpenTillRequest),
  [PAYMENTS_TILL_CLOSE]: rpc<CloseTillRequest, TillSessionView>(CloseTillRequest),
  [PAYMENTS_TILL_GET]: rpc<GetTillSessionRequest, TillSessionView>(GetTillSessionRequest),
  [PAYMENTS_TILL_LIST]: rpc<ListTillSessionsRequest, TillSessionsPage>(ListTillSessionsRequest),
  [PAYMENTS_COUNTER_PAYMENT_RECORD]: rpc<RecordCounterPaymentRequest, PaymentView>(
    RecordCounterPaymentRequest,
  ),
} as const;
