import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { gatewayMigrations } from '../../../migrations/index.js';
import { anEmail, identityUseCases, type IdentityUseCases } from '../../identity.medium-fixture.js';

describe('CreateStaffAccountUseCase', () => {
  let db: MediumDatabase;
  let identity: IdentityUseCases;

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'gateway', migrations: gatewayMigrations });
    identity = identityUseCases(db);
  });
  afterAll(() => db?.close());

  it('makes an account with the given role that logs in; a taken address is refused', async () => {
    const email = anEmail('staff');
    const command = { email, password: 'a staff password', fullName: 'S', role: 'supervisor' };
    const view = await identity.createStaffAccount.execute({ ...command, role: 'supervisor' });
    expect(view).toMatchObject({ email, role: 'supervisor', status: 'active' });
    await expect(identity.getAccount.execute({ accountId: view.id })).resolves.toEqual(view);
    const pair = await identity.logIn.execute({ email, password: command.password });
    await expect(identity.tokens.verifyAccess(pair.accessToken)).resolves.toMatchObject({
      role: 'supervisor',
    });
    await expect(
      identity.createStaffAccount.execute({ ...command, role: 'clerk' }),
    ).rejects.toMatchObject({ code: 'IDENTITY.EMAIL_TAKEN' });
    expect(await db.query('SELECT id FROM users WHERE id = $1', [view.id])).toHaveLength(1);
  });
});
