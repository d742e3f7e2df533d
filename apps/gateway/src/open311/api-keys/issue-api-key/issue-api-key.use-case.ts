import { Injectable } from '@nestjs/common';
import { API_KEY_ISSUED_V1, type RequestActor } from '#contracts';
import { newId, Outbox } from '#platform';
import { DataSource } from 'typeorm';
import { newApiKey, viewOf, type ApiKeyView } from '../api-key.js';
import { ApiKeyRepository } from '../api-key.repository.js';

/**
 * An admin issues an Open311 API key to a client app. The answer is the only place the key
 * ever appears: the table keeps its SHA-256, the event its id and public prefix. Not a command
 * with a request key (its answer, which would be kept for replay, carries the key).
 */
@Injectable()
export class IssueApiKeyUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly keys: ApiKeyRepository,
  ) {}

  async execute(
    command: { clientName: string },
    actor: RequestActor,
  ): Promise<ApiKeyView & { apiKey: string }> {
    const made = newApiKey();
    const row = await this.outbox.transaction(this.dataSource.manager, async (tx) => {
      const inserted = await this.keys.insert(tx, {
        id: newId(),
        prefix: made.prefix,
        hash: made.hash,
        clientName: command.clientName,
        issuedBy: actor.userId,
      });
      await this.outbox.append(tx, {
        subject: API_KEY_ISSUED_V1,
        aggregateId: inserted.id,
        actor: { kind: 'user', userId: actor.userId, role: actor.role },
        data: { keyId: inserted.id, keyPrefix: made.prefix, issuedBy: actor.userId },
      });
      return inserted;
    });
    return { ...viewOf(row), apiKey: made.key };
  }
}
