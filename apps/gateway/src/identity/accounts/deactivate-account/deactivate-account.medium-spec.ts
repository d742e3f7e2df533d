import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { gatewayMigrations } from '../../../migrations/index.js';
import { anEmail, identityUseCases, type IdentityUseCases } from '../../identity.medium-fixture.js';

describe('DeactivateAccountUseCase', () => {
  let db: MediumDatabase;
  let identity: IdentityUseCases;
  const password = 'the right password';

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'gateway', migrations: gatewayMigrations });
    identity = identityUseCases(db);
  });
  afterAll(() => db?.close());

  it('deactivates the account and ends every one of its sessions in one transaction', async () => {
    const email = anEmail('deactivate');
    const { id } = await identity.createStaffAccount.execute({
      email,
      password,
      fullName: 'D',
      role: 'clerk',
    });
    await identity.logIn.execute({ email, password });
    await identity.logIn.execute({ email, password });
    await identity.deactivateAccount.execute({ accountId: id });
    const [account] = await db.query<{ status: string }>('SELECT status FROM users WHERE id = $1', [
      id,
    ]);
    expect(account?.status).toBe('deactivated');
    const sessions = await db.query<{ revoked_why: string | null }>(
      'SELECT revoked_why FROM sessions WHERE user_id = $1',
      [id],
    );
    expect(sessions).toEqual([
      { revoked_why: 'account deactivated' },
      { revoked_why: 'account deactivated' },
    ]);
    await expect(identity.logIn.execute({ email, password })).rejects.toMatchObject({
      code: 'IDENTITY.INVALID_CREDENTIALS',
    });
  });

  it('finds the account by email too (the command line), and refuses an unknown one', async () => {
    const email = anEmail('by-email');
    const { id } = await identity.createStaffAccount.execute({
      email,
      password,
      fullName: 'E',
      role: 'citizen',
    });
    await identity.deactivateAccount.execute({ email: email.toUpperCase() });
    const [account] = await db.query<{ status: string }>('SELECT status FROM users WHERE id = $1', [
      id,
    ]);
    expect(account?.status).toBe('deactivated');
    await expect(
      identity.deactivateAccount.execute({ accountId: randomUUID() }),
    ).rejects.toMatchObject({ code: 'IDENTITY.USER_NOT_FOUND' });
    await expect(
      identity.deactivateAccount.execute({ email: anEmail('nobody') }),
    ).rejects.toMatchObject({ code: 'IDENTITY.USER_NOT_FOUND' });
  });
});
