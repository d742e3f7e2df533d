import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdentityErrors } from '#contracts';
import { AccountRepository } from '../../accounts/account.repository.js';
import { newTotpSecret } from '../totp.js';
import { TotpSecrets } from '../totp-secrets.js';

/**
 * Starts two-factor enrolment: a new TOTP secret for an authenticator app, not in force until
 * a code confirms it. IDENTITY.TOTP_ALREADY_ENABLED when it is on already.
 */
@Injectable()
export class SetUpTotpUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly secrets: TotpSecrets,
  ) {}

  async execute(command: { accountId: string }): Promise<{ secret: string; otpauthUri: string }> {
    const db = this.dataSource.manager;
    const account = await this.accounts.findById(db, command.accountId);
    if (!account) throw IdentityErrors.unauthenticated();
    if (account.totp_enabled) throw IdentityErrors.totpAlreadyEnabled();
    const enrolment = newTotpSecret(account.email);
    // Kept sealed: a copy of the database does not give the codes away.
    await this.accounts.startTotp(db, account.id, this.secrets.seal(account.id, enrolment.secret));
    return enrolment;
  }
}
