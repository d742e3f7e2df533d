import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  InspectionDay,
  InspectionDayQuery,
  InspectionCaseView,
  PERMITS_INSPECTION_LIST_DAY,
  PERMITS_INSPECTION_RECORD_RESULT,
  PERMITS_INSPECTION_SCHEDULE,
  RecordInspectionResultBody,
  ScheduleInspectionBody,
} from '#contracts';
import { NatsBus, newId } from '#platform';
import { Roles } from '../access/access.decorators.js';
import { ServiceRefusalsFilter } from '../access/service-refusals.filter.js';
import { ProblemResponses } from '../http/problem-responses.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import { ID_PARAM, uuidParam } from '../payments/payments.dto.js';
import { StoredUploads, UploadFile } from '../uploads/upload-file.decorator.js';
import type { ReceivedFile } from '../uploads/receive-upload.js';
import {
  INSPECTION_PHOTOS,
  MAX_PHOTOS,
  photoInputs,
  RecordInspectionResultForm,
} from './inspection-photos.js';
import { InspectorList, Inspectors } from './inspectors.js';

/**
 * Inspections of permit cases: scheduled by a clerk or supervisor, their result recorded by
 * the assigned inspector, an inspector's day. Answered by the permits service; the gateway
 * checks that the inspector named is an active account with the inspector role.
 */
@ApiTags('permits')
@ApiBearerAuth()
@Controller('api/v1')
@UseFilters(ServiceRefusalsFilter)
export class InspectionsHttpController {
  constructor(
    private readonly nats: NatsBus,
    private readonly inspectors: Inspectors,
  ) {}

  @Post('applications/:id/inspections')
  @Roles('clerk', 'supervisor')
  @Idempotent('optional')
  @HttpCode(201)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Schedule the next inspection of an application',
    description:
      "Roles: clerk, supervisor (never their own application). `inspectorId` must be an active account with the inspector role (422 `PERMITS.NOT_AN_INSPECTOR`), `date` a day in the city's time zone. 409 `PERMITS.INVALID_TRANSITION` (not in a step that inspects), `PERMITS.REINSPECTION_LIMIT_REACHED`.",
  })
  @ApiResponse({ status: 201, type: InspectionCaseView })
  @ProblemResponses(400, 401, 403, 404, 409, 413, 415, 422, 503, 504)
  async schedule(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: ScheduleInspectionBody,
  ): Promise<InspectionCaseView> {
    await this.inspectors.require(body.inspectorId);
    return this.nats.client.request(PERMITS_INSPECTION_SCHEDULE, { ...body, applicationId: id });
  }

  @Post('inspections/:id/result')
  @Roles('inspector')
  @UploadFile(INSPECTION_PHOTOS, { form: RecordInspectionResultForm, idempotency: 'optional' })
  @HttpCode(200)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Record the result of an inspection',
    description: `Roles: inspector (only the one assigned: 403 \`PERMITS.NOT_ASSIGNED_INSPECTOR\`). multipart/form-data: \`outcome\` (\`pass\` or \`fail\`), \`findings\` (kept in the case file, never in events) and up to ${MAX_PHOTOS} \`photos\`, stored like documents (JPEG or PNG by their content: 415 otherwise; image metadata stripped); without photos, JSON is taken too. A failure allows another inspection up to the type’s limit, after which the application is refused. 409 \`PERMITS.INSPECTION_NOT_SCHEDULED\` (recorded already, or cancelled).`,
  })
  @ApiResponse({ status: 200, type: InspectionCaseView })
  @ProblemResponses(400, 401, 403, 404, 409, 413, 415, 422, 503, 504)
  result(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: RecordInspectionResultBody,
    @StoredUploads() files: ReceivedFile[],
  ): Promise<InspectionCaseView> {
    const photos = photoInputs(files, newId);
    return this.nats.client.request(PERMITS_INSPECTION_RECORD_RESULT, {
      ...body,
      inspectionId: id,
      ...(photos.length > 0 ? { photos } : {}),
    });
  }

  @Get('inspectors')
  @Roles('clerk', 'supervisor')
  @ApiOperation({
    summary: 'The inspectors an inspection may be given to',
    description:
      'Roles: clerk, supervisor (to schedule an inspection). Every active account with the inspector role: its id and full name only, by name.',
  })
  @ApiResponse({ status: 200, type: InspectorList })
  @ProblemResponses(401, 403)
  inspectorList(): Promise<InspectorList> {
    return this.inspectors.active();
  }

  @Get('inspections')
  @Roles('inspector', 'clerk', 'supervisor')
  @ApiOperation({
    summary: "An inspector's day",
    description:
      "Roles: inspector (their own inspections of the day, every status), clerk and supervisor (every inspector's, to plan).",
  })
  @ApiResponse({ status: 200, type: InspectionDay })
  @ProblemResponses(401, 403, 422, 503, 504)
  day(@Query() query: InspectionDayQuery): Promise<InspectionDay> {
    return this.nats.client.request(PERMITS_INSPECTION_LIST_DAY, query);
  }
}
