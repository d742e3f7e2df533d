import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { gatewayMigrations } from '../../../migrations/index.js';
import { anEmail, identityUseCases, type IdentityUseCases } from '../../identity.medium-fixture.js';

describe('LogOutUseCase', () => {
  let db: MediumDatabase;
  let identity: IdentityUseCases;
  const password = 'the right password';

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'gateway', migrations: gatewayMigrations });
    identity = identityUseCases(db);
  });
  afterAll(() => db?.close());

  const loggedIn = async () => {
    const email = anEmail('logout');
    await identity.createStaffAccount.execute({ email, password, fullName: 'L', role: 'citizen' });
    const pair = await identity.logIn.execute({ email, password });
    const actor = await identity.tokens.verifyAccess(pair.accessToken);
    return { pair, actor };
  };

  it("revokes the caller's session; its access token no longer passes the session check", async () => {
    const { pair, actor } = await loggedIn();
    expect(await identity.checkSession.execute({ bearer: pair.accessToken })).toMatchObject({
      userId: actor.userId,
    });
    await identity.logOut.execute({ refreshToken: pair.refreshToken, actor });
    const [session] = await db.query<{ revoked_why: string }>(
      'SELECT revoked_why FROM sessions WHERE id = $1',
      [actor.sessionId],
    );
    expect(session?.revoked_why).toBe('logout');
    expect(await identity.checkSession.execute({ bearer: pair.accessToken })).toBeUndefined();
  });

  it("refuses someone else's refresh token, leaving that session alone", async () => {
    const mine = await loggedIn();
    const theirs = await loggedIn();
    await expect(
      identity.logOut.execute({ refreshToken: theirs.pair.refreshToken, actor: mine.actor }),
    ).rejects.toMatchObject({ code: 'IDENTITY.INVALID_REFRESH_TOKEN' });
    const [session] = await db.query<{ revoked_at: Date | null }>(
      'SELECT revoked_at FROM sessions WHERE id = $1',
      [theirs.actor.sessionId],
    );
    expect(session?.revoked_at).toBeNull();
  });
});
