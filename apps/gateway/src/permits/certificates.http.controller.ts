import { Controller, Get, Param, Res, StreamableFile, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PERMIT_NUMBER_PATTERN, PERMITS_PERMIT_CERTIFICATE } from '#contracts';
import { NatsBus } from '#platform';
import { Roles } from '../access/access.decorators.js';
import { ServiceRefusalsFilter } from '../access/service-refusals.filter.js';
import { ProblemResponses } from '../http/problem-responses.js';

/** An issued permit's certificate as a PDF, rendered by the permits service. */
@ApiTags('permits')
@ApiBearerAuth()
@Controller('api/v1/permits')
@UseFilters(ServiceRefusalsFilter)
export class CertificatesHttpController {
  constructor(private readonly nats: NatsBus) {}

  @Get(':permitNumber/certificate')
  @Roles('citizen', 'clerk', 'supervisor', 'inspector', 'auditor')
  @ApiParam({
    name: 'permitNumber',
    example: 'TL-P-2026-000001',
    schema: { type: 'string', pattern: PERMIT_NUMBER_PATTERN.source },
  })
  @ApiOperation({
    summary: 'A permit’s certificate, as a PDF',
    description:
      'Roles: citizen (the holder only: 403 `POLICY.NOT_OWNER`), clerk, supervisor, inspector, auditor. One A4 page: the permit number and its status as public verification says it now (a revoked or expired permit still renders, marked so), type, case, site, validity, and a QR code that opens the public verification `<PUBLIC_BASE_URL>/api/v1/permits/<permitNumber>`. 404 `PERMITS.PERMIT_NOT_FOUND`.',
  })
  @ApiResponse({
    status: 200,
    description: 'The certificate',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  @ProblemResponses(401, 403, 404, 422, 503, 504)
  async certificate(
    @Param('permitNumber') permitNumber: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const pdf = await this.nats.client.request(PERMITS_PERMIT_CERTIFICATE, { permitNumber });
    void reply.header('content-type', 'application/pdf');
    void reply.header('content-disposition', `inline; filename="${pdf.permitNumber}.pdf"`);
    void reply.header('cache-control', 'private, no-store');
    return new StreamableFile(Buffer.from(pdf.contentBase64, 'base64'));
  }
}
