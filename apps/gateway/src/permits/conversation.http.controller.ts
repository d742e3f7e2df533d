import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  MessageBody,
  MessagesPage,
  MessageView,
  PERMITS_MESSAGE_LIST,
  PERMITS_MESSAGE_POST,
  PERMITS_NOTE_ADD,
  PERMITS_NOTE_LIST,
  StaffNotesPage,
  ThreadEntryView,
  ThreadQuery,
} from '#contracts';
import { NatsBus } from '#platform';
import { Roles } from '../access/access.decorators.js';
import { ServiceRefusalsFilter } from '../access/service-refusals.filter.js';
import { ProblemResponses } from '../http/problem-responses.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import { ID_PARAM, uuidParam } from '../payments/payments.dto.js';

const STAFF_WRITERS = ['clerk', 'supervisor', 'inspector'] as const;
const STAFF_READERS = [...STAFF_WRITERS, 'auditor'] as const;

const TEXT_RULES =
  '`body`: plain text, 1 to 5000 characters, not only white space (422 `VALIDATION_FAILED` naming `body`). Only once the application is submitted: 409 `PERMITS.INVALID_TRANSITION` on a draft.';

/**
 * A permit case's conversation between its applicant and the staff, and the staff's notes
 * beside it (never shown to the applicant). Texts stay in the permits tables; the event of a
 * message carries its id and the author's role only. Answered by the permits service.
 */
@ApiTags('permits')
@ApiBearerAuth()
@Controller('api/v1/applications/:id')
@UseFilters(ServiceRefusalsFilter)
export class ConversationHttpController {
  constructor(private readonly nats: NatsBus) {}

  @Post('messages')
  @HttpCode(201)
  @Roles('citizen', ...STAFF_WRITERS)
  @Idempotent('optional')
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Write on the case’s conversation',
    description: `Roles: citizen (the applicant only: 403 \`POLICY.NOT_OWNER\`), clerk, supervisor, inspector. ${TEXT_RULES} Announces \`gov.permits.application.message-posted.v1\` (message id and author role, no text).`,
  })
  @ApiResponse({ status: 201, type: MessageView })
  @ProblemResponses(400, 401, 403, 404, 409, 413, 415, 422, 503, 504)
  post(@Param('id', uuidParam('id')) id: string, @Body() body: MessageBody): Promise<MessageView> {
    return this.nats.client.request(PERMITS_MESSAGE_POST, { ...body, applicationId: id });
  }

  @Get('messages')
  @Roles('citizen', ...STAFF_READERS)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'The case’s conversation, oldest first',
    description:
      'Roles: citizen (the applicant only), clerk, supervisor, inspector, auditor. Each message with its author (id, role, `from`: applicant or staff) and time. Cursor pagination: pass `nextCursor` as `cursor`.',
  })
  @ApiResponse({ status: 200, type: MessagesPage })
  @ProblemResponses(401, 403, 404, 422, 503, 504)
  messages(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: ThreadQuery,
  ): Promise<MessagesPage> {
    return this.nats.client.request(PERMITS_MESSAGE_LIST, { ...query, applicationId: id });
  }

  @Post('notes')
  @HttpCode(201)
  @Roles(...STAFF_WRITERS)
  @Idempotent('optional')
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Add a staff note to the case',
    description: `Roles: clerk, supervisor, inspector (never on one’s own case: 403 \`POLICY.OWN_CASE\`). Staff only: never shown to the applicant. ${TEXT_RULES}`,
  })
  @ApiResponse({ status: 201, type: ThreadEntryView })
  @ProblemResponses(400, 401, 403, 404, 409, 413, 415, 422, 503, 504)
  addNote(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: MessageBody,
  ): Promise<ThreadEntryView> {
    return this.nats.client.request(PERMITS_NOTE_ADD, { ...body, applicationId: id });
  }

  @Get('notes')
  @Roles(...STAFF_READERS)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'The case’s staff notes, oldest first',
    description:
      'Roles: clerk, supervisor, inspector, auditor. Cursor pagination: pass `nextCursor` as `cursor`.',
  })
  @ApiResponse({ status: 200, type: StaffNotesPage })
  @ProblemResponses(401, 403, 404, 422, 503, 504)
  notes(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: ThreadQuery,
  ): Promise<StaffNotesPage> {
    return this.nats.client.request(PERMITS_NOTE_LIST, { ...query, applicationId: id });
  }
}
