import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  AdjustmentsPage,
  AdjustmentView,
  LARGEST_AMOUNT_MINOR,
  ListAdjustmentsRequest,
  NOTE_MAX_LENGTH,
  NOTE_PATTERN,
  PAYMENTS_ADJUSTMENT_APPROVE,
  PAYMENTS_ADJUSTMENT_GET,
  PAYMENTS_ADJUSTMENT_LIST,
  PAYMENTS_ADJUSTMENT_PROPOSE,
  PAYMENTS_ADJUSTMENT_REJECT,
  ProposeAdjustmentBody,
  REASON_CODE_PATTERN,
  RejectAdjustmentBody,
} from '#contracts';
import type { SchemaObject } from '@nestjs/swagger';
import { NatsBus } from '#platform';
import { Roles } from '../access/access.decorators.js';
import { ServiceRefusalsFilter } from '../access/service-refusals.filter.js';
import { ProblemResponses } from '../http/problem-responses.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import { ID_PARAM, uuidParam } from './payments.dto.js';

const reasonCode = {
  type: 'string',
  pattern: REASON_CODE_PATTERN.source,
  example: 'hardship',
  description: 'Why, as a code.',
} as const;
const note = {
  type: 'string',
  pattern: NOTE_PATTERN.source,
  maxLength: NOTE_MAX_LENGTH,
  description: "The proposer's note for the supervisor (kept by payments, never in an event).",
} as const;

/**
 * The proposal's body as the document states it: a waiver takes off all that is due (no
 * amount), a reduction says how much (the class `ProposeAdjustmentBody` checks the same).
 */
const PROPOSAL_BODY: SchemaObject = {
  oneOf: [
    {
      type: 'object',
      title: 'Waiver',
      required: ['kind', 'reasonCode'],
      properties: {
        kind: { type: 'string', enum: ['waiver'], description: 'Nothing more is owed.' },
        reasonCode,
        note,
      },
    },
    {
      type: 'object',
      title: 'Reduction',
      required: ['kind', 'amountMinor', 'reasonCode'],
      properties: {
        kind: { type: 'string', enum: ['reduction'], description: '`amountMinor` less is owed.' },
        amountMinor: {
          type: 'integer',
          minimum: 1,
          maximum: LARGEST_AMOUNT_MINOR,
          example: 2_500,
          description: 'Minor units taken off, less than what the invoice asks for.',
        },
        reasonCode,
        note,
      },
    },
  ],
};

/**
 * Waivers and reductions of invoices: proposed by a cashier (or supervisor), decided by a
 * supervisor who did not propose them. Answered by the payments service.
 */
@ApiTags('payments')
@ApiBearerAuth()
@Controller('api/v1')
@UseFilters(ServiceRefusalsFilter)
export class AdjustmentsHttpController {
  constructor(private readonly nats: NatsBus) {}

  @Post('invoices/:id/adjustments')
  @Roles('cashier', 'supervisor')
  @Idempotent('required')
  @ApiParam(ID_PARAM)
  @ApiBody({ schema: PROPOSAL_BODY })
  @ApiOperation({
    summary: 'Propose to waive or reduce an open invoice',
    description:
      'Roles: cashier, supervisor (not an invoice of their own). Nothing changes until a supervisor who did not propose it approves it. One proposal waits per invoice (409 `PAYMENTS.ADJUSTMENT_PENDING`); a reduction leaves something to pay (409 `PAYMENTS.ADJUSTMENT_TOO_LARGE`: waive instead); 409 `PAYMENTS.INVOICE_NOT_OPEN`.',
  })
  @ApiResponse({ status: 201, type: AdjustmentView })
  @ProblemResponses(400, 401, 403, 404, 409, 413, 415, 422, 503, 504)
  propose(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: ProposeAdjustmentBody,
  ): Promise<AdjustmentView> {
    return this.nats.client.request(PAYMENTS_ADJUSTMENT_PROPOSE, { ...body, invoiceId: id });
  }

  @Get('adjustments')
  @Roles('cashier', 'supervisor', 'auditor')
  @ApiOperation({
    summary: 'Waivers and reductions by status and date, newest first',
    description:
      "Roles: cashier, supervisor, auditor. `status=proposed` is the supervisors' queue. Filters: `status`, `from` and `to` on when it was proposed. Cursor pagination: pass `nextCursor` as `cursor`.",
  })
  @ApiResponse({ status: 200, type: AdjustmentsPage })
  @ProblemResponses(401, 403, 422, 503, 504)
  list(@Query() query: ListAdjustmentsRequest): Promise<AdjustmentsPage> {
    return this.nats.client.request(PAYMENTS_ADJUSTMENT_LIST, query);
  }

  @Get('adjustments/:id')
  @Roles('cashier', 'supervisor', 'auditor')
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'A waiver or reduction',
    description: 'Roles: cashier, supervisor, auditor.',
  })
  @ApiResponse({ status: 200, type: AdjustmentView })
  @ProblemResponses(401, 403, 404, 422, 503, 504)
  get(@Param('id', uuidParam('id')) id: string): Promise<AdjustmentView> {
    return this.nats.client.request(PAYMENTS_ADJUSTMENT_GET, { adjustmentId: id });
  }

  @Post('adjustments/:id/approve')
  @Roles('supervisor')
  @Idempotent('required')
  @HttpCode(200)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Approve a proposed waiver or reduction',
    description:
      'Roles: supervisor, never the proposer (403 `POLICY.OWN_PROPOSAL`) nor for an invoice of their own. The invoice asks for less, or is closed `waived`; the ledger books it to `waivers`. Refused while the invoice is not open (409 `PAYMENTS.INVOICE_NOT_OPEN`) or has a payment in progress (409 `PAYMENTS.PAYMENT_IN_PROGRESS`); 409 `PAYMENTS.ADJUSTMENT_NOT_PROPOSED` once decided.',
  })
  @ApiResponse({ status: 200, type: AdjustmentView })
  @ProblemResponses(401, 403, 404, 409, 422, 503, 504)
  approve(@Param('id', uuidParam('id')) id: string): Promise<AdjustmentView> {
    return this.nats.client.request(PAYMENTS_ADJUSTMENT_APPROVE, { adjustmentId: id });
  }

  @Post('adjustments/:id/reject')
  @Roles('supervisor')
  @Idempotent('required')
  @HttpCode(200)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Reject a proposed waiver or reduction',
    description:
      'Roles: supervisor, never the proposer (403 `POLICY.OWN_PROPOSAL`) nor for an invoice of their own. The invoice is left as it is. 409 `PAYMENTS.ADJUSTMENT_NOT_PROPOSED` once decided.',
  })
  @ApiResponse({ status: 200, type: AdjustmentView })
  @ProblemResponses(400, 401, 403, 404, 409, 413, 415, 422, 503, 504)
  reject(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: RejectAdjustmentBody,
  ): Promise<AdjustmentView> {
    return this.nats.client.request(PAYMENTS_ADJUSTMENT_REJECT, { ...body, adjustmentId: id });
  }
}
