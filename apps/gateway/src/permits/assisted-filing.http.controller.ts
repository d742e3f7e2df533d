import { Body, Controller, HttpCode, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  ApplicationView,
  DocumentView,
  DraftApplicationBody,
  PERMITS_APPLICATION_DRAFT,
  PERMITS_APPLICATION_SUBMIT,
  PERMITS_DOCUMENT_RECORD,
  type OnBehalfOf,
} from '#contracts';
import { NatsBus } from '#platform';
import { Roles } from '../access/access.decorators.js';
import { ServiceRefusalsFilter } from '../access/service-refusals.filter.js';
import { ProblemResponses } from '../http/problem-responses.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import { ID_PARAM, uuidParam } from '../payments/payments.dto.js';
import { DocumentUpload, StoredDocument } from './documents.http.controller.js';
import { OnBehalf, OnBehalfGuard } from './on-behalf.guard.js';
import type { ReceivedDocument } from './receive-document.js';

const DELEGATION_PARAM = {
  name: 'delegationId',
  type: String,
  format: 'uuid',
  description:
    'A live delegation of this clerk (from `POST /api/v1/assisted/accounts` or `/assisted/delegations`).',
};

const NOT_DELEGATED =
  '403 `IDENTITY.NOT_DELEGATED` without a live delegation of this clerk; `POLICY.NOT_OWNER` for an application the clerk did not file for this applicant.';

/**
 * The assisted channel: a clerk files an application at the counter for an applicant who
 * granted a delegation (the applicant owns it; it records the clerk as `filedBy` and the
 * channel `assisted`). The same commands as the applicant's own routes, sent to permits with
 * `onBehalfOf` once `OnBehalfGuard` checked the delegation.
 */
@ApiTags('assisted')
@Controller('api/v1/assisted/delegations/:delegationId/applications')
@UseGuards(OnBehalfGuard)
@UseFilters(ServiceRefusalsFilter)
export class AssistedFilingHttpController {
  constructor(private readonly nats: NatsBus) {}

  @Post()
  @HttpCode(201)
  @Roles('clerk')
  @Idempotent('optional')
  @ApiBearerAuth()
  @ApiParam(DELEGATION_PARAM)
  @ApiOperation({
    summary: 'Start a draft for the applicant of a delegation',
    description: `Roles: clerk (with a live delegation). As \`POST /api/v1/applications\`, owned by the applicant, filed by the clerk. ${NOT_DELEGATED}`,
  })
  @ApiResponse({ status: 201, type: ApplicationView })
  @ProblemResponses(400, 401, 403, 413, 415, 422, 503, 504)
  draft(
    @Param('delegationId', uuidParam('delegationId')) _delegationId: string,
    @Body() body: DraftApplicationBody,
    @OnBehalf() onBehalfOf: OnBehalfOf,
  ): Promise<ApplicationView> {
    return this.nats.client.request(PERMITS_APPLICATION_DRAFT, { ...body, onBehalfOf });
  }

  @Post(':id/documents')
  @HttpCode(201)
  @Roles('clerk')
  @DocumentUpload()
  @ApiBearerAuth()
  @ApiParam(DELEGATION_PARAM)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary:
      'Add a document to an application filed for the applicant (multipart: `kind`, then `file`)',
    description: `Roles: clerk (with a live delegation, for an application they filed). As \`POST /api/v1/applications/{id}/documents\`. ${NOT_DELEGATED}`,
  })
  @ApiResponse({ status: 201, type: DocumentView })
  @ProblemResponses(400, 401, 403, 404, 409, 413, 415, 422, 503, 504)
  upload(
    @Param('delegationId', uuidParam('delegationId')) _delegationId: string,
    @Param('id', uuidParam('id')) id: string,
    @StoredDocument() document: ReceivedDocument,
    @OnBehalf() onBehalfOf: OnBehalfOf,
  ): Promise<DocumentView> {
    return this.nats.client.request(PERMITS_DOCUMENT_RECORD, {
      applicationId: id,
      onBehalfOf,
      documentId: document.ticket.documentId,
      kind: document.kind,
      storageKey: document.key,
      fileName: document.fileName,
      contentType: document.contentType,
      sizeBytes: document.size,
      sha256: document.sha256,
    });
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles('clerk')
  @Idempotent('optional')
  @ApiBearerAuth()
  @ApiParam(DELEGATION_PARAM)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Submit an application filed for the applicant',
    description: `Roles: clerk (with a live delegation, for an application they filed). As \`POST /api/v1/applications/{id}/submit\`: 422 \`PERMITS.APPLICATION_INCOMPLETE\` with everything missing. ${NOT_DELEGATED}`,
  })
  @ApiResponse({ status: 200, type: ApplicationView })
  @ProblemResponses(401, 403, 404, 409, 422, 503, 504)
  submit(
    @Param('delegationId', uuidParam('delegationId')) _delegationId: string,
    @Param('id', uuidParam('id')) id: string,
    @OnBehalf() onBehalfOf: OnBehalfOf,
  ): Promise<ApplicationView> {
    return this.nats.client.request(PERMITS_APPLICATION_SUBMIT, { applicationId: id, onBehalfOf });
  }
}
