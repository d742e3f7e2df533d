import { Body, Controller, Get, Param, Post, Put, Query, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  GetPermitTypeQuery,
  PermitTypeDefinitionInput,
  PermitTypesList,
  PermitTypeView,
  PERMITS_PERMIT_TYPE_CREATE,
  PERMITS_PERMIT_TYPE_GET,
  PERMITS_PERMIT_TYPE_LIST,
  PERMITS_PERMIT_TYPE_UPDATE,
} from '#contracts';
import { NatsBus } from '#platform';
import { Public, Roles } from '../access/access.decorators.js';
import { ServiceRefusalsFilter } from '../access/service-refusals.filter.js';
import { ProblemResponses } from '../http/problem-responses.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import { CODE_PARAM, permitTypeCodeParam } from './permits.dto.js';

/**
 * The permit types catalogue: read by anyone, published by an admin (every change a new
 * version; applications stay pinned to the version they were submitted under). Answered by the
 * permits service; the gateway checks roles.
 */
@ApiTags('permits')
@Controller('api/v1/permit-types')
@UseFilters(ServiceRefusalsFilter)
export class PermitTypesHttpController {
  constructor(private readonly nats: NatsBus) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'The permit types on offer (their versions in force)',
    description: 'Roles: public (no login). Each type with its current version, by code.',
  })
  @ApiResponse({ status: 200, type: PermitTypesList })
  @ProblemResponses(503, 504)
  list(): Promise<PermitTypesList> {
    return this.nats.client.request(PERMITS_PERMIT_TYPE_LIST, {});
  }

  @Get(':code')
  @Public()
  @ApiParam(CODE_PARAM)
  @ApiOperation({
    summary: 'A permit type: the version in force, or an older one',
    description:
      'Roles: public (no login). `?version=` reads an older version (what an application submitted under it follows). 404 `PERMITS.PERMIT_TYPE_NOT_FOUND`, `PERMITS.PERMIT_TYPE_VERSION_NOT_FOUND`.',
  })
  @ApiResponse({ status: 200, type: PermitTypeView })
  @ProblemResponses(404, 422, 503, 504)
  get(
    @Param('code', permitTypeCodeParam()) code: string,
    @Query() query: GetPermitTypeQuery,
  ): Promise<PermitTypeView> {
    return this.nats.client.request(PERMITS_PERMIT_TYPE_GET, {
      code,
      ...(query.version === undefined ? {} : { version: query.version }),
    });
  }

  @Post()
  @Roles('admin')
  @Idempotent('optional')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Add a permit type (its version 1)',
    description:
      'Roles: admin. Announces `gov.permits.permit-type.published.v1`. 409 `PERMITS.PERMIT_TYPE_EXISTS` (publish a new version with PUT instead), `PERMITS.PERMIT_TYPE_PREFIX_TAKEN`. 422 `VALIDATION_FAILED` (a field against its own rule) or `PERMITS.INVALID_DEFINITION` (the form schema does not compile, a fee or approval rule names a quantity the type lacks, a document kind declared twice, ...), each field at fault in `errors`.',
  })
  @ApiResponse({ status: 201, type: PermitTypeView })
  @ProblemResponses(400, 401, 403, 409, 413, 415, 422, 503, 504)
  create(@Body() body: PermitTypeDefinitionInput): Promise<PermitTypeView> {
    return this.nats.client.request(PERMITS_PERMIT_TYPE_CREATE, body);
  }

  @Put(':code')
  @Roles('admin')
  @Idempotent('optional')
  @ApiBearerAuth()
  @ApiParam(CODE_PARAM)
  @ApiOperation({
    summary: 'Publish a new version of a permit type',
    description:
      "Roles: admin. The whole definition; `code` must be the path's. It becomes the next version and the one in force (`gov.permits.permit-type.published.v1`); earlier versions stay readable with `?version=`. A definition equal to the one in force changes nothing. 404 `PERMITS.PERMIT_TYPE_NOT_FOUND`; 409 `PERMITS.PERMIT_TYPE_PREFIX_TAKEN`; 422 as for POST.",
  })
  @ApiResponse({ status: 200, type: PermitTypeView })
  @ProblemResponses(400, 401, 403, 404, 409, 413, 415, 422, 503, 504)
  update(
    @Param('code', permitTypeCodeParam()) code: string,
    @Body() body: PermitTypeDefinitionInput,
  ): Promise<PermitTypeView> {
    return this.nats.client.request(PERMITS_PERMIT_TYPE_UPDATE, { code, definition: body });
  }
}
