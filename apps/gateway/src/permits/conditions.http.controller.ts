import { Body, Controller, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  AddConditionBody,
  ApplicationView,
  HoldApplicationBody,
  MarkConditionMetBody,
  PERMITS_APPLICATION_HOLD,
  PERMITS_APPLICATION_RELEASE,
  PERMITS_CONDITION_ADD,
  PERMITS_CONDITION_MET,
  ReleaseApplicationBody,
} from '#contracts';
import { NatsBus } from '#platform';
import { Roles } from '../access/access.decorators.js';
import { ServiceRefusalsFilter } from '../access/service-refusals.filter.js';
import { ProblemResponses } from '../http/problem-responses.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import { ID_PARAM, uuidParam } from '../payments/payments.dto.js';

const COMMON =
  '403 `POLICY.OWN_CASE` (never on one’s own application); 409 `PERMITS.INVALID_TRANSITION` (not in a step that allows it), `PERMITS.DECISION_IN_PROGRESS` (another step is being recorded: read again), `PERMITS.CASE_NOT_STARTED` (submitted a moment ago: ask again). Free text stays in the case file, never in events. The answer is the whole application (as `GET /api/v1/applications/{id}` shows it to the caller) once the step is recorded.';

/**
 * Conditions of approval and holds on permit cases (docs/permits.md "Conditions and holds").
 * Each is an Update of the case's workflow sent by permits after its own checks; its Update id
 * derives from the Idempotency-Key, so a retry is one Update. Answered by the permits service.
 */
@ApiTags('permits')
@ApiBearerAuth()
@Controller('api/v1/applications')
@UseFilters(ServiceRefusalsFilter)
export class ConditionsHttpController {
  constructor(private readonly nats: NatsBus) {}

  @Post(':id/conditions')
  @Roles('clerk', 'supervisor')
  @Idempotent('required')
  @HttpCode(201)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Attach a condition of approval',
    description: `Roles: clerk, supervisor. \`code\` (its kind, a stable code) and \`text\` (what must be done). While any condition is unmet an approved application waits in \`approved / awaiting_conditions\` and its permit is not issued. Allowed while the case is open or approved and waiting for its conditions, also while it is on hold. ${COMMON}`,
  })
  @ApiResponse({ status: 201, type: ApplicationView })
  @ProblemResponses(400, 401, 403, 404, 409, 413, 415, 422, 503, 504)
  addCondition(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: AddConditionBody,
  ): Promise<ApplicationView> {
    return this.nats.client.request(PERMITS_CONDITION_ADD, { ...body, applicationId: id });
  }

  @Post(':id/conditions/:conditionId/met')
  @Roles('clerk', 'supervisor', 'inspector')
  @Idempotent('required')
  @HttpCode(200)
  @ApiParam(ID_PARAM)
  @ApiParam({ name: 'conditionId', format: 'uuid', description: 'The condition.' })
  @ApiOperation({
    summary: 'Mark a condition of approval met',
    description: `Roles: clerk, supervisor, inspector. Who and when are recorded, with an optional \`note\`. The last one met on an approved application issues its permit. 404 \`PERMITS.CONDITION_NOT_FOUND\`; 409 \`PERMITS.CONDITION_ALREADY_MET\`, \`PERMITS.APPLICATION_ON_HOLD\`. ${COMMON}`,
  })
  @ApiResponse({ status: 200, type: ApplicationView })
  @ProblemResponses(400, 401, 403, 404, 409, 413, 415, 422, 503, 504)
  markConditionMet(
    @Param('id', uuidParam('id')) id: string,
    @Param('conditionId', uuidParam('conditionId')) conditionId: string,
    @Body() body: MarkConditionMetBody,
  ): Promise<ApplicationView> {
    return this.nats.client.request(PERMITS_CONDITION_MET, {
      ...body,
      applicationId: id,
      conditionId,
    });
  }

  @Post(':id/hold')
  @Roles('supervisor')
  @Idempotent('required')
  @HttpCode(200)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Put an application on hold',
    description: `Roles: supervisor. \`reasonCode\` and an optional \`note\`. In review (with its inspections), with changes asked in review, or approved and waiting for its conditions. Until it is released nothing moves the case (decisions, claims, reassignments, inspections and their results, resubmission, conditions met: 409 \`PERMITS.APPLICATION_ON_HOLD\`; the applicant may still withdraw) and the review clock is stopped with its whole working days left. 409 \`PERMITS.APPLICATION_ON_HOLD\` when held already. ${COMMON}`,
  })
  @ApiResponse({ status: 200, type: ApplicationView })
  @ProblemResponses(400, 401, 403, 404, 409, 413, 415, 422, 503, 504)
  hold(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: HoldApplicationBody,
  ): Promise<ApplicationView> {
    return this.nats.client.request(PERMITS_APPLICATION_HOLD, { ...body, applicationId: id });
  }

  @Post(':id/release')
  @Roles('supervisor')
  @Idempotent('required')
  @HttpCode(200)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Release an application from its hold',
    description: `Roles: supervisor. An optional \`note\`. A review clock the hold stopped restarts with the working days it had left, counted from the next working day. 409 \`PERMITS.APPLICATION_NOT_ON_HOLD\`. ${COMMON}`,
  })
  @ApiResponse({ status: 200, type: ApplicationView })
  @ProblemResponses(400, 401, 403, 404, 409, 413, 415, 422, 503, 504)
  release(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: ReleaseApplicationBody,
  ): Promise<ApplicationView> {
    return this.nats.client.request(PERMITS_APPLICATION_RELEASE, { ...body, applicationId: id });
  }
}
