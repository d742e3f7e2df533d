import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Res,
  StreamableFile,
  UseFilters,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  AssignBody,
  COMPLAINT_STATUSES,
  ComplaintCaseView,
  COMPLAINTS_CASE_ASSIGN,
  COMPLAINTS_CASE_GET,
  COMPLAINTS_CASE_MODERATE,
  COMPLAINTS_CASE_NOTE,
  COMPLAINTS_CASE_STATUS,
  COMPLAINTS_DUPLICATE_CONFIRM,
  COMPLAINTS_DUPLICATE_DISMISS,
  COMPLAINTS_MEDIA_GET,
  COMPLAINTS_TEMPLATE_LIST,
  COMPLAINTS_TEMPLATE_PUT,
  COMPLAINTS_TRIAGE_QUEUE,
  DuplicateBody,
  InternalNoteView,
  LANGUAGE_PATTERN,
  ModerationBody,
  NoteBody,
  StatusBody,
  TemplateListRequest,
  TemplateView,
  TriageQueue,
  TriageQueueRequest,
  type ComplaintStatus,
} from '#contracts';
import { NatsBus } from '#platform';
import { FileStorage } from '#storage';
import { Roles } from '../access/access.decorators.js';
import { ServiceRefusalsFilter } from '../access/service-refusals.filter.js';
import { paramProblem } from '../http/param-problems.js';
import { ProblemResponses } from '../http/problem-responses.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import { ID_PARAM, uuidParam } from '../payments/payments.dto.js';
import { sendPhoto } from './complaints.http.controller.js';
import { MEDIA_ID_PARAM, TemplateTextBody } from './complaints.dto.js';

const STAFF = ['clerk', 'supervisor', 'admin'] as const;

/** A path's status: one of the internal statuses, or a 422 naming the parameter. */
const statusParam = (value: string): ComplaintStatus => {
  if ((COMPLAINT_STATUSES as readonly string[]).includes(value)) return value as ComplaintStatus;
  throw paramProblem('status', 'IS_IN')('must be an internal status');
};
const langParam = (value: string): string => {
  if (LANGUAGE_PATTERN.test(value)) return value;
  throw paramProblem('lang', 'MATCHES')('must be a language tag such as en or pt-BR');
};

/**
 * The staff side of complaints (clerks, supervisors, admins), answered by the complaints
 * service: the triage queue, a case with the reporter's contact, the exact point and internal
 * notes, assignment, status changes with their public update (the text given or the status's
 * template), notes, moderation, duplicates and the response templates. Steps that move a case
 * go to its workflow as Updates whose id derives from the Idempotency-Key, and answer once the
 * workflow recorded them.
 */
@ApiTags('complaints (staff)')
@ApiBearerAuth()
@Controller('api/v1/complaints')
@UseFilters(ServiceRefusalsFilter)
export class ComplaintsStaffHttpController {
  constructor(
    private readonly nats: NatsBus,
    private readonly storage: FileStorage,
  ) {}

  @Get('queue')
  @Roles(...STAFF)
  @ApiOperation({
    summary: 'The triage queue: open work, oldest first',
    description:
      'Roles: clerk, supervisor, admin. Filters: `status`, `departmentCode`, `officer` (an officer id, or `me`).',
  })
  @ApiResponse({ status: 200, type: TriageQueue })
  @ProblemResponses(401, 403, 422, 503, 504)
  queue(@Query() query: TriageQueueRequest): Promise<TriageQueue> {
    return this.nats.client.request(COMPLAINTS_TRIAGE_QUEUE, query);
  }

  @Get('templates')
  @Roles(...STAFF)
  @ApiOperation({
    summary: 'The response templates (the public text of each status per language)',
    description: 'Roles: clerk, supervisor, admin.',
  })
  @ApiResponse({ status: 200, type: [TemplateView] })
  @ProblemResponses(401, 403, 422, 503, 504)
  templates(@Query() query: TemplateListRequest): Promise<TemplateView[]> {
    return this.nats.client.request(COMPLAINTS_TEMPLATE_LIST, query);
  }

  @Put('templates/:status/:lang')
  @Roles('supervisor', 'admin')
  @Idempotent('optional')
  @ApiParam({ name: 'status', enum: COMPLAINT_STATUSES })
  @ApiParam({
    name: 'lang',
    example: 'en',
    schema: { type: 'string', pattern: LANGUAGE_PATTERN.source },
  })
  @ApiOperation({
    summary: 'Set the response template of a status in a language',
    description: 'Roles: supervisor, admin.',
  })
  @ApiResponse({ status: 200, type: TemplateView })
  @ProblemResponses(400, 401, 403, 415, 422, 503, 504)
  putTemplate(
    @Param('status') status: string,
    @Param('lang') lang: string,
    @Body() body: TemplateTextBody,
  ): Promise<TemplateView> {
    return this.nats.client.request(COMPLAINTS_TEMPLATE_PUT, {
      status: statusParam(status),
      lang: langParam(lang),
      text: body.text,
    });
  }

