import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DomainError } from '#contracts';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { gatewayMigrations } from '../../../migrations/index.js';
import { identityUseCases } from '../../identity.medium-fixture.js';
import type { RegisterAccountUseCase } from './register-account.use-case.js';

// Medium tier: the use case against the identity schema (fresh, migrated) and a real outbox.
describe('RegisterAccountUseCase', () => {
  let db: MediumDatabase;
  let register: RegisterAccountUseCase;

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'gateway', migrations: gatewayMigrations });
    // At most 3 attempts a minute on one address (MEDIUM_IDENTITY_SETTINGS).
    register = identityUseCases(db).registerAccount;
  });
  afterAll(() => db?.close());

  it('makes an active citizen account with an argon2id hash, and announces nothing', async () => {
    const view = await register.execute({
      email: '  Ada.Citizen@Example.org ',
      password: 'a long password!',
      fullName: ' Ada Citizen ',
    });
    expect(view).toEqual({
      id: expect.any(String),
      email: 'Ada.Citizen@Example.org',
      fullName: 'Ada Citizen',
      role: 'citizen',
      status: 'active',
      createdAt: expect.any(String),
    });
    const rows = await db.query<Record<string, unknown>>('SELECT * FROM users WHERE id = $1', [
      view.id,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      email: 'Ada.Citizen@Example.org',
      email_key: 'ada.citizen@example.org',
      full_name: 'Ada Citizen',
      role: 'citizen',
      status: 'active',
      failed_logins: 0,
      totp_enabled: false,
    });
    expect(String(rows[0]?.password_hash)).toMatch(/^\$argon2id\$/);
    expect(String(rows[0]?.password_hash)).not.toContain('a long password!');
    // Registering is not an event of the identity context: the outbox stays empty.
    expect(await db.outboxRows()).toEqual([]);
  });

  it('refuses the same address in another spelling with IDENTITY.EMAIL_TAKEN, writing nothing', async () => {
    const attempt = register.execute({
      email: 'ADA.CITIZEN@example.org',
      password: 'another password',
      fullName: 'Someone Else',
    });
    await expect(attempt).rejects.toBeInstanceOf(DomainError);
    await expect(attempt).rejects.toMatchObject({ code: 'IDENTITY.EMAIL_TAKEN' });
    const rows = await db.query("SELECT id FROM users WHERE email_key = 'ada.citizen@example.org'");
    expect(rows).toHaveLength(1);
  });

  it('refuses attempts on one address past the per-minute limit, before touching the database', async () => {
    const account = { email: 'busy@example.org', password: 'a long password!', fullName: 'B' };
    await register.execute(account);
    await expect(register.execute(account)).rejects.toMatchObject({
      code: 'IDENTITY.EMAIL_TAKEN',
    });
    await expect(register.execute(account)).rejects.toMatchObject({
      code: 'IDENTITY.EMAIL_TAKEN',
    });
    const refused = register.execute({ ...account, email: 'BUSY@example.org' });
    await expect(refused).rejects.toMatchObject({
      code: 'IDENTITY.ACCOUNT_RATE_LIMITED',
      details: { retryAfterSeconds: expect.any(Number) },
    });
    // Another address is not affected.
    await expect(
      register.execute({ ...account, email: 'calm@example.org' }),
    ).resolves.toMatchObject({ role: 'citizen' });
  });
});
