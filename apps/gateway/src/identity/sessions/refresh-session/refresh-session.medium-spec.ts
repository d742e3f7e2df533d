import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { gatewayMigrations } from '../../../migrations/index.js';
import { anEmail, identityUseCases, type IdentityUseCases } from '../../identity.medium-fixture.js';

describe('RefreshSessionUseCase', () => {
  let db: MediumDatabase;
  let identity: IdentityUseCases;
  const password = 'the right password';

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'gateway', migrations: gatewayMigrations });
    identity = identityUseCases(db);
  });
  afterAll(() => db?.close());

  const loggedIn = async () => {
    const email = anEmail('refresh');
    const account = await identity.createStaffAccount.execute({
      email,
      password,
      fullName: 'R',
      role: 'citizen',
    });
    return { account, pair: await identity.logIn.execute({ email, password }) };
  };

  it('spends the presented token and stores the next one in the same session', async () => {
    const { pair } = await loggedIn();
    const next = await identity.refreshSession.execute({ refreshToken: pair.refreshToken });
    const [first, second] = [pair, next].map((p) => p.refreshToken.split('.')[0]);
    const rows = await db.query<{ id: string; session_id: string; used: boolean }>(
      'SELECT id, session_id, used_at IS NOT NULL AS used FROM refresh_tokens WHERE id IN ($1, $2)',
      [first, second],
    );
    expect(rows.find((r) => r.id === first)?.used).toBe(true);
    expect(rows.find((r) => r.id === second)?.used).toBe(false);
    expect(new Set(rows.map((r) => r.session_id)).size).toBe(1);
  });

  it('ends the whole session when a spent token is presented again', async () => {
    const { account, pair } = await loggedIn();
    const next = await identity.refreshSession.execute({ refreshToken: pair.refreshToken });
    await expect(
      identity.refreshSession.execute({ refreshToken: pair.refreshToken }),
    ).rejects.toMatchObject({ code: 'IDENTITY.INVALID_REFRESH_TOKEN' });
    const [session] = await db.query<{ revoked_why: string | null }>(
      'SELECT revoked_why FROM sessions WHERE user_id = $1',
      [account.id],
    );
    expect(session?.revoked_why).toBe('refresh token reused');
    // The thief's fresh token dies with the session too.
    await expect(
      identity.refreshSession.execute({ refreshToken: next.refreshToken }),
    ).rejects.toMatchObject({ code: 'IDENTITY.INVALID_REFRESH_TOKEN' });
  });

  it('refuses a token with a wrong secret without touching its session', async () => {
    const { account, pair } = await loggedIn();
    const [id] = pair.refreshToken.split('.');
    await expect(
      identity.refreshSession.execute({ refreshToken: `${id}.${'A'.repeat(43)}` }),
    ).rejects.toMatchObject({ code: 'IDENTITY.INVALID_REFRESH_TOKEN' });
    const [session] = await db.query<{ revoked_at: Date | null }>(
      'SELECT revoked_at FROM sessions WHERE user_id = $1',
      [account.id],
    );
    expect(session?.revoked_at).toBeNull();
  });
});
