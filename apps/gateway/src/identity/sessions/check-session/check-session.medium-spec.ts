import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mediumDatabase, testEnv, type MediumDatabase } from '#testing';
import { gatewayMigrations } from '../../../migrations/index.js';
import { AccountRepository } from '../../accounts/account.repository.js';
import {
  anEmail,
  identityUseCases,
  MEDIUM_IDENTITY_SETTINGS,
  type IdentityUseCases,
} from '../../identity.medium-fixture.js';
import { LogOutUseCase } from '../log-out/log-out.use-case.js';
import { RefreshSessionUseCase } from '../refresh-session/refresh-session.use-case.js';
import { SessionRepository } from '../session.repository.js';
import { SessionTokens } from '../session-tokens.js';
import { CheckSessionUseCase } from './check-session.use-case.js';

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

  describe('with its cache listening where no NOTIFY comes (another replica’s would, later)', () => {
    let checks: CheckSessionUseCase;
    let refresh: RefreshSessionUseCase;
    let logOut: LogOutUseCase;

    beforeAll(async () => {
      const sessions = new SessionRepository();
      // The cache listens on another database: it remembers sessions, and only what this
      // replica's own use cases tell it makes it forget one.
      checks = new CheckSessionUseCase(
        db.dataSource,
        new AccountRepository(),
        sessions,
        identity.tokens,
        {
          ...MEDIUM_IDENTITY_SETTINGS,
          DATABASE_URL: testEnv().adminDatabaseUrl,
        },
      );
      await checks.onModuleInit();
      const sessionTokens = new SessionTokens(sessions, identity.tokens, MEDIUM_IDENTITY_SETTINGS);
      refresh = new RefreshSessionUseCase(
        db.dataSource,
        sessions,
        sessionTokens,
        identity.tokens,
        checks,
      );
      logOut = new LogOutUseCase(db.dataSource, sessions, identity.tokens, checks);
    });
    afterAll(() => checks?.onModuleDestroy());

    it('forgets the session a spent refresh token ended before answering', async () => {
      const { pair } = await loggedIn('citizen');
      const fresh = await refresh.execute({ refreshToken: pair.refreshToken });
      expect(await checks.execute({ bearer: fresh.accessToken })).toBeDefined(); // remembered
      await expect(refresh.execute({ refreshToken: pair.refreshToken })).rejects.toMatchObject({
        code: 'IDENTITY.INVALID_REFRESH_TOKEN',
      });
      expect(await checks.execute({ bearer: fresh.accessToken })).toBeUndefined();
    });

    it('forgets a logged-out session before answering', async () => {
      const { account, pair } = await loggedIn('citizen');
      const actor = await checks.execute({ bearer: pair.accessToken }); // remembered
      expect(actor).toBeDefined();
      await logOut.execute({
        refreshToken: pair.refreshToken,
        actor: { userId: account.id, role: 'citizen', sessionId: actor?.sessionId ?? '' },
      });
      expect(await checks.execute({ bearer: pair.accessToken })).toBeUndefined();
    });
  });
});
