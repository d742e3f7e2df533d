import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generate } from 'otplib';
import { newId, runWithContext } from '#platform';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { gatewayMigrations } from '../../../migrations/index.js';
import { anEmail, identityUseCases, type IdentityUseCases } from '../../identity.medium-fixture.js';

// Set-up and confirmation together: the path an account takes to two-factor login.
describe('SetUpTotpUseCase and ConfirmTotpUseCase', () => {
  let db: MediumDatabase;
  let identity: IdentityUseCases;
  const password = 'the right password';

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'gateway', migrations: gatewayMigrations });
    identity = identityUseCases(db);
  });
  afterAll(() => db?.close());

  const loggedIn = async () => {
    const email = anEmail('totp');
    await identity.createStaffAccount.execute({ email, password, fullName: 'T', role: 'clerk' });
    const pair = await identity.logIn.execute({ email, password });
    return { email, actor: await identity.tokens.verifyAccess(pair.accessToken) };
  };

  it('refuses a confirmation before any set-up', async () => {
    const { actor } = await loggedIn();
    await expect(identity.confirmTotp.execute({ actor, code: '123456' })).rejects.toMatchObject({
      code: 'IDENTITY.TOTP_NOT_STARTED',
    });
  });

  it('stores a secret not yet in force, then a right code puts it in force for this session', async () => {
    const { email, actor } = await loggedIn();
    const { secret, otpauthUri } = await identity.setUpTotp.execute({ accountId: actor.userId });
    expect(otpauthUri).toContain(`secret=${secret}`);
    const [pending] = await db.query<{ totp_secret: string; totp_enabled: boolean }>(
      'SELECT totp_secret, totp_enabled FROM users WHERE id = $1',
      [actor.userId],
    );
    expect(pending?.totp_enabled).toBe(false);
    expect(pending?.totp_secret).not.toContain(secret);
    expect(identity.totpSecrets.open(actor.userId, pending?.totp_secret ?? '')).toBe(secret);
    await expect(identity.confirmTotp.execute({ actor, code: '000000' })).rejects.toMatchObject({
      code: 'IDENTITY.INVALID_TOTP',
    });
    const code = await generate({ secret });
    await identity.confirmTotp.execute({ actor, code });
    const [account] = await db.query<{ totp_enabled: boolean; totp_last_step: string }>(
      'SELECT totp_enabled, totp_last_step FROM users WHERE id = $1',
      [actor.userId],
    );
    expect(account?.totp_enabled).toBe(true);
    expect(Number(account?.totp_last_step)).toBeGreaterThan(0);
    const [session] = await db.query<{ two_factor: boolean }>(
      'SELECT two_factor FROM sessions WHERE id = $1',
      [actor.sessionId],
    );
    expect(session?.two_factor).toBe(true);
    // In force: a second set-up is refused, and login asks for the code.
    await expect(identity.setUpTotp.execute({ accountId: actor.userId })).rejects.toMatchObject({
      code: 'IDENTITY.TOTP_ALREADY_ENABLED',
    });
    await expect(identity.logIn.execute({ email, password })).rejects.toMatchObject({
      code: 'IDENTITY.TOTP_REQUIRED',
    });
  });

  it('confirms once per request key: a repeat is answered as the first, not TOTP_ALREADY_ENABLED', async () => {
    const { actor } = await loggedIn();
    const { secret } = await identity.setUpTotp.execute({ accountId: actor.userId });
    const code = await generate({ secret });
    const keyed = (requestKey: string) =>
      runWithContext({ correlationId: newId(), requestKey }, () =>
        identity.confirmTotp.execute({ actor, code }),
      );
    const requestKey = randomBytes(24).toString('base64url');
    await keyed(requestKey);
    await expect(keyed(requestKey)).resolves.toBeUndefined();
    expect(
      await db.query('SELECT pattern FROM request_keys WHERE request_key = $1', [requestKey]),
    ).toEqual([{ pattern: 'identity.two-factor.confirm' }]);
    await expect(keyed(`${requestKey}x`)).rejects.toMatchObject({
      code: 'IDENTITY.TOTP_ALREADY_ENABLED',
    });
  });
});
