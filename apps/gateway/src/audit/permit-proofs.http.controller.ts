import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AUDIT_PERMITS_PROOF, PERMIT_NUMBER_PATTERN, PermitProof } from '#contracts';
import { NatsBus } from '#platform';
import { Public } from '../access/access.decorators.js';
import { ProblemResponses } from '../http/problem-responses.js';

/**
 * The proof of a permit for anyone, answered by the audit service from its log (not by
 * permits from its tables): verification without trusting the city's database.
 */
@ApiTags('permits')
@Controller('api/v1/permits')
export class PermitProofsHttpController {
  constructor(private readonly nats: NatsBus) {}

  @Get(':permitNumber/proof')
  @Public()
  @ApiParam({
    name: 'permitNumber',
    example: 'TL-P-2026-000001',
    schema: { type: 'string', pattern: PERMIT_NUMBER_PATTERN.source },
  })
  @ApiOperation({
    summary: "A permit's proof from the audit log, to check offline",
    description:
      "Roles: public (no login); rate-limited per address, counted in metrics, not written to the audit trail. The audit-log entries of the permit's issuance and of any later revocation or expiry (their bytes as stored), each with its RFC 6962 inclusion proof in the latest signed tree head. Check it with `npm run permit:verify` or as docs/audit.md says. 404 `AUDIT.PERMIT_NOT_FOUND` when no signed tree head covers the number yet.",
  })
  @ApiResponse({ status: 200, type: PermitProof })
  @ProblemResponses(404, 422, 429, 503, 504)
  proof(@Param('permitNumber') permitNumber: string): Promise<PermitProof> {
    return this.nats.client.request(AUDIT_PERMITS_PROOF, { permitNumber });
  }
}
