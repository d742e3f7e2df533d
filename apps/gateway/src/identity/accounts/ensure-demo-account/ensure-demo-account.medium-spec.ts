import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { gatewayMigrations } from '../../../migrations/index.js';
import { identityUseCases, type IdentityUseCases } from '../../identity.medium-fixture.js';

describe('EnsureDemoAccountUseCase', () => {
  let db: MediumDatabase;
  let identity: IdentityUseCases;
  const email = 'auditor@demo.civic.example';

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'gateway', migrations: gatewayMigrations });
    identity = identityUseCases(db);
  });
  afterAll(() => db?.close());

  const ensure = (knownPassword: string | undefined, newPassword: string) =>
    identity.ensureDemoAccount.execute({ role: 'auditor', email, knownPassword, newPassword });

  it('makes the account once, keeps a known password, and replaces a lost one', async () => {
    expect(await ensure(undefined, 'first password!')).toBe('first password!');
    expect(await ensure('first password!', 'unused password')).toBe('first password!');
    await expect(
      identity.logIn.execute({ email, password: 'first password!' }),
    ).resolves.toMatchObject({ tokenType: 'Bearer' });
    expect(await ensure(undefined, 'second password')).toBe('second password');
    await expect(
      identity.logIn.execute({ email, password: 'second password' }),
    ).resolves.toMatchObject({ tokenType: 'Bearer' });
    const rows = await db.query<{ role: string; full_name: string }>(
      'SELECT role, full_name FROM users',
    );
    expect(rows).toEqual([{ role: 'auditor', full_name: 'Demo auditor' }]);
  });
});
