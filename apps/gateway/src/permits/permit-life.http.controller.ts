import { Body, Controller, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  ApplicationView,
  PERMIT_NUMBER_PATTERN,
  PERMITS_PERMIT_RENEW,
  PERMITS_PERMIT_REVOKE,
  PermitVerification,
  RevokePermitBody,
} from '#contracts';
import { NatsBus } from '#platform';
import { Roles } from '../access/access.decorators.js';
import { ServiceRefusalsFilter } from '../access/service-refusals.filter.js';
import { ProblemResponses } from '../http/problem-responses.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';

const PERMIT_NUMBER_PARAM = {
  name: 'permitNumber',
  example: 'TL-P-2026-000001',
  schema: { type: 'string', pattern: PERMIT_NUMBER_PATTERN.source },
} as const;

/**
 * An issued permit's life (docs/permits.md, "A permit's life"): a supervisor revokes it, its
 * holder asks for a renewal within the window before it expires. Each is an Update of the
 * permit's workflow sent by permits after its own checks (its Update id derives from the
 * Idempotency-Key). Answered by the permits service.
 */
@ApiTags('permits')
@ApiBearerAuth()
@Controller('api/v1')
@UseFilters(ServiceRefusalsFilter)
export class PermitLifeHttpController {
  constructor(private readonly nats: NatsBus) {}

  @Post('permits/:permitNumber/revoke')
  @Roles('supervisor')
  @Idempotent('required')
  @HttpCode(200)
  @ApiParam(PERMIT_NUMBER_PARAM)
  @ApiOperation({
    summary: 'Revoke an issued permit',
    description:
      'Roles: supervisor (never a permit of their own: 403 `POLICY.OWN_CASE`). `reasonCode` from the fixed list; `note` stays in the case file, never in events. The permit’s workflow records the revocation (`gov.permits.permit.revoked.v1`, in the permit’s audit proof) before the answer: the public verification as it reads now (revoked). 404 `PERMITS.PERMIT_NOT_FOUND` (never issued), 409 `PERMITS.PERMIT_NOT_ACTIVE` (revoked or expired already), `PERMITS.PERMIT_CHANGE_IN_PROGRESS`, `PERMITS.CASE_NOT_STARTED` (issued a moment ago: ask again).',
  })
  @ApiResponse({ status: 200, type: PermitVerification })
  @ProblemResponses(400, 401, 403, 404, 409, 413, 415, 422, 503, 504)
  revoke(
    @Param('permitNumber') permitNumber: string,
    @Body() body: RevokePermitBody,
  ): Promise<PermitVerification> {
    return this.nats.client.request(PERMITS_PERMIT_REVOKE, { ...body, permitNumber });
  }

  @Post('permits/:permitNumber/renew')
  @Roles('citizen')
  @Idempotent('optional')
  @HttpCode(201)
  @ApiParam(PERMIT_NUMBER_PARAM)
  @ApiOperation({
    summary: 'Ask for a permit’s renewal',
    description:
      'Roles: citizen (the holder only; another’s permit is not found). Within the renewal window before the permit expires (`PERMITS_RENEWAL_WINDOW_DAYS`), once: a new application (its own id and case number, `renewalOf` the permit) with the original’s details, pinned to the type’s version in force and submitted, whose review clock is the type’s `renewalReviewDays`. The answer is that application. 404 `PERMITS.PERMIT_NOT_FOUND`, 409 `PERMITS.RENEWAL_WINDOW_CLOSED` (not yet open), `PERMITS.RENEWAL_ALREADY_REQUESTED`, `PERMITS.PERMIT_NOT_ACTIVE` (revoked or expired), `PERMITS.CASE_NOT_STARTED` (ask again).',
  })
  @ApiResponse({ status: 201, type: ApplicationView })
  @ProblemResponses(401, 403, 404, 409, 422, 503, 504)
  renew(@Param('permitNumber') permitNumber: string): Promise<ApplicationView> {
    return this.nats.client.request(PERMITS_PERMIT_RENEW, { permitNumber });
  }
}
