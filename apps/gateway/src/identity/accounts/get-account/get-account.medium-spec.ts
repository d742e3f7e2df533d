import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { gatewayMigrations } from '../../../migrations/index.js';
import { anEmail, identityUseCases, type IdentityUseCases } from '../../identity.medium-fixture.js';

describe('GetAccountUseCase', () => {
  let db: MediumDatabase;
  let identity: IdentityUseCases;

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'gateway', migrations: gatewayMigrations });
    identity = identityUseCases(db);
  });
  afterAll(() => db?.close());

  it("shows the account's own view, never its hash or second factor", async () => {
    const email = anEmail('me');
    const { id } = await identity.createStaffAccount.execute({
      email,
      password: 'the right password',
      fullName: 'Me',
      role: 'citizen',
    });
    const view = await identity.getAccount.execute({ accountId: id });
    expect(Object.keys(view).sort()).toEqual([
      'createdAt',
      'email',
      'fullName',
      'id',
      'role',
      'status',
    ]);
    await expect(identity.getAccount.execute({ accountId: randomUUID() })).rejects.toMatchObject({
      code: 'IDENTITY.UNAUTHENTICATED',
    });
  });
});
