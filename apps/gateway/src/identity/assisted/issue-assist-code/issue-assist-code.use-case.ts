import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RequestActor } from '#contracts';
import { newId } from '#platform';
import type { GatewayConfig } from '../../../config.js';
import { GATEWAY_CONFIG } from '../../../gateway.tokens.js';
import { AssistedRepository } from '../assisted.repository.js';
import { assistCodeHash, newCode } from '../one-time-codes.js';

export interface AssistCode {
  /** Shown once, to show the clerk; stored only as a hash. */
  code: string;
  expiresAt: string;
}

/**
 * A person makes a one-time code in their own session to let a clerk at the counter file for
 * them (assisted channel): short-lived (GATEWAY_ASSIST_CODE_TTL_SECONDS), single use, and the
 * only live one of the account (a new code voids the earlier ones).
 */
@Injectable()
export class IssueAssistCodeUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly assisted: AssistedRepository,
    @Inject(GATEWAY_CONFIG)
    private readonly config: Pick<GatewayConfig, 'GATEWAY_ASSIST_CODE_TTL_SECONDS'>,
  ) {}

  async execute(command: { actor: RequestActor }): Promise<AssistCode> {
    const code = newCode(2);
    const expiresAt = await this.dataSource.transaction((tx) =>
      this.assisted.insertAssistCode(tx, {
        id: newId(),
        userId: command.actor.userId,
        codeHash: assistCodeHash(code),
        ttlSeconds: this.config.GATEWAY_ASSIST_CODE_TTL_SECONDS,
      }),
    );
    return { code, expiresAt: expiresAt.toISOString() };
  }
}
