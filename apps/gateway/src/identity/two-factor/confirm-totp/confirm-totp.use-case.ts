import { Injectable } from '@nestjs/common';
import { IdentityErrors } from '#contracts';
import { IdempotentCommands } from '#platform';
import { AccountRepository } from '../../accounts/account.repository.js';
import { SessionRepository } from '../../sessions/session.repository.js';
import type { AccessClaims } from '../../token-issuer.js';
import { checkTotp } from '../totp.js';
import { TotpSecrets } from '../totp-secrets.js';

/**
 * Puts two-factor login in force with a first code; the current session counts as
 * two-factor from now on. IDENTITY.TOTP_NOT_STARTED without an enrolment,
 * IDENTITY.TOTP_ALREADY_ENABLED, IDENTITY.INVALID_TOTP. A command: once per request key
 * (a repeat is answered as the first was, not TOTP_ALREADY_ENABLED), committed with it.
 */
@Injectable()
export class ConfirmTotpUseCase {
  constructor(
    private readonly commands: IdempotentCommands,
    private readonly accounts: AccountRepository,
    private readonly sessions: SessionRepository,
    private readonly secrets: TotpSecrets,
  ) {}

  async execute(command: { actor: AccessClaims; code: string }): Promise<void> {
    const { actor } = command;
    await this.commands.run('identity.two-factor.confirm', async (tx) => {
      const account = await this.accounts.findById(tx, actor.userId);
      if (!account?.totp_secret) throw IdentityErrors.totpNotStarted();
      if (account.totp_enabled) throw IdentityErrors.totpAlreadyEnabled();
      const secret = this.secrets.open(account.id, account.totp_secret);
      const step = await checkTotp(secret, command.code, account.totp_last_step);
      if (step === undefined) throw IdentityErrors.invalidTotp();
      await this.accounts.enableTotp(tx, actor.userId, step);
      await this.sessions.markTwoFactor(tx, actor.sessionId);
    });
  }
}
