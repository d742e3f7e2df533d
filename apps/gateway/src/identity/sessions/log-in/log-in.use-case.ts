import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdentityErrors } from '#contracts';
import { newId } from '#platform';
import type { GatewayConfig } from '../../../config.js';
import { GATEWAY_CONFIG } from '../../../gateway.tokens.js';
import { PasswordHasher } from '../../password-hasher.js';
import { emailKey, lockAfterFailure, lockedFor, type AccountRow } from '../../accounts/account.js';
import { AccountAttempts } from '../../accounts/account-attempts.js';
import { AccountRepository } from '../../accounts/account.repository.js';
import { checkTotp } from '../../two-factor/totp.js';
import { TotpSecrets } from '../../two-factor/totp-secrets.js';
import type { TokenPair } from '../session.js';
import { SessionRepository } from '../session.repository.js';
import { SessionTokens } from '../session-tokens.js';

export interface LogIn {
  email: string;
  password: string;
  totp?: string;
}

export type LogInSettings = Pick<
  GatewayConfig,
  'GATEWAY_SESSION_TTL_DAYS' | 'GATEWAY_LOGIN_MAX_FAILURES' | 'GATEWAY_LOCKOUT_SECONDS'
>;

/**
 * Email and password (and the one-time code of an account with two-factor login) open a
 * session. Refusals: IDENTITY.ACCOUNT_RATE_LIMITED (too many attempts on the account this
 * minute), IDENTITY.ACCOUNT_LOCKED (too many failures), IDENTITY.INVALID_CREDENTIALS (no such
 * active account, or a wrong password: the same answer), IDENTITY.TOTP_REQUIRED,
 * IDENTITY.INVALID_TOTP. A wrong password or code counts towards the lockout.
 */
@Injectable()
export class LogInUseCase {
  private readonly logger = new Logger('Identity');

  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly sessions: SessionRepository,
    private readonly sessionTokens: SessionTokens,
    private readonly attempts: AccountAttempts,
    private readonly passwords: PasswordHasher,
    @Inject(GATEWAY_CONFIG) private readonly config: LogInSettings,
    private readonly secrets: TotpSecrets,
  ) {}

  async execute(command: LogIn): Promise<TokenPair> {
    const key = emailKey(command.email);
    this.attempts.count(key);
    const db = this.dataSource.manager;
    // No account's email holds a NUL (registration takes email addresses only), and PostgreSQL's
    // text cannot hold one: such a login finds no account rather than failing the query.
    const account = key.includes('\u0000')
      ? undefined
      : await this.accounts.findByEmailKey(db, key);
    const locked = lockedFor(account?.locked_until ?? null, Date.now());
    if (locked !== undefined) throw IdentityErrors.locked(locked);
    // Verified even without an account, so the answer's timing does not tell which exist.
    const ok = await this.passwords.verify(account?.password_hash, command.password);
    if (!account || !ok || account.status !== 'active') {
      if (account && !ok) await this.recordFailure(account);
      throw IdentityErrors.invalidCredentials();
    }
    let twoFactor = false;
    if (account.totp_enabled && account.totp_secret) {
      if (!command.totp) throw IdentityErrors.totpRequired();
      const secret = this.secrets.open(account.id, account.totp_secret);
      const step = await checkTotp(secret, command.totp, account.totp_last_step);
      if (step === undefined) {
        await this.recordFailure(account);
        throw IdentityErrors.invalidTotp();
      }
      await this.accounts.useTotpStep(db, account.id, step);
      twoFactor = true;
    }
    return this.dataSource.transaction(async (tx) => {
      await this.accounts.clearFailedLogins(tx, account.id);
      const sessionId = newId();
      await this.sessions.insert(tx, {
        id: sessionId,
        accountId: account.id,
        ttlDays: this.config.GATEWAY_SESSION_TTL_DAYS,
        twoFactor,
      });
      return this.sessionTokens.issue(tx, { userId: account.id, role: account.role, sessionId });
    });
  }

  private async recordFailure(account: AccountRow): Promise<void> {
    const { failures, lockSeconds } = lockAfterFailure(account.failed_logins, {
      maxFailures: this.config.GATEWAY_LOGIN_MAX_FAILURES,
      lockoutSeconds: this.config.GATEWAY_LOCKOUT_SECONDS,
    });
    await this.accounts.recordFailedLogin(this.dataSource.manager, account.id, lockSeconds);
    if (lockSeconds > 0)
      this.logger.warn(
        `account ${account.id} locked for ${lockSeconds} s after ${failures} failures`,
      );
  }
}
