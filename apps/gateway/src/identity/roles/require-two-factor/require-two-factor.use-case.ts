import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { StaffRole } from '#contracts';
import { RoleSettingsRepository } from '../role-settings.repository.js';
import { TwoFactorRoles } from '../two-factor-roles.js';

/**
 * An admin requires (or no longer requires) two-factor login of a staff role. Sessions of
 * that role opened without a second factor can then only set one up.
 */
@Injectable()
export class RequireTwoFactorUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: RoleSettingsRepository,
    private readonly twoFactorRoles: TwoFactorRoles,
  ) {}

  async execute(command: { role: StaffRole; required: boolean }): Promise<void> {
    await this.settings.setTwoFactorRequired(
      this.dataSource.manager,
      command.role,
      command.required,
    );
    this.twoFactorRoles.forget();
  }
}
