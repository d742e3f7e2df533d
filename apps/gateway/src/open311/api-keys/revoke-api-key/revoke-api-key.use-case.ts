import { Injectable } from '@nestjs/common';
import { API_KEY_REVOKED_V1, Open311Errors, type RequestActor } from '#contracts';
import { IdempotentCommands, Outbox } from '#platform';
import { viewOf, type ApiKeyView } from '../api-key.js';
import { ApiKeyRepository } from '../api-key.repository.js';
import { ApiKeyCheck } from '../check-api-key/api-key-check.js';

/**
 * An admin revokes an Open311 API key: it is refused from the commit on (this replica forgets
 * it at once, the others within OPEN311_API_KEY_CACHE_MS). Revoking a revoked key changes
 * nothing and announces nothing. OPEN311.API_KEY_NOT_FOUND for an unknown id.
 */
@Injectable()
export class RevokeApiKeyUseCase {
  constructor(
    private readonly commands: IdempotentCommands,
    private readonly outbox: Outbox,
    private readonly keys: ApiKeyRepository,
    private readonly check: ApiKeyCheck,
  ) {}

  async execute(command: { keyId: string }, actor: RequestActor): Promise<ApiKeyView> {
    const row = await this.commands.run('identity.api-keys.revoke', async (tx) => {
      const before = await tx.query<{ revoked_at: Date | null }[]>(
        'SELECT revoked_at FROM open311_api_keys WHERE id = $1 FOR UPDATE',
        [command.keyId],
      );
      if (before.length === 0) throw Open311Errors.apiKeyNotFound(command.keyId);
      const revoked = (await this.keys.revoke(tx, command.keyId, actor.userId))!;
      if (before[0]!.revoked_at === null)
        await this.outbox.append(tx, {
          subject: API_KEY_REVOKED_V1,
          aggregateId: revoked.id,
          actor: { kind: 'user', userId: actor.userId, role: actor.role },
          data: { keyId: revoked.id, keyPrefix: revoked.key_prefix, revokedBy: actor.userId },
        });
      return viewOf(revoked);
    });
    this.check.forgetAll();
    return row;
  }
}
