import { Injectable } from '@nestjs/common';
import { IdentityErrors } from '#contracts';
import { IdempotentCommands } from '#platform';
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
  ) {}

  async execute(command: DeactivateAccount): Promise<void> {
    await this.commands.run('identity.accounts.deactivate', async (tx) => {
      const accountId =
        'accountId' in command
          ? command.accountId
          : (await this.accounts.findByEmailKey(tx, emailKey(command.email)))?.id;
      if (!accountId || !(await this.accounts.lock(tx, accountId)))
        throw IdentityErrors.userNotFound();
      await this.accounts.deactivate(tx, accountId);
      await this.sessions.revokeAllOf(tx, accountId, 'account deactivated');
    });
  }
}
