import { Module } from '@nestjs/common';
import { ApiKeyRepository } from './api-keys/api-key.repository.js';
import { ApiKeysHttpController } from './api-keys/api-keys.http.controller.js';
import { ApiKeyCheck } from './api-keys/check-api-key/api-key-check.js';
import { IssueApiKeyUseCase } from './api-keys/issue-api-key/issue-api-key.use-case.js';
import { ListApiKeysUseCase } from './api-keys/list-api-keys/list-api-keys.use-case.js';
import { RevokeApiKeyUseCase } from './api-keys/revoke-api-key/revoke-api-key.use-case.js';
import { Open311FormInterceptor } from './open311-form.interceptor.js';
import { Open311Reports } from './open311-reports.js';
import { Open311HttpController } from './open311.http.controller.js';

/**
 * The Open311 GeoReport v2 edge (`/open311/v2`, docs/complaints.md "Open311") and the client
 * apps' API keys (`/api/v1/open311/api-keys`, admins).
 */
@Module({
  providers: [
    ApiKeyRepository,
    ApiKeyCheck,
    IssueApiKeyUseCase,
    RevokeApiKeyUseCase,
    ListApiKeysUseCase,
    Open311Reports,
    Open311FormInterceptor,
  ],
  controllers: [ApiKeysHttpController, Open311HttpController],
})
export class Open311Module {}
