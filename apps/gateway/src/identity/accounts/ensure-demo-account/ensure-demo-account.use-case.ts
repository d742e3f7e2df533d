import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role } from '#contracts';
import { PasswordHasher } from '../../password-hasher.js';
import { emailKey } from '../account.js';
import { AccountRepository } from '../account.repository.js';
import { CreateStaffAccountUseCase } from '../create-staff-account/create-staff-account.use-case.js';

export interface EnsureDemoAccount {
  role: Role;
  email: string;
  /** The password kept from an earlier run, if the caller still has it. */
  knownPassword: string | undefined;
  /** The password to give the account when none is known. */
  newPassword: string;
}

/**
 * The local stack's demo account of a role: made unless it exists; an existing one whose
 * password was lost gets `newPassword`. Returns the password in force.
 */
@Injectable()
export class EnsureDemoAccountUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly passwords: PasswordHasher,
    private readonly create: CreateStaffAccountUseCase,
  ) {}

  async execute(command: EnsureDemoAccount): Promise<string> {
    const existing = await this.accounts.findByEmailKey(
      this.dataSource.manager,
      emailKey(command.email),
    );
    if (existing && command.knownPassword) return command.knownPassword;
    if (existing)
      await this.accounts.setPasswordHash(
        this.dataSource.manager,
        existing.id,
        await this.passwords.hash(command.newPassword),
      );
    else
      await this.create.execute({
        email: command.email,
        password: command.newPassword,
        fullName: `Demo ${command.role}`,
        role: command.role,
      });
    return command.newPassword;
  }
}
