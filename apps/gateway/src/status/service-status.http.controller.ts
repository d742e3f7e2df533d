import { Controller, Get, Param, ParseEnumPipe, UseFilters } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { REQUEST_SERVICES, SERVICES, systemStatusPattern } from '#contracts';
import { NatsBus } from '#platform';
import { ServiceRefusalsFilter } from '../access/service-refusals.filter.js';
import { Roles } from '../access/access.decorators.js';
import { paramProblem } from '../http/param-problems.js';
import { ProblemResponses } from '../http/problem-responses.js';

class ServiceDiagnosticsDto {
  @ApiProperty({ example: 'permits' }) service: string;
  @ApiProperty({ example: '0.1.0' }) version: string;
  @ApiProperty() uptimeSeconds: number;
  @ApiProperty({ type: String, nullable: true }) correlationId: string | null;
  @ApiProperty({ type: String, nullable: true }) traceId: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The actor the service saw: `user:<id>:<role>`',
  })
  actor: string | null;
}

/**
 * One service's own answer, asked over NATS on behalf of the logged-in staff member: shows
 * what a service sees of a request (correlation, trace, actor). 503 when the service is not
 * running, 504 when it does not answer in time.
 */
@ApiTags('status')
@ApiBearerAuth()
@Controller('api/v1/services')
// A service's own refusal becomes an access-denied event (only routes that forward).
@UseFilters(ServiceRefusalsFilter)
export class ServiceStatusHttpController {
  constructor(private readonly nats: NatsBus) {}

  @Get(':service/status')
  @Roles('admin', 'auditor', 'supervisor')
  @ApiParam({ name: 'service', enum: REQUEST_SERVICES })
  @ApiOperation({
    summary: "A service's own status, asked on your behalf",
    description: 'Roles: admin, auditor, supervisor.',
  })
  @ApiResponse({ status: 200, type: ServiceDiagnosticsDto })
  @ProblemResponses(401, 403, 422, 503, 504)
  status(
    @Param(
      'service',
      new ParseEnumPipe(Object.fromEntries(REQUEST_SERVICES.map((s) => [s, s])), {
        exceptionFactory: paramProblem('service', 'IS_ENUM'),
      }),
    )
    service: (typeof REQUEST_SERVICES)[number],
  ): Promise<ServiceDiagnosticsDto> {
    return this.nats.client.request(systemStatusPattern(SERVICES[service].context), {});
  }
}
