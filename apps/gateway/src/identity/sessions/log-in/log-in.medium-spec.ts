import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { generate, generateSecret } from 'otplib';
import { DomainError } from '#contracts';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { gatewayMigrations } from '../../../migrations/index.js';
import { identityUseCases } from '../../identity.medium-fixture.js';
import type { SealTotpSecretsUseCase } from '../../two-factor/seal-totp-secrets/seal-totp-secrets.use-case.js';
import type { TotpSecrets } from '../../two-factor/totp-secrets.js';
import type { CreateStaffAccountUseCase } from '../../accounts/create-staff-account/create-staff-account.use-case.js';
import type { TokenIssuer } from '../../token-issuer.js';
import type { LogInUseCase } from './log-in.use-case.js';

// Medium tier: the use case against the identity schema (fresh, migrated) and a real outbox.
describe('LogInUseCase', () => {
  let db: MediumDatabase;
  let logIn: LogInUseCase;
  let totpSecrets: TotpSecrets;
  let sealTotpSecrets: SealTotpSecretsUseCase;
  let createAccount: CreateStaffAccountUseCase;
  let tokens: TokenIssuer;
  const password = 'the right password';

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'gateway', migrations: gatewayMigrations });
    // The lock comes at the 2nd failure (MEDIUM_IDENTITY_SETTINGS); no per-minute limit here.
    const identity = identityUseCases(db, { GATEWAY_ACCOUNT_RATE_LIMIT_PER_MINUTE: 100 });
    ({ logIn, createStaffAccount: createAccount, tokens, totpSecrets, sealTotpSecrets } = identity);
  });
  afterAll(() => db?.close());

  const account = (email: string, role: 'citizen' | 'clerk' = 'citizen') =>
    createAccount.execute({ email, password, fullName: 'Test Person', role });

  it('opens a session with a refresh token stored as a hash, and announces nothing', async () => {
    const { id } = await account('login.ok@example.org', 'clerk');
    const pair = await logIn.execute({ email: 'LOGIN.OK@example.org', password });
    expect(pair).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    await expect(tokens.verifyAccess(pair.accessToken)).resolves.toMatchObject({
      userId: id,
      role: 'clerk',
    });
    const sessions = await db.query<{ id: string; two_factor: boolean; days: number }>(
      `SELECT id, two_factor, round(extract(epoch FROM expires_at - created_at) / 86400) AS days
       FROM sessions WHERE user_id = $1 AND revoked_at IS NULL`,
      [id],
    );
    expect(sessions).toEqual([{ id: expect.any(String), two_factor: false, days: '30' }]);
    const [tokenId, secret] = pair.refreshToken.split('.') as [string, string];
    const refresh = await db.query<{ session_id: string; secret_hash: Buffer; used_at: null }>(
      'SELECT session_id, secret_hash, used_at FROM refresh_tokens WHERE id = $1',
      [tokenId],
    );
    expect(refresh).toHaveLength(1);
    expect(refresh[0]?.session_id).toBe(sessions[0]?.id);
    expect(refresh[0]?.used_at).toBeNull();
    expect(refresh[0]?.secret_hash.equals(createHash('sha256').update(secret).digest())).toBe(true);
    expect(await db.outboxRows()).toEqual([]);
  });

  it('gives a wrong password and an unknown address the same refusal; the first counts', async () => {
    const { id } = await account('login.wrong@example.org');
    for (const email of ['login.wrong@example.org', 'nobody@example.org']) {
      const attempt = logIn.execute({ email, password: 'not the password' });
      await expect(attempt).rejects.toBeInstanceOf(DomainError);
      await expect(attempt).rejects.toMatchObject({ code: 'IDENTITY.INVALID_CREDENTIALS' });
    }
    const [row] = await db.query<{ failed_logins: number; locked_until: Date | null }>(
      'SELECT failed_logins, locked_until FROM users WHERE id = $1',
      [id],
    );
    expect(row).toEqual({ failed_logins: 1, locked_until: null });
  });

  it('locks the account at the limit, even against the right password, then a login clears the count', async () => {
    const { id } = await account('login.locked@example.org');
    for (let i = 0; i < 2; i += 1)
      await expect(
        logIn.execute({ email: 'login.locked@example.org', password: 'guess' }),
      ).rejects.toMatchObject({ code: 'IDENTITY.INVALID_CREDENTIALS' });
    const [locked] = await db.query<{ failed_logins: number; seconds: string }>(
      `SELECT failed_logins, round(extract(epoch FROM locked_until - now())) AS seconds
       FROM users WHERE id = $1`,
      [id],
    );
    expect(locked?.failed_logins).toBe(2);
    expect(Number(locked?.seconds)).toBeGreaterThan(50);
    expect(Number(locked?.seconds)).toBeLessThanOrEqual(60);
    const refused = logIn.execute({ email: 'login.locked@example.org', password });
    await expect(refused).rejects.toMatchObject({
      code: 'IDENTITY.ACCOUNT_LOCKED',
      details: { retryAfterSeconds: expect.any(Number) },
    });
    expect(await db.query('SELECT id FROM sessions WHERE user_id = $1', [id])).toEqual([]);
    // The lock ends (here: moved into the past); the right password opens a session and
    // clears the failures.
    await db.query("UPDATE users SET locked_until = now() - interval '1 second' WHERE id = $1", [
      id,
    ]);
    await logIn.execute({ email: 'login.locked@example.org', password });
    const [after] = await db.query<{ failed_logins: number; locked_until: Date | null }>(
      'SELECT failed_logins, locked_until FROM users WHERE id = $1',
      [id],
    );
    expect(after).toEqual({ failed_logins: 0, locked_until: null });
  });

  it('asks an account with TOTP for its code, accepts it once, and counts a replay as a failure', async () => {
    const { id } = await account('login.totp@example.org', 'clerk');
    const secret = generateSecret();
    await db.query('UPDATE users SET totp_secret = $2, totp_enabled = true WHERE id = $1', [
      id,
      totpSecrets.seal(id, secret),
    ]);
    await expect(
      logIn.execute({ email: 'login.totp@example.org', password }),
    ).rejects.toMatchObject({
      code: 'IDENTITY.TOTP_REQUIRED',
      details: { hint: expect.any(String) },
    });
    const totp = await generate({ secret });
    await logIn.execute({ email: 'login.totp@example.org', password, totp });
    const sessions = await db.query<{ two_factor: boolean }>(
      'SELECT two_factor FROM sessions WHERE user_id = $1',
      [id],
    );
    expect(sessions).toEqual([{ two_factor: true }]);
    const [used] = await db.query<{ totp_last_step: string | null }>(
      'SELECT totp_last_step FROM users WHERE id = $1',
      [id],
    );
    expect(Number(used?.totp_last_step)).toBeGreaterThan(0);
    await expect(
      logIn.execute({ email: 'login.totp@example.org', password, totp }),
    ).rejects.toMatchObject({ code: 'IDENTITY.INVALID_TOTP' });
    const [after] = await db.query<{ failed_logins: number }>(
      'SELECT failed_logins FROM users WHERE id = $1',
      [id],
    );
    expect(after?.failed_logins).toBe(1);
    expect(await db.query('SELECT id FROM sessions WHERE user_id = $1', [id])).toHaveLength(1);
  });

  it('logs in with a secret stored before sealing, and seals it at start (once, whoever starts)', async () => {
    const { id } = await account('login.legacy@example.org', 'clerk');
    const secret = generateSecret();
    await db.query('UPDATE users SET totp_secret = $2, totp_enabled = true WHERE id = $1', [
      id,
      secret,
    ]);
    await logIn.execute({
      email: 'login.legacy@example.org',
      password,
      totp: await generate({ secret, epoch: Math.floor(Date.now() / 1_000) - 30 }),
    });
    // Two replicas starting together: every legacy secret sealed once.
    const counts = await Promise.all([sealTotpSecrets.execute(), sealTotpSecrets.execute()]);
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    const [row] = await db.query<{ totp_secret: string }>(
      'SELECT totp_secret FROM users WHERE id = $1',
      [id],
    );
    expect(row?.totp_secret).toMatch(/^v1\./);
    expect(totpSecrets.open(id, row?.totp_secret ?? '')).toBe(secret);
    expect(await sealTotpSecrets.execute()).toBe(0);
    await logIn.execute({
      email: 'login.legacy@example.org',
      password,
      totp: await generate({ secret }),
    });
  });

  it('refuses a deactivated account as wrong credentials, without counting a failure', async () => {
    const { id } = await account('login.gone@example.org');
    await db.query("UPDATE users SET status = 'deactivated' WHERE id = $1", [id]);
    await expect(
      logIn.execute({ email: 'login.gone@example.org', password }),
    ).rejects.toMatchObject({ code: 'IDENTITY.INVALID_CREDENTIALS' });
    const [row] = await db.query<{ failed_logins: number }>(
      'SELECT failed_logins FROM users WHERE id = $1',
      [id],
    );
    expect(row?.failed_logins).toBe(0);
  });
});
