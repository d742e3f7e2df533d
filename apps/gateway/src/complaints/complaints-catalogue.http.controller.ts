import { Body, Controller, Get, Param, Put, Query, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  CityMapView,
  COMPLAINTS_MAP_GET,
  COMPLAINTS_SERVICE_DEFINITIONS,
  COMPLAINTS_SERVICE_GET,
  COMPLAINTS_SERVICE_LIST,
  COMPLAINTS_SERVICE_PUT,
  SERVICE_CODE_PATTERN,
  ServiceDefinitionView,
  ServiceListRequest,
  ServicePutRequest,
  ServiceView,
} from '#contracts';
import { NatsBus } from '#platform';
import { Public, Roles } from '../access/access.decorators.js';
import { ServiceRefusalsFilter } from '../access/service-refusals.filter.js';
import { paramProblem } from '../http/param-problems.js';
import { ProblemResponses } from '../http/problem-responses.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';

const CODE_PARAM = {
  name: 'serviceCode',
  example: 'pothole',
  schema: { type: 'string', pattern: SERVICE_CODE_PATTERN.source },
} as const;

/** A path's service code, or a 422 naming the parameter. */
const serviceCodeParam = (value: string): string => {
  if (SERVICE_CODE_PATTERN.test(value)) return value;
  throw paramProblem('serviceCode', 'MATCHES')('must be a service code');
};

/**
 * The complaints catalogue and the city's map for the web UI, answered by the complaints
 * service: the active services with their names in a language and a service's questions
 * (public, as Open311's `services` but as JSON of this API), the whole catalogue as admins edit
 * it, and the boundary and gazetteer a map of the city is drawn from (no map tiles needed).
 */
@ApiTags('complaints')
@Controller('api/v1/complaints')
@UseFilters(ServiceRefusalsFilter)
export class ComplaintsCatalogueHttpController {
  constructor(private readonly nats: NatsBus) {}

  @Get('services')
  @Public()
  @ApiOperation({
    summary: 'The services one can report a problem to',
    description:
      'Roles: public (no login). The active services, names and descriptions in `lang` (else in English).',
  })
  @ApiResponse({ status: 200, type: [ServiceView] })
  @ProblemResponses(422, 429, 503, 504)
  services(@Query() query: ServiceListRequest): Promise<ServiceView[]> {
    return this.nats.client.request(COMPLAINTS_SERVICE_LIST, query);
  }

  @Get('services/:serviceCode')
  @Public()
  @ApiParam(CODE_PARAM)
  @ApiOperation({
    summary: "A service's questions (its attributes)",
    description:
      'Roles: public (no login). The attributes in their order, their questions in `lang` (else in English). 404 `COMPLAINTS.SERVICE_NOT_FOUND` for an unknown or inactive service.',
  })
  @ApiResponse({ status: 200, type: ServiceDefinitionView })
  @ProblemResponses(404, 422, 429, 503, 504)
  service(
    @Param('serviceCode') serviceCode: string,
    @Query() query: ServiceListRequest,
  ): Promise<ServiceDefinitionView> {
    return this.nats.client.request(COMPLAINTS_SERVICE_GET, {
      serviceCode: serviceCodeParam(serviceCode),
      ...query,
    });
  }

  @Get('map')
  @Public()
  @ApiOperation({
    summary: 'The city for a map: its boundary and its addresses',
    description:
      "Roles: public (no login). The boundary ring reports must fall inside (`[lat, long]` pairs) and the gazetteer's addresses (public data of the city, nothing personal), by street and house number: a map is drawn from them without map tiles.",
  })
  @ApiResponse({ status: 200, type: CityMapView })
  @ProblemResponses(429, 503, 504)
  map(): Promise<CityMapView> {
    return this.nats.client.request(COMPLAINTS_MAP_GET, {});
  }

  @Get('catalogue')
  @Roles('admin')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'The whole catalogue as admins edit it',
    description:
      'Roles: admin. Every service, inactive ones too, with its names and descriptions in every language, SLAs, duplicate rules and attributes: the body `PUT /api/v1/complaints/catalogue/{serviceCode}` takes.',
  })
  @ApiResponse({ status: 200, type: [ServicePutRequest] })
  @ProblemResponses(401, 403, 503, 504)
  catalogue(): Promise<ServicePutRequest[]> {
    return this.nats.client.request(COMPLAINTS_SERVICE_DEFINITIONS, {});
  }

  @Put('catalogue/:serviceCode')
  @Roles('admin')
  @Idempotent('optional')
  @ApiBearerAuth()
  @ApiParam(CODE_PARAM)
  @ApiOperation({
    summary: 'Create or replace a service of the catalogue',
    description:
      "Roles: admin. The whole service; `serviceCode` must be the path's (else 422 naming it). Its department and group must exist (422 `COMPLAINTS.DEPARTMENT_NOT_FOUND`, `COMPLAINTS.CATALOGUE_INVALID`, naming the field), list attributes need values. Reports filed before keep the SLA they were received with.",
  })
  @ApiResponse({ status: 200, type: ServiceDefinitionView })
  @ProblemResponses(400, 401, 403, 404, 413, 415, 422, 503, 504)
  putService(
    @Param('serviceCode') serviceCode: string,
    @Body() body: ServicePutRequest,
  ): Promise<ServiceDefinitionView> {
    if (body.serviceCode !== serviceCodeParam(serviceCode))
      throw paramProblem('serviceCode', 'EQUALS')("must be the path's service code");
    return this.nats.client.request(COMPLAINTS_SERVICE_PUT, body);
  }
}
