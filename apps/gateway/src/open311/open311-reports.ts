import { Inject, Injectable } from '@nestjs/common';
import { Open311Errors, type CreateComplaintRequest } from '#contracts';
import type { GatewayConfig } from '../config.js';
import { GATEWAY_CONFIG } from '../gateway.tokens.js';
import { ApiKeyCheck } from './api-keys/check-api-key/api-key-check.js';
import { reportOf, type FormBody } from './open311-form.js';

const one = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

/**
 * What the gateway itself checks of an Open311 call: the one `jurisdiction_id` served, and for a
 * report a live `api_key` (403 otherwise), its form made `complaints.request.create`.
 */
@Injectable()
export class Open311Reports {
  constructor(
    private readonly apiKeys: ApiKeyCheck,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** A `jurisdiction_id` other than the one served is refused (404 on reads, 400 on a report). */
  jurisdiction(value: string | undefined): void {
    if (value !== undefined && value !== '' && value !== this.config.OPEN311_JURISDICTION_ID)
      throw Open311Errors.jurisdictionNotFound(value);
  }

  /** A report's form (urlencoded, or the fields of a multipart one) as the service takes it. */
  async reportOf(form: FormBody): Promise<CreateComplaintRequest> {
    this.jurisdiction(one(form.jurisdiction_id));
    const apiClientId = await this.apiKeys.keyIdOf(one(form.api_key));
    if (!apiClientId) throw Open311Errors.invalidApiKey();
    return reportOf(form, apiClientId);
  }
}
