import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Role } from '#contracts';

/** The SQL of what an admin decides per role (`role_settings`). */
@Injectable()
export class RoleSettingsRepository {
  async rolesRequiringTwoFactor(db: EntityManager): Promise<Role[]> {
    const rows = await db.query<{ role: Role }[]>(
      'SELECT role FROM role_settings WHERE require_totp',
    );
    return rows.map((r) => r.role);
  }

  async setTwoFactorRequired(db: EntityManager, role: Role, required: boolean): Promise<void> {
    await db.query(
      `INSERT INTO role_settings (role, require_totp) VALUES ($1, $2)
       ON CONFLICT (role) DO UPDATE SET require_totp = EXCLUDED.require_totp`,
      [role, required],
    );
  }
}
