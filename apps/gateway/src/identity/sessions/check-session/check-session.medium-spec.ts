import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { gatewayMigrations } from '../../../migrations/index.js';
import { anEmail, identityUseCases, type IdentityUseCases } from '../../identity.medium-fixture.js';

describe('CheckSessionUseCase', () => {
  let db: MediumDatabase;
  let identity: IdentityUseCases;
  const password = 'the right password';

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'gateway', migrations: gatewayMigrations });
    identity = identityUseCases(db);
  });
  afterAll(() => db?.close());

  const loggedIn = async (role: 'clerk' | 'citizen') => {
    const email = anEmail('check');
    const account = await identity.createStaffAccount.execute({
      email,
      password,
      fullName: 'C',
      role,
    });
    return { account, pair: await identity.logIn.execute({ email, password }) };
  };

  it('gives the actor of a live session, with the role the account has now', async () => {
    const { account, pair } = await loggedIn('clerk');
    expect(await identity.checkSession.execute({ bearer: pair.accessToken })).toEqual({
      userId: account.id,
      role: 'clerk',
      sessionId: expect.any(String),
      twoFactor: false,
    });
    await db.query("UPDATE users SET role = 'supervisor' WHERE id = $1", [account.id]);
    expect(await identity.checkSession.execute({ bearer: pair.accessToken })).toMatchObject({
      role: 'supervisor',
    });
  });

  it('refuses a token that is not one, and the token of a deactivated account', async () => {
    expect(await identity.checkSession.execute({ bearer: 'a.b.c' })).toBeUndefined();
    const { account, pair } = await loggedIn('citizen');
    await identity.deactivateAccount.execute({ accountId: account.id });
    expect(await identity.checkSession.execute({ bearer: pair.accessToken })).toBeUndefined();
  });
});
