import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { GatewayConfig } from '../../../config.js';
import { GATEWAY_CONFIG } from '../../../gateway.tokens.js';
import { hashApiKey, looksLikeApiKey } from '../api-key.js';
import { ApiKeyRepository } from '../api-key.repository.js';

/**
 * Whether a presented `api_key` is a live key, and whose: the client app's key id. Live keys
 * are remembered by hash for OPEN311_API_KEY_CACHE_MS so that a report costs no lookup; a
 * revocation through this replica forgets them at once. Unknown keys are not remembered (a
 * key issued a moment ago works at once). The key itself is never kept, logged or compared
 * other than through its hash.
 */
@Injectable()
export class ApiKeyCheck {
  private readonly live = new Map<string, { keyId: string; until: number }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: ApiKeyRepository,
    @Inject(GATEWAY_CONFIG)
    private readonly config: Pick<GatewayConfig, 'OPEN311_API_KEY_CACHE_MS'>,
  ) {}

  /** The key's id, or undefined when it is missing, malformed, unknown or revoked. */
  async keyIdOf(presented: unknown): Promise<string | undefined> {
    if (!looksLikeApiKey(presented)) return undefined;
    const hash = hashApiKey(presented);
    const slot = hash.toString('base64');
    const hit = this.live.get(slot);
    if (hit && hit.until > Date.now()) return hit.keyId;
    this.live.delete(slot);
    const row = await this.keys.findLiveByHash(this.dataSource.manager, hash);
    if (!row) return undefined;
    if (this.config.OPEN311_API_KEY_CACHE_MS > 0) {
      if (this.live.size >= 10_000) this.live.clear();
      this.live.set(slot, {
        keyId: row.id,
        until: Date.now() + this.config.OPEN311_API_KEY_CACHE_MS,
      });
    }
    return row.id;
  }

  forgetAll(): void {
    this.live.clear();
  }
}
