import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { gatewayMigrations } from '../../../migrations/index.js';
import { anEmail, identityUseCases, type IdentityUseCases } from '../../identity.medium-fixture.js';

const PASSWORD = 'a long password of my own';
const PASSPORT = { kind: 'passport', numberEnd: '4821' } as const;

// Medium tier: the claim of an account made at the counter, against the identity schema (fresh,
// migrated) and a real outbox. At most 3 wrong codes (MEDIUM_IDENTITY_SETTINGS); the per-minute
// limit on one address is lifted here, so that the code's own count is what refuses.
describe('ClaimAccountUseCase', () => {
  let db: MediumDatabase;
  let identity: IdentityUseCases;
  let clerk: { userId: string; role: 'clerk' };

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'gateway', migrations: gatewayMigrations });
    identity = identityUseCases(db, { GATEWAY_ACCOUNT_RATE_LIMIT_PER_MINUTE: 1_000 });
    const staff = await identity.createStaffAccount.execute({
      email: anEmail('clerk'),
      password: 'a clerk password',
      fullName: 'C',
      role: 'clerk',
    });
    clerk = { userId: staff.id, role: 'clerk' };
  });
  afterAll(() => db?.close());

  /** Given an account a clerk made at the counter: its email and the printed code. */
  async function aWalkIn(): Promise<{ email: string; accountId: string; claimCode: string }> {
    const email = anEmail('walk.in');
    const made = await identity.createAssistedAccount.execute({
      fullName: 'Walk In',
      email,
      identityDocument: PASSPORT,
      clerk,
    });
    return { email, accountId: made.accountId, claimCode: made.claimCode };
  }

  const claimRow = async (accountId: string) =>
    (
      await db.query<{ code_hash: string; attempts: number; used_at: Date | null }>(
        'SELECT code_hash, attempts, used_at FROM claim_codes WHERE user_id = $1',
        [accountId],
      )
    )[0];

  const status = async (accountId: string) =>
    (await db.query<{ status: string }>('SELECT status FROM users WHERE id = $1', [accountId]))[0]
      ?.status;

  const claimedEvents = async (accountId: string) =>
    (await db.outboxRows()).filter(
      (e) => e.aggregateId === accountId && e.subject === 'gov.identity.account.claimed.v1',
    );

  it('given the printed code (any case, hyphens or not), when claimed, then the account is active with the new password, once', async () => {
    const person = await aWalkIn();
    // The code is kept only as an argon2id hash; the account has no password and no login.
    const before = await claimRow(person.accountId);
    expect(before?.code_hash).toMatch(/^\$argon2id\$/);
    expect(before?.code_hash).not.toContain(person.claimCode.replace(/-/g, ''));
    await expect(
      identity.logIn.execute({ email: person.email, password: PASSWORD }),
    ).rejects.toMatchObject({ code: 'IDENTITY.INVALID_CREDENTIALS' });

    const typed = person.claimCode.toLowerCase().replace(/-/g, ' ');
    const view = await identity.claimAccount.execute({
      email: person.email.toUpperCase(),
      code: typed,
      password: PASSWORD,
    });
    expect(view).toMatchObject({ id: person.accountId, role: 'citizen', status: 'active' });
    expect((await claimRow(person.accountId))?.used_at).toBeInstanceOf(Date);
    const [claimedAt] = await db.query<{ claimed_at: Date | null }>(
      'SELECT claimed_at FROM assisted_accounts WHERE user_id = $1',
      [person.accountId],
    );
    expect(claimedAt?.claimed_at).toBeInstanceOf(Date);
    await expect(
      identity.logIn.execute({ email: person.email, password: PASSWORD }),
    ).resolves.toMatchObject({ accessToken: expect.any(String) });

    // The event: ids only (the account and the clerk who made it).
    const events = await claimedEvents(person.accountId);
    expect(events).toHaveLength(1);
    const envelope = JSON.stringify(events[0]?.envelope);
    expect(events[0]?.envelope).toMatchObject({
      data: { accountId: person.accountId, createdBy: clerk.userId },
    });
    for (const personal of [person.email, 'Walk In', '4821', person.claimCode, PASSWORD])
      expect(envelope).not.toContain(personal);

    // Single use: the same code again is told to log in; the password stays the first one.
    await expect(
      identity.claimAccount.execute({
        email: person.email,
        code: person.claimCode,
        password: 'another password entirely',
      }),
    ).rejects.toMatchObject({ code: 'IDENTITY.CLAIM_CODE_USED' });
    await expect(
      identity.logIn.execute({ email: person.email, password: PASSWORD }),
    ).resolves.toMatchObject({ accessToken: expect.any(String) });
    expect(await claimedEvents(person.accountId)).toHaveLength(1);
  });

  it('given two claims with the right code at once, when both run, then exactly one wins', async () => {
    const person = await aWalkIn();
    const outcomes = await Promise.allSettled(
      ['first password here', 'second password here'].map((password) =>
        identity.claimAccount.execute({ email: person.email, code: person.claimCode, password }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({
      reason: { code: 'IDENTITY.CLAIM_CODE_USED' },
    });
    expect(await claimedEvents(person.accountId)).toHaveLength(1);
  });

  it('given wrong codes, when they reach the limit, then the code is void, even the right one', async () => {
    const person = await aWalkIn();
    const wrong = () =>
      identity.claimAccount.execute({
        email: person.email,
        code: 'AAAA-BBBB-CCCC',
        password: PASSWORD,
      });
    await expect(wrong()).rejects.toMatchObject({
      code: 'IDENTITY.CLAIM_CODE_INVALID',
      details: { errors: [{ field: 'code' }] },
    });
    await expect(wrong()).rejects.toMatchObject({ code: 'IDENTITY.CLAIM_CODE_INVALID' });
    expect((await claimRow(person.accountId))?.attempts).toBe(2);
    await expect(wrong()).rejects.toMatchObject({ code: 'IDENTITY.CLAIM_ATTEMPTS_EXCEEDED' });
    await expect(
      identity.claimAccount.execute({
        email: person.email,
        code: person.claimCode,
        password: PASSWORD,
      }),
    ).rejects.toMatchObject({ code: 'IDENTITY.CLAIM_ATTEMPTS_EXCEEDED' });
    expect(await status(person.accountId)).toBe('unclaimed');
    expect(await claimedEvents(person.accountId)).toEqual([]);

    // A new code from the counter (the same document seen): the count starts again, the old
    // code no longer works and the new one does.
    const reissued = await identity.reissueClaimCode.execute({
      accountId: person.accountId,
      identityDocument: { kind: 'passport', numberEnd: '4821' },
      clerk,
    });
    expect((await claimRow(person.accountId))?.attempts).toBe(0);
    await expect(
      identity.claimAccount.execute({
        email: person.email,
        code: person.claimCode,
        password: PASSWORD,
      }),
    ).rejects.toMatchObject({ code: 'IDENTITY.CLAIM_CODE_INVALID' });
    await expect(
      identity.claimAccount.execute({
        email: person.email,
        code: reissued.claimCode,
        password: PASSWORD,
      }),
    ).resolves.toMatchObject({ status: 'active' });
  });

  it('given an expired code, when claimed, then it is refused and the account stays unclaimed', async () => {
    const person = await aWalkIn();
    await db.query(
      `UPDATE claim_codes SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [person.accountId],
    );
    await expect(
      identity.claimAccount.execute({
        email: person.email,
        code: person.claimCode,
        password: PASSWORD,
      }),
    ).rejects.toMatchObject({ code: 'IDENTITY.CLAIM_CODE_EXPIRED' });
    expect(await status(person.accountId)).toBe('unclaimed');
    expect((await claimRow(person.accountId))?.used_at).toBeNull();
    expect(await claimedEvents(person.accountId)).toEqual([]);
  });

  it('given an address without an unclaimed account, when claimed, then it answers as a wrong code does', async () => {
    const person = await aWalkIn();
    await expect(
      identity.claimAccount.execute({
        email: anEmail('nobody'),
        code: person.claimCode,
        password: PASSWORD,
      }),
    ).rejects.toMatchObject({ code: 'IDENTITY.CLAIM_CODE_INVALID' });
    // An ordinary account has no claim code: the same answer, nothing counted or changed.
    const citizen = await identity.registerAccount.execute({
      email: anEmail('citizen'),
      password: 'a citizen password',
      fullName: 'Ordinary',
    });
    await expect(
      identity.claimAccount.execute({
        email: citizen.email,
        code: person.claimCode,
        password: PASSWORD,
      }),
    ).rejects.toMatchObject({ code: 'IDENTITY.CLAIM_CODE_INVALID' });
    expect((await claimRow(person.accountId))?.attempts).toBe(0);
  });
});
