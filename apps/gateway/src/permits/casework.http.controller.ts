import { Body, Controller, Get, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  ApplicationView,
  CaseView,
  DecideApplicationBody,
  PERMITS_APPLICATION_DECIDE,
  PERMITS_APPLICATION_RESUBMIT,
  PERMITS_TASK_CLAIM,
  PERMITS_TASK_LIST,
  PERMITS_TASK_REASSIGN,
  ReassignTaskBody,
  TaskList,
} from '#contracts';
import { NatsBus } from '#platform';
import { Roles } from '../access/access.decorators.js';
import { ServiceRefusalsFilter } from '../access/service-refusals.filter.js';
import { ProblemResponses } from '../http/problem-responses.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import { ID_PARAM, uuidParam } from '../payments/payments.dto.js';

const STEP_REFUSALS =
  '409 `PERMITS.INVALID_TRANSITION` (not in a step that allows it), `PERMITS.DECISION_IN_PROGRESS` (another decision is being recorded: read again), `PERMITS.CASE_NOT_STARTED` (submitted a moment ago: ask again), `PERMITS.APPLICATION_ON_HOLD` (a supervisor’s hold: nothing moves until it is released); 403 `POLICY.OWN_CASE` (never on one’s own application).';

/**
 * The case work of permit applications: the staff's work queue, claiming and reassigning a
 * case, decisions, and the applicant's resubmission. Each state change is an Update of the
 * case's workflow sent by permits after its own checks; its Update id derives from the
 * Idempotency-Key, so a retry is one Update. Answered by the permits service.
 */
@ApiTags('permits')
@ApiBearerAuth()
@Controller('api/v1')
@UseFilters(ServiceRefusalsFilter)
export class CaseworkHttpController {
  constructor(private readonly nats: NatsBus) {}

  @Get('tasks')
  @Roles('clerk', 'supervisor', 'inspector')
  @ApiOperation({
    summary: 'My work queue of permit cases',
    description:
      'Roles: clerk (applications to check for completeness, to review, or whose inspection failed, unassigned or assigned to them), supervisor (escalations and second approvals first, then every case a clerk works, to reassign), inspector (their scheduled inspections). Never a case of one’s own. Each task with its due time (UTC), overdue first; a case on hold stays listed with `onHold` and its hold (reason code, since), never overdue, after every workable task. A task’s `id` is the application’s.',
  })
  @ApiResponse({ status: 200, type: TaskList })
  @ProblemResponses(401, 403, 503, 504)
  tasks(): Promise<TaskList> {
    return this.nats.client.request(PERMITS_TASK_LIST, {});
  }

  @Post('tasks/:id/claim')
  @Roles('clerk', 'supervisor')
  @Idempotent('optional')
  @HttpCode(200)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Take a case',
    description: `Roles: clerk, supervisor. The case is assigned to the caller (its workflow's assignee search attribute too). ${STEP_REFUSALS}`,
  })
  @ApiResponse({ status: 200, type: CaseView })
  @ProblemResponses(401, 403, 404, 409, 422, 503, 504)
  claim(@Param('id', uuidParam('id')) id: string): Promise<CaseView> {
    return this.nats.client.request(PERMITS_TASK_CLAIM, { applicationId: id });
  }

  @Post('tasks/:id/reassign')
  @Roles('supervisor')
  @Idempotent('optional')
  @HttpCode(200)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Give a case to someone else',
    description: `Roles: supervisor. ${STEP_REFUSALS}`,
  })
  @ApiResponse({ status: 200, type: CaseView })
  @ProblemResponses(400, 401, 403, 404, 409, 413, 415, 422, 503, 504)
  reassign(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: ReassignTaskBody,
  ): Promise<CaseView> {
    return this.nats.client.request(PERMITS_TASK_REASSIGN, { ...body, applicationId: id });
  }

  @Post('applications/:id/decisions')
  @Roles('clerk', 'supervisor')
  @Idempotent('required')
  @HttpCode(200)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Decide on an application',
    description: `Roles: clerk, supervisor. \`confirm_complete\` (the completeness check), \`approve\`, \`reject\` (with \`reasonCode\`), \`request_changes\` (with \`reasonCode\` and \`revisionItems\`: the review clock stops until the applicant resubmits). Where the approval rule asks for it, a second approval by a supervisor other than the first approver: 403 \`POLICY.SAME_APPROVER\`, \`PERMITS.SECOND_APPROVAL_ROLE\`. \`note\` and the items' notes stay in the case file, never in events. Two decisions at once: one wins, the other 409. 422 \`PERMITS.REASON_REQUIRED\`, \`PERMITS.REVISION_ITEMS_REQUIRED\`. ${STEP_REFUSALS} The answer is the whole application (as \`GET /api/v1/applications/{id}\` shows it to the caller) once the decision is recorded.`,
  })
  @ApiResponse({ status: 200, type: ApplicationView })
  @ProblemResponses(400, 401, 403, 404, 409, 413, 415, 422, 503, 504)
  decide(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: DecideApplicationBody,
  ): Promise<ApplicationView> {
    return this.nats.client.request(PERMITS_APPLICATION_DECIDE, { ...body, applicationId: id });
  }

  @Post('applications/:id/resubmit')
  @Roles('citizen')
  @Idempotent('optional')
  @HttpCode(200)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Resubmit an application after changes were requested',
    description:
      'Roles: citizen (their own application). After changing it (PATCH, new document versions): the review clock restarts with the working days it had left; a changed quantity is assessed again (a further invoice or a partial refund). 409 `PERMITS.INVALID_TRANSITION` when no changes were requested, `PERMITS.APPLICATION_ON_HOLD` while on hold.',
  })
  @ApiResponse({ status: 200, type: CaseView })
  @ProblemResponses(401, 403, 404, 409, 422, 503, 504)
  resubmit(@Param('id', uuidParam('id')) id: string): Promise<CaseView> {
    return this.nats.client.request(PERMITS_APPLICATION_RESUBMIT, { applicationId: id });
  }
}
