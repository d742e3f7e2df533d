import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  CloseTillBody,
  ListTillSessionsRequest,
  OpenTillBody,
  PAYMENTS_COUNTER_PAYMENT_RECORD,
  PAYMENTS_TILL_CLOSE,
  PAYMENTS_TILL_GET,
  PAYMENTS_TILL_LIST,
  PAYMENTS_TILL_OPEN,
  PaymentView,
  RecordCounterPaymentBody,
  TillSessionsPage,
  TillSessionView,
} from '#contracts';
import { NatsBus } from '#platform';
import { Roles } from '../access/access.decorators.js';
import { ServiceRefusalsFilter } from '../access/service-refusals.filter.js';
import { ProblemResponses } from '../http/problem-responses.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import { ID_PARAM, uuidParam } from './payments.dto.js';

/**
 * Counter tills: a cashier opens a session, records cash and card terminal payments within it,
 * and closes it with the cash counted. Answered by the payments service.
 */
@ApiTags('payments')
@ApiBearerAuth()
@Controller('api/v1/till-sessions')
@UseFilters(ServiceRefusalsFilter)
export class TillsHttpController {
  constructor(private readonly nats: NatsBus) {}

  @Post()
  @Roles('cashier')
  @Idempotent('required')
  @ApiOperation({
    summary: 'Open a till session',
    description:
      'Roles: cashier. One open session per till and per cashier: a second is refused 409 `PAYMENTS.TILL_ALREADY_OPEN`.',
  })
  @ApiResponse({ status: 201, type: TillSessionView })
  @ProblemResponses(400, 401, 403, 409, 413, 415, 422, 503, 504)
  open(@Body() body: OpenTillBody): Promise<TillSessionView> {
    return this.nats.client.request(PAYMENTS_TILL_OPEN, body);
  }

  @Get()
  @Roles('cashier', 'auditor')
  @ApiOperation({
    summary: 'Till sessions by status and date, newest first',
    description:
      'Roles: cashier, auditor. Filters: `status`, `from` and `to` on when it opened. Cursor pagination: pass `nextCursor` as `cursor`.',
  })
  @ApiResponse({ status: 200, type: TillSessionsPage })
  @ProblemResponses(401, 403, 422, 503, 504)
  list(@Query() query: ListTillSessionsRequest): Promise<TillSessionsPage> {
    return this.nats.client.request(PAYMENTS_TILL_LIST, query);
  }

  @Get(':id')
  @Roles('cashier', 'auditor')
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'A till session and what it recorded',
    description: 'Roles: cashier, auditor.',
  })
  @ApiResponse({ status: 200, type: TillSessionView })
  @ProblemResponses(401, 403, 404, 422, 503, 504)
  get(@Param('id', uuidParam('id')) id: string): Promise<TillSessionView> {
    return this.nats.client.request(PAYMENTS_TILL_GET, { tillSessionId: id });
  }

  @Post(':id/payments')
  @Roles('cashier')
  @Idempotent('required')
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Record a payment taken at the counter',
    description:
      "Roles: cashier (their own open session, not an invoice of their own). The invoice's amount is taken in full, in cash or by card terminal: the payment is `success` at once with its receipt, and the invoice paid. Refused like an online payment when the invoice is not open (409 `PAYMENTS.INVOICE_NOT_OPEN`) or has a payment in progress (409 `PAYMENTS.PAYMENT_IN_PROGRESS`); 409 `PAYMENTS.TILL_SESSION_CLOSED`; 403 `PAYMENTS.TILL_SESSION_NOT_YOURS`.",
  })
  @ApiResponse({ status: 201, type: PaymentView })
  @ProblemResponses(400, 401, 403, 404, 409, 413, 415, 422, 503, 504)
  recordPayment(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: RecordCounterPaymentBody,
  ): Promise<PaymentView> {
    return this.nats.client.request(PAYMENTS_COUNTER_PAYMENT_RECORD, {
      ...body,
      tillSessionId: id,
    });
  }

  @Post(':id/close')
  @Roles('cashier')
  @Idempotent('required')
  @HttpCode(200)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Close a till session with the cash counted',
    description:
      "Roles: cashier (their own session). The cash counted is compared with the cash expected (the float, plus cash taken, less cash paid out); the difference (`differenceMinor`: over if positive, short if negative) is booked in the ledger's `till_differences`. 409 `PAYMENTS.TILL_SESSION_CLOSED`.",
  })
  @ApiResponse({ status: 200, type: TillSessionView })
  @ProblemResponses(400, 401, 403, 404, 409, 413, 415, 422, 503, 504)
  close(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: CloseTillBody,
  ): Promise<TillSessionView> {
    return this.nats.client.request(PAYMENTS_TILL_CLOSE, { ...body, tillSessionId: id });
  }
}
