import type { SchemaObject } from '@nestjs/swagger';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  ComplaintReportFields,
  ComplaintStats,
  ComplaintStatsRequest,
  COMPLAINTS_FEEDBACK_SUBMIT,
  COMPLAINTS_MEDIA_GET,
  COMPLAINTS_REQUEST_CREATE,
  COMPLAINTS_REQUEST_FOLLOW,
  COMPLAINTS_REQUEST_GET_OWN,
  COMPLAINTS_REQUEST_LIST_OWN,
  COMPLAINTS_REQUEST_REOPEN,
  COMPLAINTS_STATS_GET,
  CreatedComplaint,
  FeedbackBody,
  FeedbackReceipt,
  ListOwnComplaintsRequest,
  OwnComplaintDetail,
  OwnComplaintsPage,
  ReopenBody,
} from '#contracts';
import { NatsBus } from '#platform';
import { FileStorage } from '#storage';
import { Public, Roles } from '../access/access.decorators.js';
import { ServiceRefusalsFilter } from '../access/service-refusals.filter.js';
import { ProblemResponses } from '../http/problem-responses.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import { ID_PARAM, uuidParam } from '../payments/payments.dto.js';
import { UPLOAD_ROUTE } from '../uploads/multipart.js';
import {
  ComplaintFormInterceptor,
  mediaOf,
  type ComplaintFormRequest,
} from './complaint-form.interceptor.js';
import { DOCUMENT_CONTENT_SECURITY_POLICY } from '../permits/documents.http.controller.js';
import { ComplaintForm, MEDIA_ID_PARAM } from './complaints.dto.js';

/**
 * How a stored photo is sent: its own type, never sniffed, as an attachment, under the
 * documents' sandboxing policy (never active content on the site's origin), cacheable. Pages
 * show it with an `<img>`, which neither header hinders.
 */
export const sendPhoto = async (
  storage: FileStorage,
  file: { storageKey: string; contentType: string },
  reply: FastifyReply,
): Promise<StreamableFile> => {
  const content = await storage.get(file.storageKey);
  void reply.header('content-type', file.contentType);
  void reply.header('content-length', String(content.size));
  void reply.header('x-content-type-options', 'nosniff');
  void reply.header('content-disposition', 'attachment');
  void reply.header('content-security-policy', DOCUMENT_CONTENT_SECURITY_POLICY);
  void reply.header('cache-control', 'private, max-age=300');
  return new StreamableFile(content.stream);
};

/**
 * The citizen's side of complaints (`/api/v1/complaints`), answered by the complaints service
 * over NATS: filing a report (JSON, or multipart with a photo), their own reports and those
 * they follow, feedback and reopening by the reporter (their account, or the secret handed
 * back at filing for an anonymous report), the public stats and the moderated photos. Open311
 * clients use `/open311/v2` instead. The gateway checks the role; the service decides whether
 * the caller is the reporter.
 */
@ApiTags('complaints')
@Controller('api/v1/complaints')
@UseFilters(ServiceRefusalsFilter)
@ApiExtraModels(ComplaintReportFields, ComplaintForm)
export class ComplaintsHttpController {
  constructor(
    private readonly nats: NatsBus,
    private readonly storage: FileStorage,
  ) {}

