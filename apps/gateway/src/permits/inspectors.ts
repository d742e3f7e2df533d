import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '#contracts';
import { AccountRepository } from '../identity/accounts/account.repository.js';

/**
 * Whether a user may be given an inspection: an active account with the inspector role. The
 * gateway owns accounts, so it checks this before it asks permits to schedule (permits knows
 * only ids); a refusal is 422 `PERMITS.NOT_AN_INSPECTOR` naming the field.
 */
@Injectable()
export class Inspectors {
  private readonly accounts = new AccountRepository();

  constructor(private readonly dataSource: DataSource) {}

  async require(inspectorId: string): Promise<void> {
    const account = await this.accounts.findById(this.dataSource.manager, inspectorId);
    if (account?.role === 'inspector' && account.status === 'active') return;
    throw new DomainError('PERMITS.NOT_AN_INSPECTOR', 'inspectorId names no active inspector', {
      errors: [
        {
          field: 'inspectorId',
          code: 'NOT_AN_INSPECTOR',
          message: 'no active inspector has this id',
        },
      ],
    });
  }
}