  @Get('cases/:id')
  @Roles(...STAFF)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'A case as staff work it',
    description:
      "Roles: clerk, supervisor, admin. The public view plus priority, department, officer, the description as submitted and its moderation, the exact point and full address, attributes, the reporter's contact, photos with their moderation, duplicate suggestions, confirmed duplicates, internal notes and every public update.",
  })
  @ApiResponse({ status: 200, type: ComplaintCaseView })
  @ProblemResponses(401, 403, 404, 422, 503, 504)
  getCase(@Param('id', uuidParam('id')) id: string): Promise<ComplaintCaseView> {
    return this.nats.client.request(COMPLAINTS_CASE_GET, { requestId: id });
  }

  @Post('cases/:id/assign')
  @Roles(...STAFF)
  @Idempotent('optional')
  @HttpCode(200)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Assign a case to a department (and an officer)',
    description:
      'Roles: clerk, supervisor, admin. Through the case’s workflow; a closed case is 409 `COMPLAINTS.INVALID_TRANSITION`, an unknown department 422 `COMPLAINTS.DEPARTMENT_NOT_FOUND`.',
  })
  @ApiResponse({ status: 200, type: ComplaintCaseView })
  @ProblemResponses(400, 401, 403, 404, 409, 415, 422, 503, 504)
  assign(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: AssignBody,
  ): Promise<ComplaintCaseView> {
    return this.nats.client.request(COMPLAINTS_CASE_ASSIGN, { ...body, requestId: id });
  }

  @Post('cases/:id/status')
  @Roles(...STAFF)
  @Idempotent('optional')
  @HttpCode(200)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Change the status of a case, with its public update',
    description:
      'Roles: clerk, supervisor, admin. From `for_triage` a working status triages the case (with an optional `priority`: the resolution deadline follows it); between working statuses it changes; `fixed`, `not_responsible`, `no_further_action`, `internal_referral` resolve it (Open311 shows `closed` after the configured days). `duplicate` goes through `POST .../duplicate`. The public update is `statusNotes`, else the template of the status in `lang` (default en). Refusals of the workflow: 409 `COMPLAINTS.INVALID_TRANSITION` / `COMPLAINTS.DECISION_PENDING`.',
  })
  @ApiResponse({ status: 200, type: ComplaintCaseView })
  @ProblemResponses(400, 401, 403, 404, 409, 415, 422, 503, 504)
  status(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: StatusBody,
  ): Promise<ComplaintCaseView> {
    return this.nats.client.request(COMPLAINTS_CASE_STATUS, { ...body, requestId: id });
  }

  @Post('cases/:id/notes')
  @Roles(...STAFF)
  @Idempotent('optional')
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Add an internal note (never public)',
    description: 'Roles: clerk, supervisor, admin.',
  })
  @ApiResponse({ status: 201, type: InternalNoteView })
  @ProblemResponses(400, 401, 403, 404, 415, 422, 503, 504)
  note(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: NoteBody,
  ): Promise<InternalNoteView> {
    return this.nats.client.request(COMPLAINTS_CASE_NOTE, { ...body, requestId: id });
  }

  @Post('cases/:id/moderation')
  @Roles(...STAFF)
  @Idempotent('optional')
  @HttpCode(200)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Approve or reject the description and photos',
    description:
      'Roles: clerk, supervisor, admin. Only approved text and photos become public (Open311 and REST); `media` maps a photo id of the case to `approved` or `rejected` (another id: 422 `COMPLAINTS.MEDIA_INVALID`).',
  })
  @ApiResponse({ status: 200, type: ComplaintCaseView })
  @ProblemResponses(400, 401, 403, 404, 415, 422, 503, 504)
  moderate(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: ModerationBody,
  ): Promise<ComplaintCaseView> {
    return this.nats.client.request(COMPLAINTS_CASE_MODERATE, { ...body, requestId: id });
  }

  @Get('staff-media/:mediaId')
  @Roles(...STAFF)
  @ApiParam(MEDIA_ID_PARAM)
  @ApiProduces('image/jpeg', 'image/png', 'image/webp', 'image/gif')
  @ApiOperation({
    summary: 'A photo of a case, moderated or not',
    description: 'Roles: clerk, supervisor, admin (to moderate it).',
  })
  @ApiResponse({ status: 200, description: 'The photo.' })
  @ProblemResponses(401, 403, 404, 422, 503, 504)
  async photo(
    @Param('mediaId', uuidParam('mediaId')) mediaId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const file = await this.nats.client.request(COMPLAINTS_MEDIA_GET, { mediaId });
    return sendPhoto(this.storage, file, reply);
  }

  @Post('cases/:id/duplicate')
  @Roles(...STAFF)
  @Idempotent('optional')
  @HttpCode(200)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Confirm a case as a duplicate of an open one',
    description:
      "Roles: clerk, supervisor, admin. Links the two both ways (the original lists it in `duplicates`, it shows `duplicateOf`), its signed-in reporter follows the original, and its workflow resolves it as `duplicate`. Refused 409 `COMPLAINTS.DUPLICATE_INVALID` for itself, another service's request, a resolved case, or an original that is closed or itself a duplicate.",
  })
  @ApiResponse({ status: 200, type: ComplaintCaseView })
  @ProblemResponses(400, 401, 403, 404, 409, 415, 422, 503, 504)
  confirmDuplicate(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: DuplicateBody,
  ): Promise<ComplaintCaseView> {
    return this.nats.client.request(COMPLAINTS_DUPLICATE_CONFIRM, { ...body, requestId: id });
  }

  @Post('cases/:id/duplicate/dismiss')
  @Roles(...STAFF)
  @Idempotent('optional')
  @HttpCode(200)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Dismiss a duplicate suggestion',
    description:
      'Roles: clerk, supervisor, admin. The suggestion is kept as dismissed; no such suggestion is 409 `COMPLAINTS.DUPLICATE_INVALID`.',
  })
  @ApiResponse({ status: 200, type: ComplaintCaseView })
  @ProblemResponses(400, 401, 403, 404, 409, 415, 422, 503, 504)
  dismissDuplicate(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: DuplicateBody,
  ): Promise<ComplaintCaseView> {
    return this.nats.client.request(COMPLAINTS_DUPLICATE_DISMISS, { ...body, requestId: id });
  }
}
