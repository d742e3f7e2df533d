import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../access/access.decorators.js';
import { paramProblem } from '../../http/param-problems.js';
import { ProblemResponses } from '../../http/problem-responses.js';
import { Idempotent, NoIdempotencyKey } from '../../idempotency/idempotent.decorator.js';
import type { AccessClaims } from '../../identity/token-issuer.js';
import { ApiKeyDto, IssueApiKeyDto, IssuedApiKeyDto } from './api-keys.dto.js';
import { IssueApiKeyUseCase } from './issue-api-key/issue-api-key.use-case.js';
import { ListApiKeysUseCase } from './list-api-keys/list-api-keys.use-case.js';
import { RevokeApiKeyUseCase } from './revoke-api-key/revoke-api-key.use-case.js';

/** Open311 API keys of client apps, managed by admins (not accounts, not roles). */
@ApiTags('open311')
@ApiBearerAuth()
@Controller('api/v1/open311/api-keys')
export class ApiKeysHttpController {
  constructor(
    private readonly issue: IssueApiKeyUseCase,
    private readonly revoke: RevokeApiKeyUseCase,
    private readonly listKeys: ListApiKeysUseCase,
  ) {}

  @Post()
  @Roles('admin')
  @NoIdempotencyKey('its answer carries the key, which must never be kept')
  @ApiOperation({
    summary: 'Issue an Open311 API key to a client app',
    description:
      'Roles: admin. The key is in this answer only; the platform keeps its SHA-256. No Idempotency-Key: a retry issues another key (revoke the unused one).',
  })
  @ApiResponse({ status: 201, type: IssuedApiKeyDto })
  @ProblemResponses(400, 401, 403, 413, 415, 422)
  create(
    @Body() body: IssueApiKeyDto,
    @CurrentActor() actor: AccessClaims,
  ): Promise<IssuedApiKeyDto> {
    return this.issue.execute(body, { userId: actor.userId, role: actor.role });
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'List Open311 API keys (never the keys)', description: 'Roles: admin.' })
  @ApiResponse({ status: 200, type: [ApiKeyDto] })
  @ProblemResponses(401, 403)
  list(): Promise<ApiKeyDto[]> {
    return this.listKeys.execute();
  }

  @Post(':id/revoke')
  @Roles('admin')
  @Idempotent('optional')
  @HttpCode(200)
  @ApiParam({ name: 'id', type: String, format: 'uuid' })
  @ApiOperation({
    summary: 'Revoke an Open311 API key',
    description: 'Roles: admin. The key is refused (Open311 403) from now on.',
  })
  @ApiResponse({ status: 200, type: ApiKeyDto })
  @ProblemResponses(401, 403, 404, 422)
  revokeKey(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: paramProblem('id', 'IS_UUID') })) id: string,
    @CurrentActor() actor: AccessClaims,
  ): Promise<ApiKeyDto> {
    return this.revoke.execute({ keyId: id }, { userId: actor.userId, role: actor.role });
  }
}