  @Post()
  @Roles('citizen')
  @RouteConfig({ [UPLOAD_ROUTE]: true })
  @UseInterceptors(ComplaintFormInterceptor)
  @Idempotent('optional')
  @ApiBearerAuth()
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({
    required: true,
    schema: {
      'x-per-media-type': {
        'application/json': { $ref: getSchemaPath(ComplaintReportFields) },
        'multipart/form-data': { $ref: getSchemaPath(ComplaintForm) },
      },
    } as SchemaObject,
  })
  @ApiOperation({
    summary: 'File a report',
    description:
      "Roles: citizen (the report is theirs: they list, follow, rate and reopen it with their account). JSON, or multipart/form-data with the same fields (`attribute[code]`, repeated for a multi-value list) and one photo `media`: its type read from its content (JPEG, PNG, WebP, GIF; else 415), at most GATEWAY_UPLOAD_MAX_BYTES (413), EXIF and PNG text stripped before it is stored. Location by `lat`/`long`, `addressString` (matched against the city's gazetteer) or `addressId`; outside the city 422 `COMPLAINTS.OUTSIDE_BOUNDARY`. The service's attributes are checked (required, datatype, list values: 422 `COMPLAINTS.ATTRIBUTE_*` naming `attribute[code]`), a description over 4,000 characters is 422 `COMPLAINTS.DESCRIPTION_TOO_LONG`. Nothing is created when refused. The description and photo become public only after staff moderation. Answers the request id, its Open311 token, the reporter's secret (shown once) and a likely duplicate (`suspectedDuplicateOf`).",
  })
  @ApiResponse({ status: 201, type: CreatedComplaint })
  @ProblemResponses(400, 401, 403, 404, 413, 415, 422, 503, 504)
  file(
    @Body() body: ComplaintReportFields,
    @Req() request: ComplaintFormRequest,
  ): Promise<CreatedComplaint> {
    return this.nats.client.request(COMPLAINTS_REQUEST_CREATE, {
      ...body,
      channel: 'api',
      ...mediaOf(request.complaintPhoto),
    });
  }

