import { Inject, Injectable } from '@nestjs/common';
import { DELEGATION_GRANTED_V1, IdentityErrors, type RequestActor } from '#contracts';
import { IdempotentCommands, newId, Outbox } from '#platform';
import type { GatewayConfig } from '../../../config.js';
import { GATEWAY_CONFIG } from '../../../gateway.tokens.js';
import { AccountAttempts } from '../../accounts/account-attempts.js';
import { AssistedRepository, delegationView, type DelegationView } from '../assisted.repository.js';
import { assistCodeHash } from '../one-time-codes.js';

/**
 * A clerk enters the assist code a person shows from their own account: the clerk may then
 * file for that person until the delegation expires (GATEWAY_DELEGATION_TTL_MINUTES), recorded
 * as `gov.identity.delegation.granted.v1` (`via: assist_code`). Refusals, nothing changed:
 * IDENTITY.ASSIST_CODE_INVALID (no such code, or its account is closed),
 * IDENTITY.ASSIST_CODE_EXPIRED, IDENTITY.ASSIST_CODE_USED; a clerk's entries count towards the
 * per-account limit (IDENTITY.ACCOUNT_RATE_LIMITED), so codes cannot be guessed at speed. Once
 * per request key (a repeat answers the same delegation).
 */
@Injectable()
export class GrantDelegationUseCase {
  constructor(
    private readonly commands: IdempotentCommands,
    private readonly outbox: Outbox,
    private readonly assisted: AssistedRepository,
    private readonly attempts: AccountAttempts,
    @Inject(GATEWAY_CONFIG)
    private readonly config: Pick<GatewayConfig, 'GATEWAY_DELEGATION_TTL_MINUTES'>,
  ) {}

  async execute(command: { code: string; clerk: RequestActor }): Promise<DelegationView> {
    this.attempts.count(`assist-code:${command.clerk.userId}`);
    return this.commands.run('identity.delegations.grant', async (tx) => {
      const code = await this.assisted.findAssistCode(tx, assistCodeHash(command.code));
      if (!code || code.account_status !== 'active' || code.user_id === command.clerk.userId)
        throw IdentityErrors.assistCodeInvalid();
      if (code.used_at) throw IdentityErrors.assistCodeUsed();
      if (code.expired) throw IdentityErrors.assistCodeExpired();
      await this.assisted.useAssistCode(tx, code.id, command.clerk.userId);
      const delegation = await this.assisted.insertDelegation(tx, {
        id: newId(),
        clerkId: command.clerk.userId,
        applicantId: code.user_id,
        via: 'assist_code',
        ttlMinutes: this.config.GATEWAY_DELEGATION_TTL_MINUTES,
      });
      await this.outbox.append(tx, {
        subject: DELEGATION_GRANTED_V1,
        aggregateId: delegation.id,
        actor: { kind: 'user', userId: command.clerk.userId, role: command.clerk.role },
        data: {
          delegationId: delegation.id,
          clerkId: command.clerk.userId,
          applicantId: code.user_id,
          via: 'assist_code',
          expiresAt: delegation.expires_at.toISOString(),
        },
      });
      return delegationView(delegation);
    });
  }
}
