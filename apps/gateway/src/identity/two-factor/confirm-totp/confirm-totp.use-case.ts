import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdentityErrors } from '#contracts';
import { AccountRepository } from '../../accounts/account.repository.js';
import { SessionRepository } from '../../sessions/session.repository.js';
import type { AccessClaims } from '../../token-issuer.js';
import { checkTotp } from '../totp.js';

/**
 * Puts two-factor login in force with a first code; the current session counts as
 * two-factor from now on. IDENTITY.TOTP_NOT_STARTED without an enrolment,
 * IDENTITY.TOTP_ALREADY_ENABLED, IDENTITY.INVALID_TOTP.
 */
@Injectable()
export class ConfirmTotpUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly sessions: SessionRepository,
  ) {}

  async execute(command: { actor: AccessClaims; code: string }): Promise<void> {
    const { actor } = command;
    const account = await this.accounts.findById(this.dataSource.manager, actor.userId);
    if (!account?.totp_secret) throw IdentityErrors.totpNotStarted();
    if (account.totp_enabled) throw IdentityErrors.totpAlreadyEnabled();
    const step = await checkTotp(account.totp_secret, command.code, account.totp_last_step);
    if (step === undefined) throw IdentityErrors.invalidTotp();
    await this.dataSource.transaction(async (tx) => {
      await this.accounts.enableTotp(tx, actor.userId, step);
      await this.sessions.markTwoFactor(tx, actor.sessionId);
    });
  }
}
