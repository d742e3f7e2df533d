import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { RoleSettingsRepository } from '../../roles/role-settings.repository.js';
import { gatewayMigrations } from '../../../migrations/index.js';
import { anEmail, identityUseCases, type IdentityUseCases } from '../../identity.medium-fixture.js';

describe('ListStaffAccountsUseCase', () => {
  let db: MediumDatabase;
  let identity: IdentityUseCases;

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'gateway', migrations: gatewayMigrations });
    identity = identityUseCases(db);
  });
  afterAll(() => db?.close());

  it('lists staff accounts newest first, deactivated ones too, never citizens; and the roles that need two-factor login', async () => {
    const account = (role: 'clerk' | 'inspector' | 'citizen') =>
      identity.createStaffAccount.execute({
        email: anEmail(role),
        password: 'the right password',
        fullName: `A ${role}`,
        role,
      });
    const clerk = await account('clerk');
    const inspector = await account('inspector');
    const citizen = await account('citizen');
    await identity.deactivateAccount.execute({ accountId: clerk.id });
    await new RoleSettingsRepository().setTwoFactorRequired(db.dataSource.manager, 'cashier', true);

    const listed = await identity.listStaffAccounts.execute();
    const ids = listed.items.map((a) => a.id);
    expect(ids).toEqual(expect.arrayContaining([clerk.id, inspector.id]));
    expect(ids).not.toContain(citizen.id);
    expect(ids.indexOf(inspector.id)).toBeLessThan(ids.indexOf(clerk.id));
    expect(listed.items.find((a) => a.id === clerk.id)).toMatchObject({
      role: 'clerk',
      status: 'deactivated',
    });
    expect(listed.items.every((a) => a.role !== 'citizen')).toBe(true);
    expect(Object.keys(listed.items[0] ?? {}).sort()).toEqual([
      'createdAt',
      'email',
      'fullName',
      'id',
      'role',
      'status',
    ]);
    expect(listed.twoFactorRoles).toContain('cashier');
  });
});
