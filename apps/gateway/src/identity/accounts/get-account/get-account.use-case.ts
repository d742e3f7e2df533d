import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdentityErrors } from '#contracts';
import { accountView, type AccountView } from '../account.js';
import { AccountRepository } from '../account.repository.js';

/** The logged-in account's own view (IDENTITY.UNAUTHENTICATED if it is gone). */
@Injectable()
export class GetAccountUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
  ) {}

  async execute(query: { accountId: string }): Promise<AccountView> {
    const account = await this.accounts.findById(this.dataSource.manager, query.accountId);
    if (!account) throw IdentityErrors.unauthenticated();
    return accountView(account);
  }
}