  @Get()
  @Roles('citizen')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'My reports and those I follow, newest first',
    description:
      'Roles: citizen (their own, and the ones they follow: `relation`). Cursor pagination: pass `nextCursor` as `cursor`.',
  })
  @ApiResponse({ status: 200, type: OwnComplaintsPage })
  @ProblemResponses(401, 403, 422, 503, 504)
  listOwn(@Query() query: ListOwnComplaintsRequest): Promise<OwnComplaintsPage> {
    return this.nats.client.request(COMPLAINTS_REQUEST_LIST_OWN, query);
  }

  @Get('stats')
  @Public()
  @ApiOperation({
    summary: 'Satisfaction and NPS per month, service and department',
    description:
      'Roles: public (no login). Answers from the reporters\' feedback: responses, share "fixed", mean rating (1–5) and NPS (% 9–10 minus % 0–6). No personal data; groups with fewer answers than `minimumCount` are suppressed (figures null).',
  })
  @ApiResponse({ status: 200, type: ComplaintStats })
  @ProblemResponses(422, 503, 504)
  stats(@Query() query: ComplaintStatsRequest): Promise<ComplaintStats> {
    return this.nats.client.request(COMPLAINTS_STATS_GET, query);
  }

  @Get('media/:mediaId')
  @Public()
  @ApiParam(MEDIA_ID_PARAM)
  @ApiProduces('image/jpeg', 'image/png', 'image/webp', 'image/gif')
  @ApiOperation({
    summary: "A report's photo (its `media_url`)",
    description:
      'Roles: public (no login). Only once staff approved it: a photo waiting for moderation or rejected is 404 `COMPLAINTS.MEDIA_NOT_FOUND`, as one that does not exist. Stored without its EXIF; sent with `X-Content-Type-Options: nosniff` and `Content-Security-Policy: sandbox`.',
  })
  @ApiResponse({ status: 200, description: 'The photo.' })
  @ProblemResponses(404, 422, 503, 504)
  async photo(
    @Param('mediaId', uuidParam('mediaId')) mediaId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const file = await this.nats.client.request(COMPLAINTS_MEDIA_GET, { mediaId });
    return sendPhoto(this.storage, file, reply);
  }

  @Get(':id')
  @Roles('citizen')
  @ApiBearerAuth()
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'One of my reports (or one I follow)',
    description:
      "Roles: citizen (the reporter, or a follower; anyone else's is 403 `COMPLAINTS.NOT_REPORTER`). The public view with the description as written, the reopen window, whether feedback was given and the public updates, oldest first.",
  })
  @ApiResponse({ status: 200, type: OwnComplaintDetail })
  @ProblemResponses(401, 403, 404, 422, 503, 504)
  getOwn(@Param('id', uuidParam('id')) id: string): Promise<OwnComplaintDetail> {
    return this.nats.client.request(COMPLAINTS_REQUEST_GET_OWN, { requestId: id });
  }

  @Post(':id/follow')
  @Roles('citizen')
  @Idempotent('optional')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Follow a report',
    description:
      'Roles: citizen. The report then shows among their own (`relation: follower`); following twice changes nothing.',
  })
  @ApiResponse({ status: 200, schema: { example: { following: true } } })
  @ProblemResponses(401, 403, 404, 422, 503, 504)
  follow(@Param('id', uuidParam('id')) id: string): Promise<{ following: true }> {
    return this.nats.client.request(COMPLAINTS_REQUEST_FOLLOW, { requestId: id });
  }

  @Post(':id/feedback')
  @Roles('citizen')
  @Idempotent('optional')
  @ApiBearerAuth()
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Answer the feedback on a resolved report (the reporter)',
    description:
      'Roles: citizen (the account that filed it; others 403 `COMPLAINTS.NOT_REPORTER`). "Has this been fixed?" (`fixed`), a 1–5 `rating` with a `comment`, a 0–10 `recommendScore`; once per resolution (409 `COMPLAINTS.FEEDBACK_ALREADY_GIVEN`), only once resolved (409 `COMPLAINTS.NOT_RESOLVED`). `fixed: false` within the reopen window reopens the case (`reopened: true`).',
  })
  @ApiResponse({ status: 201, type: FeedbackReceipt })
  @ProblemResponses(400, 401, 403, 404, 409, 415, 422, 503, 504)
  feedback(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: FeedbackBody,
  ): Promise<FeedbackReceipt> {
    return this.nats.client.request(COMPLAINTS_FEEDBACK_SUBMIT, { ...body, requestId: id });
  }

  @Post(':id/feedback/anonymous')
  @Public()
  @Idempotent('optional')
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Answer the feedback with the report’s secret (anonymous reports)',
    description:
      'Roles: public (no login): the `secret` handed back when the report was filed proves the reporter (else 403 `COMPLAINTS.REPORTER_REQUIRED`). Otherwise as `POST /api/v1/complaints/{id}/feedback`.',
  })
  @ApiResponse({ status: 201, type: FeedbackReceipt })
  @ProblemResponses(400, 403, 404, 409, 415, 422, 503, 504)
  anonymousFeedback(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: FeedbackBody,
  ): Promise<FeedbackReceipt> {
    return this.nats.client.request(COMPLAINTS_FEEDBACK_SUBMIT, { ...body, requestId: id });
  }

  @Post(':id/reopen')
  @Roles('citizen', 'clerk', 'supervisor')
  @Idempotent('optional')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Reopen a resolved report within its reopen window',
    description:
      "Roles: citizen (the reporter's account; others 403 `COMPLAINTS.NOT_REPORTER`), clerk, supervisor. Within the service's reopen window after resolution; after it 409 `COMPLAINTS.REOPEN_WINDOW_PASSED` (file a new report). The case's workflow reopens it (`investigating`).",
  })
  @ApiResponse({ status: 200, type: FeedbackReceipt })
  @ProblemResponses(400, 401, 403, 404, 409, 415, 422, 503, 504)
  reopen(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: ReopenBody,
  ): Promise<FeedbackReceipt> {
    return this.nats.client.request(COMPLAINTS_REQUEST_REOPEN, { ...body, requestId: id });
  }

  @Post(':id/reopen/anonymous')
  @Public()
  @Idempotent('optional')
  @HttpCode(200)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Reopen with the report’s secret (anonymous reports)',
    description:
      'Roles: public (no login): the `secret` handed back at filing proves the reporter (else 403 `COMPLAINTS.REPORTER_REQUIRED`). Otherwise as `POST /api/v1/complaints/{id}/reopen`.',
  })
  @ApiResponse({ status: 200, type: FeedbackReceipt })
  @ProblemResponses(400, 403, 404, 409, 415, 422, 503, 504)
  anonymousReopen(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: ReopenBody,
  ): Promise<FeedbackReceipt> {
    return this.nats.client.request(COMPLAINTS_REQUEST_REOPEN, { ...body, requestId: id });
  }
}
