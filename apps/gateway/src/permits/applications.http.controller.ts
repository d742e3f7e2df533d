import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  UseFilters,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  ApplicationsPage,
  ApplicationView,
  DraftApplicationBody,
  ListApplicationsRequest,
  PERMITS_APPLICATION_DRAFT,
  PERMITS_APPLICATION_GET,
  PERMITS_APPLICATION_LIST,
  PERMITS_APPLICATION_SUBMIT,
  PERMITS_APPLICATION_UPDATE,
  PERMITS_APPLICATION_WITHDRAW,
  PERMIT_NUMBER_PATTERN,
  PERMITS_PERMIT_VERIFY,
  PermitVerification,
  UpdateApplicationBody,
} from '#contracts';
import { NatsBus } from '#platform';
import { Public, Roles } from '../access/access.decorators.js';
import { ServiceRefusalsFilter } from '../access/service-refusals.filter.js';
import { ProblemResponses } from '../http/problem-responses.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import { ID_PARAM, uuidParam } from '../payments/payments.dto.js';

/** Who reads applications: the applicant (their own) and staff who work or audit cases. */
const READERS = ['citizen', 'clerk', 'supervisor', 'inspector', 'auditor'] as const;

/** Permit applications, answered by permits over NATS. */
@ApiTags('permits')
@Controller('api/v1')
@UseFilters(ServiceRefusalsFilter)
export class ApplicationsHttpController {
  constructor(private readonly nats: NatsBus) {}

  @Post('applications')
  @HttpCode(201)
  @Roles('citizen')
  @Idempotent('optional')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Start a draft application',
    description:
      'Roles: citizen. A draft of a permit type that exists, pinned to its version in force (re-pinned at submission). `details` and `quantities` may be incomplete until submission. 422 `PERMITS.PERMIT_TYPE_UNKNOWN`.',
  })
  @ApiResponse({ status: 201, type: ApplicationView })
  @ProblemResponses(400, 401, 403, 413, 415, 422, 503, 504)
  draft(@Body() body: DraftApplicationBody): Promise<ApplicationView> {
    return this.nats.client.request(PERMITS_APPLICATION_DRAFT, body);
  }

  @Patch('applications/:id')
  @Roles('citizen')
  @ApiBearerAuth()
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Change a draft, or an application whose changes were requested',
    description:
      'Roles: citizen (the applicant only). What is sent replaces what was there. 409 `PERMITS.APPLICATION_NOT_EDITABLE` once submitted (until changes are requested).',
  })
  @ApiResponse({ status: 200, type: ApplicationView })
  @ProblemResponses(400, 401, 403, 404, 409, 413, 415, 422, 503, 504)
  update(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: UpdateApplicationBody,
  ): Promise<ApplicationView> {
    return this.nats.client.request(PERMITS_APPLICATION_UPDATE, { ...body, applicationId: id });
  }

  @Get('applications/:id')
  @Roles(...READERS)
  @ApiBearerAuth()
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'An application with its documents, revision items, inspections and timeline',
    description:
      "Roles: citizen (the applicant only), clerk, supervisor, inspector, auditor. The review due time in UTC and in the city's time zone; the timeline of every transition with its reason code (notes: staff see all, the applicant a decision's note); the permit once issued.",
  })
  @ApiResponse({ status: 200, type: ApplicationView })
  @ProblemResponses(401, 403, 404, 422, 503, 504)
  get(@Param('id', uuidParam('id')) id: string): Promise<ApplicationView> {
    return this.nats.client.request(PERMITS_APPLICATION_GET, { applicationId: id });
  }

  @Get('applications')
  @Roles(...READERS)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Applications, newest first',
    description:
      'Roles: citizen (their own, by `status`), clerk, supervisor, inspector, auditor (everyone’s, by `status`, `permitType`, `assigneeId`, `overdue`). Cursor pagination: pass `nextCursor` as `cursor`.',
  })
  @ApiResponse({ status: 200, type: ApplicationsPage })
  @ProblemResponses(401, 403, 422, 503, 504)
  list(@Query() query: ListApplicationsRequest): Promise<ApplicationsPage> {
    return this.nats.client.request(PERMITS_APPLICATION_LIST, query);
  }

  @Post('applications/:id/submit')
  @HttpCode(200)
  @Roles('citizen')
  @Idempotent('optional')
  @ApiBearerAuth()
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Submit a draft',
    description:
      'Roles: citizen (the applicant only). Checks the form against the type’s schema, the required quantities and document kinds, and refuses with every missing document and invalid field at once: 422 `PERMITS.APPLICATION_INCOMPLETE` (`missingDocuments`, `invalidFields`, and `errors`). Else: a case number, the type version pinned, the documents locked, `submitted`.',
  })
  @ApiResponse({ status: 200, type: ApplicationView })
  @ProblemResponses(401, 403, 404, 409, 422, 503, 504)
  submit(@Param('id', uuidParam('id')) id: string): Promise<ApplicationView> {
    return this.nats.client.request(PERMITS_APPLICATION_SUBMIT, { applicationId: id });
  }

  @Post('applications/:id/withdraw')
  @HttpCode(200)
  @Roles('citizen')
  @Idempotent('optional')
  @ApiBearerAuth()
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Withdraw an application',
    description:
      'Roles: citizen (the applicant only). A draft is withdrawn at once; after submission the case’s workflow cancels the invoice or refunds first. 409 `PERMITS.INVALID_TRANSITION` when it can no longer be withdrawn.',
  })
  @ApiResponse({ status: 200, type: ApplicationView })
  @ProblemResponses(401, 403, 404, 409, 422, 503, 504)
  withdraw(@Param('id', uuidParam('id')) id: string): Promise<ApplicationView> {
    return this.nats.client.request(PERMITS_APPLICATION_WITHDRAW, { applicationId: id });
  }

  @Get('permits/:permitNumber')
  @Public()
  @ApiParam({
    name: 'permitNumber',
    example: 'TL-P-2026-000001',
    schema: { type: 'string', pattern: PERMIT_NUMBER_PATTERN.source },
  })
  @ApiOperation({
    summary: 'Verify a permit by its number',
    description:
      "Roles: public (no login). Valid or not and why (expired, revoked), its type and validity dates, and the holder's display name only where the permit type makes it public; nothing else personal.",
  })
  @ApiResponse({ status: 200, type: PermitVerification })
  // Public, so under the public limit per client address (http/edge.ts).
  @ProblemResponses(404, 422, 429, 503, 504)
  verify(@Param('permitNumber') permitNumber: string): Promise<PermitVerification> {
    return this.nats.client.request(PERMITS_PERMIT_VERIFY, { permitNumber });
  }
}
