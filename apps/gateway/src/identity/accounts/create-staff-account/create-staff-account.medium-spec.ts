import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId, runWithContext } from '#platform';
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

  it('creates once per request key: a repeat answers the first account, not EMAIL_TAKEN', async () => {
    const email = anEmail('keyed');
    const command = { email, password: 'a staff password', fullName: 'K', role: 'clerk' } as const;
    // What the gateway's IdempotencyInterceptor sets for a request with an Idempotency-Key.
    const requestKey = randomBytes(24).toString('base64url');
    const asRequest = () =>
      runWithContext({ correlationId: newId(), requestKey }, () =>
        identity.createStaffAccount.execute(command),
      );
    const first = await asRequest();
    const repeat = await asRequest();
    expect(repeat).toEqual(first);
    const rows = await db.query<{ id: string }>('SELECT id FROM users WHERE email_key = $1', [
      email,
    ]);
    expect(rows).toEqual([{ id: first.id }]);
    // The key was recorded with the account, in its transaction; another key is a new command.
    expect(
      await db.query('SELECT pattern FROM request_keys WHERE request_key = $1', [requestKey]),
    ).toEqual([{ pattern: 'identity.accounts.create' }]);
    await expect(
      runWithContext({ correlationId: newId(), requestKey: `${requestKey}x` }, () =>
        identity.createStaffAccount.execute(command),
      ),
    ).rejects.toMatchObject({ code: 'IDENTITY.EMAIL_TAKEN' });
  });
});
