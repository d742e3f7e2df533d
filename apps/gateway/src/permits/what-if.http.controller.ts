import { Body, Controller, Get, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  PERMITS_WHAT_IF_GET,
  PERMITS_WHAT_IF_START,
  WhatIfJobView,
  WhatIfRequest,
} from '#contracts';
import { NatsBus } from '#platform';
import { Roles } from '../access/access.decorators.js';
import { ServiceRefusalsFilter } from '../access/service-refusals.filter.js';
import { ProblemResponses } from '../http/problem-responses.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import { ID_PARAM, uuidParam } from '../payments/payments.dto.js';

/**
 * What-if replay: how the cases of a period would have gone under a proposed fee rule and/or
 * SLA, recomputed by the permits service in the background (docs/permits.md, "What-if
 * replay"). Nothing but the job is written.
 */
@ApiTags('permits')
@ApiBearerAuth()
@Controller('api/v1/what-if')
@UseFilters(ServiceRefusalsFilter)
export class WhatIfHttpController {
  constructor(private readonly nats: NatsBus) {}

  @Post()
  @Roles('supervisor')
  @Idempotent('optional')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Replay past cases under a proposed fee rule and SLA',
    description:
      'Roles: supervisor. Queues a job that recomputes the fee and due dates of every case submitted from `from` to `to` (days in the city’s time zone, both included) under the proposed `feeRules` (per permit type) and `slas` (review, completeness and payment working days, remedy; per type or, without `permitType`, for every type), with the business calendar as it stands, and reports per permit type: missed review deadlines, lapses, decisions and the median days to decision, actual beside proposed, and the revenue difference. Answers 202 with the job; read it at `GET /api/v1/what-if/{id}`. 422 `PERMITS.INVALID_WHAT_IF` (nothing proposed, `to` before `from`, an unknown type or quantity).',
  })
  @ApiResponse({ status: 202, type: WhatIfJobView })
  @ProblemResponses(400, 401, 403, 409, 413, 415, 422, 503, 504)
  start(@Body() body: WhatIfRequest): Promise<WhatIfJobView> {
    return this.nats.client.request(PERMITS_WHAT_IF_START, body);
  }

  @Get(':id')
  @Roles('supervisor')
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'A what-if job and its report',
    description:
      'Roles: supervisor. `queued`, `running`, `done` (with `report`) or `failed` (with `error`). 404 `PERMITS.WHAT_IF_NOT_FOUND`.',
  })
  @ApiResponse({ status: 200, type: WhatIfJobView })
  @ProblemResponses(401, 403, 404, 422, 503, 504)
  get(@Param('id', uuidParam('id')) id: string): Promise<WhatIfJobView> {
    return this.nats.client.request(PERMITS_WHAT_IF_GET, { id });
  }
}
