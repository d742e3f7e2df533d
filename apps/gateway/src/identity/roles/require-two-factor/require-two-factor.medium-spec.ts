import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { gatewayMigrations } from '../../../migrations/index.js';
import { identityUseCases, type IdentityUseCases } from '../../identity.medium-fixture.js';

describe('RequireTwoFactorUseCase', () => {
  let db: MediumDatabase;
  let identity: IdentityUseCases;

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'gateway', migrations: gatewayMigrations });
    identity = identityUseCases(db);
  });
  afterAll(() => db?.close());

  it("saves the role's setting, in force at once on this replica", async () => {
    expect(await identity.twoFactorRoles.required('clerk')).toBe(false);
    await identity.requireTwoFactor.execute({ role: 'clerk', required: true });
    expect(await db.query('SELECT role, require_totp FROM role_settings')).toEqual([
      { role: 'clerk', require_totp: true },
    ]);
    expect(await identity.twoFactorRoles.required('clerk')).toBe(true);
    expect(await identity.twoFactorRoles.required('supervisor')).toBe(false);
    await identity.requireTwoFactor.execute({ role: 'clerk', required: false });
    expect(await identity.twoFactorRoles.required('clerk')).toBe(false);
  });
});
