import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { gatewayMigrations } from '../../../migrations/index.js';
import { anEmail, identityUseCases, type IdentityUseCases } from '../../identity.medium-fixture.js';

// The whole enrolment is in ../confirm-totp/confirm-totp.medium-spec.ts; here, set-up alone.
describe('SetUpTotpUseCase', () => {
  let db: MediumDatabase;
  let identity: IdentityUseCases;

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'gateway', migrations: gatewayMigrations });
    identity = identityUseCases(db);
  });
  afterAll(() => db?.close());

  it('gives a new secret each time until one is confirmed, forgetting the last step used', async () => {
    const { id } = await identity.createStaffAccount.execute({
      email: anEmail('setup'),
      password: 'the right password',
      fullName: 'S',
      role: 'citizen',
    });
    await db.query('UPDATE users SET totp_last_step = 42 WHERE id = $1', [id]);
    const first = await identity.setUpTotp.execute({ accountId: id });
    const second = await identity.setUpTotp.execute({ accountId: id });
    expect(second.secret).not.toBe(first.secret);
    const [row] = await db.query<{ totp_secret: string; totp_last_step: string | null }>(
      'SELECT totp_secret, totp_last_step FROM users WHERE id = $1',
      [id],
    );
    expect(row?.totp_last_step).toBeNull();
    // Kept sealed, bound to the account: the table alone does not give the secret away.
    expect(row?.totp_secret).toMatch(/^v1\./);
    expect(row?.totp_secret).not.toContain(second.secret);
    expect(identity.totpSecrets.open(id, row?.totp_secret ?? '')).toBe(second.secret);
    expect(() => identity.totpSecrets.open(randomUUID(), row?.totp_secret ?? '')).toThrow();
  });

  it('refuses an account that does not exist (any more) as unauthenticated', async () => {
    await expect(identity.setUpTotp.execute({ accountId: randomUUID() })).rejects.toMatchObject({
      code: 'IDENTITY.UNAUTHENTICATED',
    });
  });
});
