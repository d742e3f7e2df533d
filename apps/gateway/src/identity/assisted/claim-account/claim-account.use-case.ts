import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ACCOUNT_CLAIMED_V1, IdentityErrors } from '#contracts';
import { Outbox } from '#platform';
import type { GatewayConfig } from '../../../config.js';
import { GATEWAY_CONFIG } from '../../../gateway.tokens.js';
import { accountView, emailKey, type AccountView } from '../../accounts/account.js';
import { AccountAttempts } from '../../accounts/account-attempts.js';
import { AccountRepository } from '../../accounts/account.repository.js';
import { PasswordHasher } from '../../password-hasher.js';
import { AssistedRepository } from '../assisted.repository.js';
import { normaliseCode } from '../one-time-codes.js';

export interface ClaimAccount {
  email: string;
  code: string;
  password: string;
}

/**
 * A person claims the account a clerk made for them at the counter: the email the clerk
 * recorded, the printed claim code, and a password of their own. Then it is an ordinary
 * citizen account (`active`), and `gov.identity.account.claimed.v1` says so.
 *
 * Refusals, each leaving the account as it was: IDENTITY.CLAIM_CODE_INVALID (no such unclaimed
 * account, or a wrong code: the same answer; a wrong code counts), IDENTITY.CLAIM_ATTEMPTS_EXCEEDED
 * (GATEWAY_CLAIM_MAX_ATTEMPTS wrong codes: this code is void, a new one at the counter),
 * IDENTITY.CLAIM_CODE_EXPIRED, IDENTITY.CLAIM_CODE_USED (claimed already: log in). Attempts on
 * one email also count towards the per-account limit of logins (IDENTITY.ACCOUNT_RATE_LIMITED).
 * Not a command with a request key: a repeat after success is CLAIM_CODE_USED, which tells the
 * person what to do (log in).
 */
@Injectable()
export class ClaimAccountUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly accounts: AccountRepository,
    private readonly assisted: AssistedRepository,
    private readonly attempts: AccountAttempts,
    private readonly passwords: PasswordHasher,
    @Inject(GATEWAY_CONFIG)
    private readonly config: Pick<GatewayConfig, 'GATEWAY_CLAIM_MAX_ATTEMPTS'>,
  ) {}

  async execute(command: ClaimAccount): Promise<AccountView> {
    const key = emailKey(command.email);
    this.attempts.count(key);
    const db = this.dataSource.manager;
    const account = key.includes('\u0000')
      ? undefined
      : await this.accounts.findByEmailKey(db, key);
    const claim = account ? await this.assisted.findClaimCode(db, account.id) : undefined;
    if (claim && claim.attempts >= this.config.GATEWAY_CLAIM_MAX_ATTEMPTS && !claim.used_at)
      throw IdentityErrors.claimAttemptsExceeded();
    // Verified even without a code, so the answer's timing does not tell which accounts exist.
    const ok = await this.passwords.verify(claim?.code_hash, normaliseCode(command.code));
    if (!account || !claim || !ok) {
      if (account && claim && !claim.used_at) {
        const attempts = await this.assisted.countClaimAttempt(db, account.id);
        if (attempts >= this.config.GATEWAY_CLAIM_MAX_ATTEMPTS)
          throw IdentityErrors.claimAttemptsExceeded();
      }
      throw IdentityErrors.claimCodeInvalid();
    }
    if (claim.used_at || account.status !== 'unclaimed') throw IdentityErrors.claimCodeUsed();
    if (claim.expires_at.getTime() <= Date.now()) throw IdentityErrors.claimCodeExpired();
    const passwordHash = await this.passwords.hash(command.password);
    return this.outbox.transaction(db, async (tx) => {
      if (!(await this.assisted.claim(tx, account.id, passwordHash)))
        throw IdentityErrors.claimCodeUsed();
      await this.outbox.append(tx, {
        subject: ACCOUNT_CLAIMED_V1,
        aggregateId: account.id,
        actor: { kind: 'user', userId: account.id, role: account.role },
        data: { accountId: account.id, createdBy: claim.issued_by },
      });
      const claimed = await this.accounts.findById(tx, account.id);
      return accountView(claimed ?? account);
    });
  }
}
