import { Injectable, Optional } from '@nestjs/common';
import { IdentityErrors } from '#contracts';
import { IdempotentCommands } from '#platform';
import { CheckSessionUseCase } from '../../sessions/check-session/check-session.use-case.js';
import { SessionRepository } from '../../sessions/session.repository.js';
import { emailKey } from '../account.js';
import { AccountRepository } from '../account.repository.js';

/** The account to deactivate: by id (the API) or by email (the command line). */
export type DeactivateAccount = { accountId: string } | { email: string };

/**
 * An admin deactivates an account: it can no longer log in, and every session of it ends at
 * once (the sessions' triggers tell every gateway replica). IDENTITY.USER_NOT_FOUND when
 * there is no such account. A command: once per request key, committed with it.
 */
@Injectable()
export class DeactivateAccountUseCase {
  constructor(
    private readonly commands: IdempotentCommands,
    private readonly accounts: AccountRepository,
    private readonly sessions: SessionRepository,
    /** This gateway's session checks (absent on the command line, which answers no request). */
    @Optional() private readonly checks?: CheckSessionUseCase,
  ) {}

  async execute(command: DeactivateAccount): Promise<void> {
    let deactivated: string | undefined;
    await this.commands.run('identity.accounts.deactivate', async (tx) => {
      const accountId =
        'accountId' in command
          ? command.accountId
          : (await this.accounts.findByEmailKey(tx, emailKey(command.email)))?.id;
      if (!accountId || !(await this.accounts.lock(tx, accountId)))
        throw IdentityErrors.userNotFound();
      await this.accounts.deactivate(tx, accountId);
      await this.sessions.revokeAllOf(tx, accountId, 'account deactivated');
      deactivated = accountId;
    });
    // Committed: this replica forgets the sessions before it answers (a request right after
    // the 204 is refused); the others forget them when the trigger's NOTIFY reaches them.
    if (deactivated) this.checks?.forgetAccount(deactivated);
  }
}
