import { Injectable } from '@nestjs/common';
import { IdentityErrors, type Role } from '#contracts';
import { IdempotentCommands, newId } from '#platform';
import { PasswordHasher } from '../../password-hasher.js';
import { accountView, emailKey, type AccountView } from '../account.js';
import { AccountRepository } from '../account.repository.js';

export interface CreateStaffAccount {
  email: string;
  password: string;
  fullName: string;
  role: Role;
}

/**
 * An admin (or the command line) creates an account with a given role.
 * Refuses IDENTITY.EMAIL_TAKEN when the address (in any spelling) has one. A command: once
 * per request key (a repeat answers the account it created then), the account and the key
 * committed together.
 */
@Injectable()
export class CreateStaffAccountUseCase {
  constructor(
    private readonly commands: IdempotentCommands,
    private readonly accounts: AccountRepository,
    private readonly passwords: PasswordHasher,
  ) {}

  async execute(command: CreateStaffAccount): Promise<AccountView> {
    const passwordHash = await this.passwords.hash(command.password);
    return this.commands.run('identity.accounts.create', async (tx) => {
      const created = await this.accounts.insert(tx, {
        id: newId(),
        email: command.email.trim(),
        emailKey: emailKey(command.email),
        fullName: command.fullName.trim(),
        passwordHash,
        role: command.role,
      });
      if (!created) throw IdentityErrors.emailTaken();
      return accountView(created);
    });
  }
}
