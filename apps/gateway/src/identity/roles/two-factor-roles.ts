import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role } from '#contracts';
import { RoleSettingsRepository } from './role-settings.repository.js';

/** How long this replica trusts what it read of the role settings. */
const FRESH_MS = 5_000;

/**
 * Roles whose accounts must log in with a second factor, as the access check asks on every
 * request: read again after a few seconds, so another replica's change is in force within
 * seconds and this replica's at once.
 */
@Injectable()
export class TwoFactorRoles {
  private read: { roles: Set<Role>; at: number } | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: RoleSettingsRepository,
  ) {}

  async required(role: Role): Promise<boolean> {
    if (!this.read || Date.now() - this.read.at > FRESH_MS) {
      const roles = await this.settings.rolesRequiringTwoFactor(this.dataSource.manager);
      this.read = { roles: new Set(roles), at: Date.now() };
    }
    return this.read.roles.has(role);
  }

  /** Read again at the next question (this replica changed the settings). */
  forget(): void {
    this.read = undefined;
  }
}
