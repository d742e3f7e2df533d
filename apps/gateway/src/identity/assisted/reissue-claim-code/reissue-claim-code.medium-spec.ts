import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId, runWithContext } from '#platform';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { gatewayMigrations } from '../../../migrations/index.js';
import { anEmail, identityUseCases, type IdentityUseCases } from '../../identity.medium-fixture.js';

const PASSWORD = 'a long password of my own';

// Medium tier: a clerk reissues the claim code of an account made at the counter, against the
// identity schema (fresh, migrated) and a real outbox.
describe('ReissueClaimCodeUseCase', () => {
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

  async function aWalkIn() {
    const email = anEmail('walk.in');
    const made = await identity.createAssistedAccount.execute({
      fullName: 'Walk In',
      email,
      identityDocument: { kind: 'national_id_card', numberEnd: 'x7k2' },
      clerk,
    });
    return { email, accountId: made.accountId, claimCode: made.claimCode };
  }

  const eventsOf = async (subject: string, where: (data: Record<string, unknown>) => boolean) =>
    (await db.outboxRows()).filter(
      (e) => e.subject === subject && where(e.envelope.data as Record<string, unknown>),
    );

  it('given the same document, when reissued, then a new code replaces the old one and an event says so (ids only)', async () => {
    const person = await aWalkIn();
    const reissued = await identity.reissueClaimCode.execute({
      accountId: person.accountId,
      identityDocument: { kind: 'national_id_card', numberEnd: 'X7K2' },
      clerk,
    });
    expect(reissued).toEqual({
      accountId: person.accountId,
      claimCode: expect.stringMatching(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/),
      claimCodeExpiresAt: expect.any(String),
    });
    expect(reissued.claimCode).not.toBe(person.claimCode);
    const events = await eventsOf(
      'gov.identity.claim-code.reissued.v1',
      (d) => d.accountId === person.accountId,
    );
    expect(events.map((e) => e.envelope.data)).toEqual([
      { accountId: person.accountId, reissuedBy: clerk.userId },
    ]);
    expect(events[0]?.aggregateId).toBe(person.accountId);
    const checks = await db.query(
      'SELECT clerk_id, document_kind, document_end, matched FROM identity_document_checks WHERE user_id = $1',
      [person.accountId],
    );
    expect(checks).toEqual([
      {
        clerk_id: clerk.userId,
        document_kind: 'national_id_card',
        document_end: 'X7K2',
        matched: true,
      },
    ]);
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

    // Claimed: nothing to reissue.
    await expect(
      identity.reissueClaimCode.execute({
        accountId: person.accountId,
        identityDocument: { kind: 'national_id_card', numberEnd: 'X7K2' },
        clerk,
      }),
    ).rejects.toMatchObject({ code: 'IDENTITY.ACCOUNT_CLAIMED' });
  });

  it('given another document, when reissued, then it is refused, counted and recorded, and the code stays', async () => {
    const person = await aWalkIn();
    const before = await db.query<{ code_hash: string }>(
      'SELECT code_hash FROM claim_codes WHERE user_id = $1',
      [person.accountId],
    );
    for (const identityDocument of [
      { kind: 'passport', numberEnd: 'X7K2' },
      { kind: 'national_id_card', numberEnd: 'X7K3' },
    ] as const)
      await expect(
        identity.reissueClaimCode.execute({
          accountId: person.accountId,
          identityDocument,
          clerk,
        }),
      ).rejects.toMatchObject({
        code: 'IDENTITY.IDENTITY_DOCUMENT_MISMATCH',
        details: { errors: [{ field: 'identityDocument' }] },
      });
    expect(
      await db.query('SELECT code_hash FROM claim_codes WHERE user_id = $1', [person.accountId]),
    ).toEqual(before);
    const [counted] = await db.query<{ n: string }>(
      'SELECT count(*) AS n FROM identity_document_checks WHERE user_id = $1 AND NOT matched',
      [person.accountId],
    );
    expect(Number(counted?.n)).toBe(2);
    const refusals = await eventsOf(
      'gov.identity.access.denied.v1',
      (d) => d.resourceId === person.accountId,
    );
    expect(refusals.map((e) => e.envelope.data)).toEqual(
      Array(2).fill({
        resourceType: 'assisted-account',
        resourceId: person.accountId,
        action: 'reissue-claim-code',
        reasonCode: 'IDENTITY.IDENTITY_DOCUMENT_MISMATCH',
        refusedBy: 'gateway',
        userId: clerk.userId,
      }),
    );
    expect(
      await eventsOf(
        'gov.identity.claim-code.reissued.v1',
        (d) => d.accountId === person.accountId,
      ),
    ).toEqual([]);
    // The printed code still works.
    await expect(
      identity.claimAccount.execute({
        email: person.email,
        code: person.claimCode,
        password: PASSWORD,
      }),
    ).resolves.toMatchObject({ status: 'active' });
  });

  it('given an account not made at the counter, or none, when reissued, then there is no such account', async () => {
    const citizen = await identity.registerAccount.execute({
      email: anEmail('citizen'),
      password: 'a citizen password',
      fullName: 'Ordinary',
    });
    for (const accountId of [citizen.id, newId()])
      await expect(
        identity.reissueClaimCode.execute({
          accountId,
          identityDocument: { kind: 'passport', numberEnd: '1234' },
          clerk,
        }),
      ).rejects.toMatchObject({ code: 'IDENTITY.USER_NOT_FOUND' });
  });

  it('given a repeat of the request key that reaches it, when reissued again, then one event and the fresh code works', async () => {
    const person = await aWalkIn();
    const requestKey = randomBytes(24).toString('base64url');
    const asRequest = () =>
      runWithContext({ correlationId: newId(), requestKey }, () =>
        identity.reissueClaimCode.execute({
          accountId: person.accountId,
          identityDocument: { kind: 'national_id_card', numberEnd: 'X7K2' },
          clerk,
        }),
      );
    const first = await asRequest();
    const repeat = await asRequest();
    expect(repeat.claimCode).not.toBe(first.claimCode);
    expect(
      await eventsOf(
        'gov.identity.claim-code.reissued.v1',
        (d) => d.accountId === person.accountId,
      ),
    ).toHaveLength(1);
    await expect(
      identity.claimAccount.execute({
        email: person.email,
        code: first.claimCode,
        password: PASSWORD,
      }),
    ).rejects.toMatchObject({ code: 'IDENTITY.CLAIM_CODE_INVALID' });
    await expect(
      identity.claimAccount.execute({
        email: person.email,
        code: repeat.claimCode,
        password: PASSWORD,
      }),
    ).resolves.toMatchObject({ status: 'active' });
  });
});
