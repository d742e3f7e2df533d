import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { STAFF_ROLES, type StaffRole } from '#contracts';
import { RoleSettingsRepository } from '../../roles/role-settings.repository.js';
import { accountView, type AccountView } from '../account.js';
import { AccountRepository } from '../account.repository.js';

/** How many staff accounts one answer lists at most. */
export const STAFF_ACCOUNTS_LIMIT = 1000;

export interface StaffAccounts {
  /** Staff accounts (every role but citizen), newest first, deactivated ones too. */
  items: AccountView[];
  /** The staff roles whose logins need a second factor. */
  twoFactorRoles: StaffRole[];
}

/** What an admin sees of the staff: their accounts and which roles need two-factor login. */
@Injectable()
export class ListStaffAccountsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly roleSettings: RoleSettingsRepository,
  ) {}

  async execute(): Promise<StaffAccounts> {
    const db = this.dataSource.manager;
    const [rows, roles] = await Promise.all([
      this.accounts.listStaff(db, STAFF_ACCOUNTS_LIMIT),
      this.roleSettings.rolesRequiringTwoFactor(db),
    ]);
    return {
      items: rows.map(accountView),
      twoFactorRoles: STAFF_ROLES.filter((r) => roles.includes(r)),
    };
  }
}
