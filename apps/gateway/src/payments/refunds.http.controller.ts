import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  CreateRefundBody,
  ListRefundsRequest,
  PAYMENTS_REFUND_CREATE,
  PAYMENTS_REFUND_GET,
  PAYMENTS_REFUND_LIST,
  PAYMENTS_REFUND_PAYOUT,
  PayoutRefundBody,
  RefundDetails,
  RefundsPage,
} from '#contracts';
import { NatsBus } from '#platform';
import { Roles } from '../access/access.decorators.js';
import { ServiceRefusalsFilter } from '../access/service-refusals.filter.js';
import { ProblemResponses } from '../http/problem-responses.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import { ID_PARAM, uuidParam } from './payments.dto.js';

/**
 * Refunds: asked by a cashier (a workflow's compensation asks over NATS), paid out at a till
 * for a counter payment, and read. Answered by the payments service; the gateway checks roles.
 */
@ApiTags('payments')
@ApiBearerAuth()
@Controller('api/v1')
@UseFilters(ServiceRefusalsFilter)
export class RefundsHttpController {
  constructor(private readonly nats: NatsBus) {}

  @Post('payments/:id/refunds')
  @Roles('cashier')
  @Idempotent('required')
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Refund a payment, in part or in full',
    description:
      "Roles: cashier (not a payment of their own). `refundAmountAvailable` must be the payment's `refundSummary.amountAvailable` as it is now: otherwise 412 `PAYMENTS.REFUND_AMOUNT_AVAILABLE_MISMATCH` (read the payment again), so concurrent refunds never take more than was paid. A payment made online is refunded by its provider: the refund answers `submitted` and ends `success` (with its receipt) or `error` when the provider says so. A counter payment (cash, card terminal) is paid out at once from the cashier's open till session (`tillSessionId`: 409 `PAYMENTS.REFUND_NEEDS_TILL_SESSION` without it, `PAYMENTS.REFUND_NOT_AT_COUNTER` with it for a payment made online). 409 `PAYMENTS.REFUND_NOT_AVAILABLE` (not a successful payment), `PAYMENTS.REFUND_EXCEEDS_AVAILABLE`, `PAYMENTS.TILL_CASH_INSUFFICIENT`.",
  })
  @ApiResponse({ status: 201, type: RefundDetails })
  @ProblemResponses(400, 401, 403, 404, 409, 412, 413, 415, 422, 503, 504)
  create(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: CreateRefundBody,
  ): Promise<RefundDetails> {
    return this.nats.client.request(PAYMENTS_REFUND_CREATE, { ...body, paymentId: id });
  }

  @Get('refunds')
  @Roles('cashier', 'auditor')
  @ApiOperation({
    summary: "Everyone's refunds by status and date, newest first",
    description:
      'Roles: cashier, auditor. Filters: `status`, `from` (at or after) and `to` (before) on when it was asked. Cursor pagination: pass `nextCursor` as `cursor`.',
  })
  @ApiResponse({ status: 200, type: RefundsPage })
  @ProblemResponses(401, 403, 422, 503, 504)
  list(@Query() query: ListRefundsRequest): Promise<RefundsPage> {
    return this.nats.client.request(PAYMENTS_REFUND_LIST, query);
  }

  @Get('refunds/:id')
  @Roles('citizen', 'cashier', 'auditor')
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'A refund',
    description: 'Roles: citizen (of their own payment), cashier, auditor.',
  })
  @ApiResponse({ status: 200, type: RefundDetails })
  @ProblemResponses(401, 403, 404, 422, 503, 504)
  get(@Param('id', uuidParam('id')) id: string): Promise<RefundDetails> {
    return this.nats.client.request(PAYMENTS_REFUND_GET, { refundId: id });
  }

  @Post('refunds/:id/payout')
  @Roles('cashier')
  @Idempotent('required')
  @HttpCode(200)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: "Pay out a counter payment's refund at the till",
    description:
      "Roles: cashier (their own open till session, not a payment of their own). A refund of a counter payment asked by a workflow waits `submitted` until a cashier pays it out: it then ends `success` with its receipt, the cash leaving the session's till. 409 `PAYMENTS.REFUND_NOT_AWAITING_PAYOUT` (finished, or refunded by a provider), `PAYMENTS.TILL_SESSION_CLOSED`, `PAYMENTS.TILL_CASH_INSUFFICIENT`; 403 `PAYMENTS.TILL_SESSION_NOT_YOURS`.",
  })
  @ApiResponse({ status: 200, type: RefundDetails })
  @ProblemResponses(400, 401, 403, 404, 409, 413, 415, 422, 503, 504)
  payout(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: PayoutRefundBody,
  ): Promise<RefundDetails> {
    return this.nats.client.request(PAYMENTS_REFUND_PAYOUT, { ...body, refundId: id });
  }
}
