/**
 * Issue 15 end to end: the assisted channel through the real gateway, permits, payments and the
 * worker. A clerk files for a walk-in person under a new, unclaimed account (the fee paid at the
 * counter by a cashier, the account claimed with the printed code, the person then sees their
 * application), and for a person with an account who shows an assist code from their session;
 * and every refusal leaves nothing changed; a clerk reissues an expired claim code. One stack for the file; the scenarios run side by
 * side. Expiry is tested by moving a code's or delegation's expiry into the past in the identity
 * tables (the durations are hours and minutes of configuration).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { ApplicationView, ApplicationsPage, PaymentView } from '#contracts';
import { ManagedProcess, randomPorts, startApps, type AppPorts, type RunningApps } from '#devstack';
import { eventually, testAppEnvironment, testEnv } from '#testing';
import { anAccount, type Account } from '../factories/accounts.js';
import { call, expectProblem, type Gateway, type Reply } from '../factories/gateway.js';
import { BUILDING_PERMIT } from '../../apps/permits/src/permit-types/seed-catalogue/catalogue-seed.js';

const WAIT = 90_000;
const PASSWORD = 'a long password of my own';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');

describe('the assisted channel: a clerk files for a walk-in applicant', () => {
  let ports: AppPorts;
  let apps: RunningApps;
  let gateway: Gateway;
  let db: pg.Client;
  let admin: Account;
  let clerk: Account;
  let clerk2: Account;
  let cashier: Account;
  let permitType: string;
  const running = new Map<string, Promise<void>>();

  const api = (
    method: string,
    path: string,
    options: { who?: Account | string; body?: unknown; key?: string } = {},
  ): Promise<Reply> =>
    call(gateway, method, path, {
      ...(options.who
        ? { token: typeof options.who === 'string' ? options.who : options.who.token }
        : {}),
      ...(options.body === undefined ? {} : { body: options.body }),
      headers: options.key ? { 'idempotency-key': options.key } : {},
    });

  const expectOk = (reply: Reply, status = 200): Record<string, unknown> => {
    if (reply.status !== status)
      throw new Error(`expected ${status}, got ${reply.status}: ${JSON.stringify(reply.body)}`);
    return reply.body;
  };

  const viewOf = async (who: Account | string, id: string): Promise<ApplicationView> =>
    expectOk(await api('GET', `/api/v1/applications/${id}`, { who })) as unknown as ApplicationView;

  const until = (
    who: Account,
    id: string,
    predicate: (view: ApplicationView) => boolean,
    what: string,
  ): Promise<ApplicationView> =>
    eventually(
      async () => {
        const view = await viewOf(who, id);
        return predicate(view) ? view : undefined;
      },
      WAIT,
      `${id}: ${what}`,
    );

  const logIn = (email: string, password: string): Promise<Reply> =>
    api('POST', '/api/v1/auth/login', { body: { email, password } });

  const draftBody = () => ({
    permitType,
    title: 'A shop sign',
    site: { address: '1 Counter Street' },
    details: { description: 'A sign over the shop door' },
    quantities: { floor_area_m2: 10 },
  });

  /** The assisted upload route (multipart), as a clerk's counter app sends it. */
  async function uploadFor(who: Account, delegationId: string, id: string): Promise<Reply> {
    const form = new FormData();
    form.append('kind', 'site_plan');
    form.append('file', new Blob([PDF], { type: 'application/pdf' }), 'plan.pdf');
    const response = await fetch(
      `${gateway.url}/api/v1/assisted/delegations/${delegationId}/applications/${id}/documents`,
      { method: 'POST', headers: { authorization: `Bearer ${who.token}` }, body: form },
    );
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as Record<string, unknown>,
    };
  }

  /** Drafted, its site plan added and submitted by `who` under the delegation. */
  async function fileFor(who: Account, delegationId: string): Promise<ApplicationView> {
    const base = `/api/v1/assisted/delegations/${delegationId}/applications`;
    const draft = expectOk(
      await api('POST', base, { who, key: randomUUID(), body: draftBody() }),
      201,
    ) as unknown as ApplicationView;
    expectOk(await uploadFor(who, delegationId, draft.id), 201);
    return expectOk(
      await api('POST', `${base}/${draft.id}/submit`, { who, key: randomUUID() }),
    ) as unknown as ApplicationView;
  }

  const newPersonBody = (email: string) => ({
    fullName: 'Walk In',
    email,
    identityDocument: { kind: 'passport', numberEnd: '4821' },
  });

  async function newPerson(email: string): Promise<{
    accountId: string;
    delegation: { id: string; applicantId: string; via: string };
    claimCode: string;
  }> {
    return expectOk(
      await api('POST', '/api/v1/assisted/accounts', {
        who: clerk,
        key: randomUUID(),
        body: newPersonBody(email),
      }),
      201,
    ) as never;
  }

  /** Envelopes the outbox of `schema` holds for an aggregate (what the audit trail receives). */
  const envelopes = async (schema: string, aggregateId: string) =>
    (
      await db.query<{ subject: string; envelope: string }>(
        `SELECT subject, envelope FROM ${schema}.outbox WHERE aggregate_id = $1 ORDER BY position`,
        [aggregateId],
      )
    ).rows;

  // ---- the scenarios -----------------------------------------------------------------------

  /** A walk-in person: account, filing, counter payment, claim, and they see their application. */
  async function walkIn(): Promise<void> {
    const email = `walk.in.${randomUUID().slice(0, 8)}@city.example`;
    const key = randomUUID();
    const create = () =>
      api('POST', '/api/v1/assisted/accounts', { who: clerk, key, body: newPersonBody(email) });
    const created = expectOk(await create(), 201) as {
      accountId: string;
      delegation: { id: string; applicantId: string; via: string };
      claimCode: string;
    };
    expect(created.claimCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(created.delegation).toMatchObject({
      applicantId: created.accountId,
      via: 'new_account',
    });
    // A replay is the same account and delegation, and never shows the code again.
    const replay = await create();
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toMatchObject({
      accountId: created.accountId,
      delegation: { id: created.delegation.id },
      claimCode: null,
    });
    // The code is stored only as a hash; the document seen only as its kind and number's end.
    const stored = await db.query<{ code_hash: string; document_end: string }>(
      `SELECT c.code_hash, a.document_end FROM identity.claim_codes c
       JOIN identity.assisted_accounts a USING (user_id) WHERE c.user_id = $1`,
      [created.accountId],
    );
    expect(stored.rows[0]?.code_hash).toMatch(/^\$argon2id\$/);
    expect(stored.rows[0]?.document_end).toBe('4821');
    // No login until claimed.
    expectProblem(await logIn(email, PASSWORD), 401, 'IDENTITY.INVALID_CREDENTIALS');

    const filed = await fileFor(clerk, created.delegation.id);
    expect(filed).toMatchObject({
      status: 'submitted',
      applicantId: created.accountId,
      channel: 'assisted',
      filedBy: clerk.id,
    });
    // Another clerk cannot use this clerk's delegation; nothing is filed.
    expectProblem(
      await api('POST', `/api/v1/assisted/delegations/${created.delegation.id}/applications`, {
        who: clerk2,
        key: randomUUID(),
        body: draftBody(),
      }),
      403,
      'IDENTITY.NOT_DELEGATED',
    );

    // The fee, paid at the counter by a cashier.
    const awaiting = await until(
      clerk2,
      filed.id,
      (v) => v.status === 'awaiting_payment' && v.invoiceId !== null,
      'awaiting payment',
    );
    const till = expectOk(
      await api('POST', '/api/v1/till-sessions', {
        who: cashier,
        key: randomUUID(),
        body: { tillId: `counter-${randomUUID().slice(0, 8)}`, openingFloatMinor: 0 },
      }),
      201,
    ) as { id: string };
    const paid = expectOk(
      await api('POST', `/api/v1/till-sessions/${till.id}/payments`, {
        who: cashier,
        key: randomUUID(),
        body: { invoiceId: awaiting.invoiceId, method: 'cash' },
      }),
      201,
    ) as unknown as PaymentView;
    expect(paid).toMatchObject({ provider: 'cash', state: { status: 'success' } });
    await until(clerk2, filed.id, (v) => v.status === 'under_review', 'under review');

    // The filing clerk never works the case (separation of duties); another clerk does.
    expectProblem(
      await api('POST', `/api/v1/tasks/${filed.id}/claim`, { who: clerk, key: randomUUID() }),
      403,
      'POLICY.OWN_CASE',
    );
    expectProblem(
      await api('POST', `/api/v1/applications/${filed.id}/decisions`, {
        who: clerk,
        key: randomUUID(),
        body: { decision: 'approve' },
      }),
      403,
      'POLICY.OWN_CASE',
    );
    expectOk(
      await api('POST', `/api/v1/tasks/${filed.id}/claim`, { who: clerk2, key: randomUUID() }),
    );

    // The person claims the account: a wrong code first (counted), then the printed one.
    const claim = (code: string) =>
      api('POST', '/api/v1/auth/claim', {
        key: randomUUID(),
        body: { email, code, password: PASSWORD },
      });
    expectProblem(await claim('AAAA-BBBB-CCCC'), 401, 'IDENTITY.CLAIM_CODE_INVALID');
    const claimed = expectOk(await claim(created.claimCode.toLowerCase()));
    expect(claimed).toMatchObject({ id: created.accountId, role: 'citizen', status: 'active' });
    expectProblem(await claim(created.claimCode), 410, 'IDENTITY.CLAIM_CODE_USED');
    const token = expectOk(await logIn(email, PASSWORD)).accessToken as string;
    const mine = expectOk(
      await api('GET', '/api/v1/applications', { who: token }),
    ) as unknown as ApplicationsPage;
    expect(mine.items.map((a) => a.id)).toEqual([filed.id]);
    expect(await viewOf(token, filed.id)).toMatchObject({
      channel: 'assisted',
      filedBy: clerk.id,
      status: 'under_review',
    });

    // The audit trail's events: the clerk as actor, for the applicant's id, no personal data.
    const events = await envelopes('permits', filed.id);
    const drafted = events.find((e) => e.subject === 'gov.permits.application.drafted.v1');
    const submitted = events.find((e) => e.subject === 'gov.permits.application.submitted.v1');
    for (const event of [drafted, submitted]) {
      const envelope = JSON.parse(event?.envelope ?? '{}') as {
        actor: unknown;
        data: Record<string, unknown>;
      };
      expect(JSON.stringify(envelope.actor)).toContain(clerk.id);
      expect(envelope.data).toMatchObject({
        applicantId: created.accountId,
        channel: 'assisted',
        filedBy: clerk.id,
        delegationId: created.delegation.id,
      });
    }
    const granted = await envelopes('identity', created.delegation.id);
    expect(granted.map((e) => e.subject)).toEqual(['gov.identity.delegation.granted.v1']);
    const claimedEvents = await envelopes('identity', created.accountId);
    expect(claimedEvents.map((e) => e.subject)).toEqual(['gov.identity.account.claimed.v1']);
    for (const { envelope } of [...events, ...granted, ...claimedEvents]) {
      expect(envelope).not.toContain(email);
      expect(envelope).not.toContain('Walk In');
      expect(envelope).not.toContain('4821');
      expect(envelope).not.toContain(created.claimCode);
    }
  }

  /**
   * A delegation ends before it expires: the clerk finishes at the counter, or the person
   * withdraws it from their own session. Filing under it is refused from then on; ending again
   * changes nothing; nobody else can end it or see it.
   */
  async function ending(): Promise<void> {
    const draftUnder = (who: Account, delegationId: string) =>
      api('POST', `/api/v1/assisted/delegations/${delegationId}/applications`, {
        who,
        key: randomUUID(),
        body: draftBody(),
      });
    const endedEvents = async (delegationId: string) =>
      (await envelopes('identity', delegationId))
        .filter((e) => e.subject === 'gov.identity.delegation.ended.v1')
        .map((e) => JSON.parse(e.envelope) as { actor: unknown; data: Record<string, unknown> });

    // The clerk finishes with a walk-in person.
    const email = `walk.out.${randomUUID().slice(0, 8)}@city.example`;
    const created = await newPerson(email);
    const atCounter = `/api/v1/assisted/delegations/${created.delegation.id}/end`;
    // Only the clerk who holds it: another clerk learns nothing of it, a citizen may not call.
    expectProblem(
      await api('POST', atCounter, { who: clerk2, key: randomUUID() }),
      404,
      'IDENTITY.DELEGATION_NOT_FOUND',
    );
    expectProblem(
      await api('POST', atCounter, { who: await anAccount(gateway, 'citizen') }),
      403,
      'IDENTITY.FORBIDDEN',
    );
    expect(await endedEvents(created.delegation.id)).toEqual([]);
    expectOk(await draftUnder(clerk, created.delegation.id), 201);
    expect((await api('POST', atCounter, { who: clerk, key: randomUUID() })).status).toBe(204);
    expectProblem(await draftUnder(clerk, created.delegation.id), 403, 'IDENTITY.NOT_DELEGATED');
    // Again (another key): nothing more happens.
    expect((await api('POST', atCounter, { who: clerk, key: randomUUID() })).status).toBe(204);
    const byClerk = await endedEvents(created.delegation.id);
    expect(byClerk.map((e) => e.data)).toEqual([
      {
        delegationId: created.delegation.id,
        clerkId: clerk.id,
        applicantId: created.accountId,
        endedBy: 'clerk',
      },
    ]);
    expect(JSON.stringify(byClerk)).not.toContain(email);

    // A person with an account sees who may file for them, and withdraws it.
    const citizen = await anAccount(gateway, 'citizen');
    const stranger = await anAccount(gateway, 'citizen');
    const code = expectOk(
      await api('POST', '/api/v1/me/assist-codes', { who: citizen, key: randomUUID() }),
      201,
    ) as { code: string };
    const delegation = expectOk(
      await api('POST', '/api/v1/assisted/delegations', {
        who: clerk,
        key: randomUUID(),
        body: { code: code.code },
      }),
      201,
    ) as { id: string; applicantId: string; via: string; expiresAt: string };
    const live = expectOk(await api('GET', '/api/v1/me/delegations', { who: citizen }));
    expect(live.items).toEqual([
      expect.objectContaining({ id: delegation.id, applicantId: citizen.id, via: 'assist_code' }),
    ]);
    expect(expectOk(await api('GET', '/api/v1/me/delegations', { who: stranger })).items).toEqual(
      [],
    );
    expectProblem(
      await api('GET', '/api/v1/me/delegations', { who: clerk }),
      403,
      'IDENTITY.FORBIDDEN',
    );
    const withdraw = `/api/v1/me/delegations/${delegation.id}/end`;
    expectProblem(
      await api('POST', withdraw, { who: stranger, key: randomUUID() }),
      404,
      'IDENTITY.DELEGATION_NOT_FOUND',
    );
    expectOk(await draftUnder(clerk, delegation.id), 201);
    expect((await api('POST', withdraw, { who: citizen, key: randomUUID() })).status).toBe(204);
    expectProblem(await draftUnder(clerk, delegation.id), 403, 'IDENTITY.NOT_DELEGATED');
    expect(expectOk(await api('GET', '/api/v1/me/delegations', { who: citizen })).items).toEqual(
      [],
    );
    // The clerk's own end of it, afterwards: nothing more to end.
    expect(
      (
        await api('POST', `/api/v1/assisted/delegations/${delegation.id}/end`, {
          who: clerk,
          key: randomUUID(),
        })
      ).status,
    ).toBe(204);
    const byHolder = await endedEvents(delegation.id);
    expect(byHolder.map((e) => e.data)).toEqual([
      {
        delegationId: delegation.id,
        clerkId: clerk.id,
        applicantId: citizen.id,
        endedBy: 'holder',
      },
    ]);
    expect(JSON.stringify(byHolder[0]?.actor)).toContain(citizen.id);
  }

  /** A person with an account: a code from their session lets the clerk file; they see it. */
  async function existingPerson(): Promise<void> {
    const citizen = await anAccount(gateway, 'citizen');
    const code = expectOk(
      await api('POST', '/api/v1/me/assist-codes', { who: citizen, key: randomUUID() }),
      201,
    ) as { code: string; expiresAt: string };
    expect(code.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const delegation = expectOk(
      await api('POST', '/api/v1/assisted/delegations', {
        who: clerk,
        key: randomUUID(),
        body: { code: code.code },
      }),
      201,
    ) as { id: string; applicantId: string; via: string };
    expect(delegation).toMatchObject({ applicantId: citizen.id, via: 'assist_code' });
    // Single use.
    expectProblem(
      await api('POST', '/api/v1/assisted/delegations', {
        who: clerk2,
        key: randomUUID(),
        body: { code: code.code },
      }),
      410,
      'IDENTITY.ASSIST_CODE_USED',
    );

    const filed = await fileFor(clerk, delegation.id);
    expect(filed).toMatchObject({
      status: 'submitted',
      applicantId: citizen.id,
      channel: 'assisted',
      filedBy: clerk.id,
    });
    const mine = expectOk(
      await api('GET', '/api/v1/applications', { who: citizen }),
    ) as unknown as ApplicationsPage;
    expect(mine.items.find((a) => a.id === filed.id)).toMatchObject({
      channel: 'assisted',
      filedBy: clerk.id,
    });

    // The delegation covers what this clerk files for the person, not the person's own drafts.
    const own = expectOk(
      await api('POST', '/api/v1/applications', {
        who: citizen,
        key: randomUUID(),
        body: draftBody(),
      }),
      201,
    ) as unknown as ApplicationView;
    expect(own).toMatchObject({ channel: 'online', filedBy: null });
    expectProblem(
      await api(
        'POST',
        `/api/v1/assisted/delegations/${delegation.id}/applications/${own.id}/submit`,
        {
          who: clerk,
          key: randomUUID(),
        },
      ),
      403,
      'POLICY.NOT_OWNER',
    );
    expectProblem(await uploadFor(clerk, delegation.id, own.id), 403, 'POLICY.NOT_OWNER');
    expect((await viewOf(citizen, own.id)).status).toBe('draft');

    // Once the delegation has expired, the clerk acts for the person no more.
    await db.query(
      `UPDATE identity.delegations SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [delegation.id],
    );
    expectProblem(
      await api('POST', `/api/v1/assisted/delegations/${delegation.id}/applications`, {
        who: clerk,
        key: randomUUID(),
        body: draftBody(),
      }),
      403,
      'IDENTITY.NOT_DELEGATED',
    );
    const after = expectOk(
      await api('GET', '/api/v1/applications', { who: citizen }),
    ) as unknown as ApplicationsPage;
    expect(after.items).toHaveLength(2);
  }

  /** Wrong, expired and used codes, too many attempts, roles and delegations: nothing changes. */
  async function refusals(): Promise<void> {
    // Too many wrong claim codes void the code, even the right one afterwards.
    const email = `walk.in.${randomUUID().slice(0, 8)}@city.example`;
    const person = await newPerson(email);
    const claim = (code: string) =>
      api('POST', '/api/v1/auth/claim', { body: { email, code, password: PASSWORD } });
    for (let n = 1; n < 5; n += 1)
      expectProblem(await claim('AAAA-BBBB-CCCC'), 401, 'IDENTITY.CLAIM_CODE_INVALID');
    expectProblem(await claim('AAAA-BBBB-CCCC'), 410, 'IDENTITY.CLAIM_ATTEMPTS_EXCEEDED');
    expectProblem(await claim(person.claimCode), 410, 'IDENTITY.CLAIM_ATTEMPTS_EXCEEDED');
    expectProblem(await logIn(email, PASSWORD), 401, 'IDENTITY.INVALID_CREDENTIALS');
    // An unknown email answers as a wrong code does; a malformed code is a 422 on its field.
    expectProblem(
      await api('POST', '/api/v1/auth/claim', {
        body: { email: 'nobody@city.example', code: person.claimCode, password: PASSWORD },
      }),
      401,
      'IDENTITY.CLAIM_CODE_INVALID',
    );
    expectProblem(
      await api('POST', '/api/v1/auth/claim', {
        body: { email, code: 'not a code!', password: PASSWORD },
      }),
      422,
      'VALIDATION_FAILED',
    );

    // An expired claim code, right as it is.
    const late = `walk.in.${randomUUID().slice(0, 8)}@city.example`;
    const latePerson = await newPerson(late);
    await db.query(
      `UPDATE identity.claim_codes SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [latePerson.accountId],
    );
    expectProblem(
      await api('POST', '/api/v1/auth/claim', {
        body: { email: late, code: latePerson.claimCode, password: PASSWORD },
      }),
      410,
      'IDENTITY.CLAIM_CODE_EXPIRED',
    );
    expectProblem(await logIn(late, PASSWORD), 401, 'IDENTITY.INVALID_CREDENTIALS');

    // An address with an account: the person shows an assist code instead.
    expectProblem(
      await api('POST', '/api/v1/assisted/accounts', {
        who: clerk,
        key: randomUUID(),
        body: newPersonBody(late.toUpperCase()),
      }),
      409,
      'IDENTITY.EMAIL_TAKEN',
    );
    // The identity document seen is required, as its kind and its number's end only.
    const bad = await api('POST', '/api/v1/assisted/accounts', {
      who: clerk,
      key: randomUUID(),
      body: {
        ...newPersonBody(`x.${randomUUID().slice(0, 8)}@city.example`),
        identityDocument: { kind: 'library_card', numberEnd: 'C1234567890' },
      },
    });
    expect(bad.status).toBe(422);
    expect((bad.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
      'identityDocument.kind',
      'identityDocument.numberEnd',
    ]);

    // Assist codes: unknown, expired.
    expectProblem(
      await api('POST', '/api/v1/assisted/delegations', {
        who: clerk,
        key: randomUUID(),
        body: { code: 'AAAA-BBBB' },
      }),
      422,
      'IDENTITY.ASSIST_CODE_INVALID',
    );
    const citizen = await anAccount(gateway, 'citizen');
    const code = expectOk(
      await api('POST', '/api/v1/me/assist-codes', { who: citizen, key: randomUUID() }),
      201,
    ) as { code: string };
    await db.query(
      `UPDATE identity.assist_codes SET expires_at = now() - interval '1 second'
       WHERE user_id = $1`,
      [citizen.id],
    );
    expectProblem(
      await api('POST', '/api/v1/assisted/delegations', {
        who: clerk,
        key: randomUUID(),
        body: { code: code.code },
      }),
      410,
      'IDENTITY.ASSIST_CODE_EXPIRED',
    );
    const delegations = await db.query(
      'SELECT 1 FROM identity.delegations WHERE applicant_id = $1',
      [citizen.id],
    );
    expect(delegations.rowCount).toBe(0);

    // Roles: only clerks file for others, only citizens make assist codes.
    expectProblem(
      await api('POST', '/api/v1/assisted/accounts', {
        who: citizen,
        key: randomUUID(),
        body: newPersonBody(`y.${randomUUID().slice(0, 8)}@city.example`),
      }),
      403,
      'IDENTITY.FORBIDDEN',
    );
    expectProblem(
      await api('POST', '/api/v1/me/assist-codes', { who: clerk, key: randomUUID() }),
      403,
      'IDENTITY.FORBIDDEN',
    );
    // A delegation nobody granted: refused and recorded, nothing filed.
    const nobody = randomUUID();
    expectProblem(
      await api('POST', `/api/v1/assisted/delegations/${nobody}/applications`, {
        who: clerk,
        key: randomUUID(),
        body: draftBody(),
      }),
      403,
      'IDENTITY.NOT_DELEGATED',
    );
    const denied = await db.query<{ envelope: string }>(
      `SELECT envelope FROM identity.outbox WHERE subject = 'gov.identity.access.denied.v1'
         AND envelope LIKE '%IDENTITY.NOT_DELEGATED%' AND envelope LIKE $1`,
      [`%${clerk.id}%`],
    );
    expect(denied.rowCount).toBeGreaterThan(0);
  }

  /**
   * A printed claim code that expired: the clerk sees the same document again and prints a new
   * one; the person claims with it, the old code works no more; another document is refused
   * (counted, recorded), and so is a claimed account.
   */
  async function reissue(): Promise<void> {
    const email = `walk.in.${randomUUID().slice(0, 8)}@city.example`;
    const person = await newPerson(email);
    const claim = (code: string) =>
      api('POST', '/api/v1/auth/claim', { body: { email, code, password: PASSWORD } });
    await db.query(
      `UPDATE identity.claim_codes SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [person.accountId],
    );
    expectProblem(await claim(person.claimCode), 410, 'IDENTITY.CLAIM_CODE_EXPIRED');
    const path = `/api/v1/assisted/accounts/${person.accountId}/claim-code`;
    const reissueWith = (identityDocument: unknown, key = randomUUID(), who = clerk2) =>
      api('POST', path, { who, key, body: { identityDocument } });

    // No document named (the creation too): a 422 on the field, never a 500.
    for (const [route, body] of [
      [path, {}],
      ['/api/v1/assisted/accounts', { fullName: 'Walk In', email: `z.${email}` }],
    ] as const) {
      const missing = await api('POST', route, { who: clerk2, key: randomUUID(), body });
      expect(missing.status).toBe(422);
      expect((missing.body.errors as { field: string }[]).map((e) => e.field)).toEqual([
        'identityDocument',
      ]);
    }

    // Another document than the one seen at creation: refused, counted, recorded; no new code.
    for (const document of [
      { kind: 'driving_licence', numberEnd: '4821' },
      { kind: 'passport', numberEnd: '4822' },
    ])
      expectProblem(await reissueWith(document), 403, 'IDENTITY.IDENTITY_DOCUMENT_MISMATCH');
    const checks = await db.query<{ matched: boolean }>(
      'SELECT matched FROM identity.identity_document_checks WHERE user_id = $1',
      [person.accountId],
    );
    expect(checks.rows).toEqual([{ matched: false }, { matched: false }]);
    const mismatches = await db.query<{ envelope: string }>(
      `SELECT envelope FROM identity.outbox WHERE subject = 'gov.identity.access.denied.v1'
         AND envelope LIKE '%IDENTITY.IDENTITY_DOCUMENT_MISMATCH%' AND envelope LIKE $1`,
      [`%${person.accountId}%`],
    );
    expect(mismatches.rowCount).toBe(2);
    expect(mismatches.rows[0]?.envelope).toContain(clerk2.id);
    expectProblem(await claim(person.claimCode), 410, 'IDENTITY.CLAIM_CODE_EXPIRED');

    // The same document (another clerk at the counter): a new code, shown once.
    const key = randomUUID();
    const document = { kind: 'passport', numberEnd: '4821' };
    const reissued = expectOk(await reissueWith(document, key), 201) as {
      accountId: string;
      claimCode: string;
      claimCodeExpiresAt: string;
    };
    expect(reissued).toMatchObject({ accountId: person.accountId });
    expect(reissued.claimCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(new Date(reissued.claimCodeExpiresAt).getTime()).toBeGreaterThan(Date.now());
    const replay = await reissueWith(document, key);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toMatchObject({ accountId: person.accountId, claimCode: null });

    // The old code no longer works; the new one does.
    expectProblem(await claim(person.claimCode), 401, 'IDENTITY.CLAIM_CODE_INVALID');
    expect(expectOk(await claim(reissued.claimCode))).toMatchObject({
      id: person.accountId,
      status: 'active',
    });
    expectOk(await logIn(email, PASSWORD));

    // Claimed: nothing to reissue; an account the counter never made is not found.
    expectProblem(await reissueWith(document), 409, 'IDENTITY.ACCOUNT_CLAIMED');
    expectProblem(
      await api('POST', `/api/v1/assisted/accounts/${randomUUID()}/claim-code`, {
        who: clerk,
        key: randomUUID(),
        body: { identityDocument: document },
      }),
      404,
      'IDENTITY.USER_NOT_FOUND',
    );

    // The account's events: the reissue, then the claim; ids only.
    const events = await envelopes('identity', person.accountId);
    expect(events.map((e) => e.subject)).toEqual([
      'gov.identity.claim-code.reissued.v1',
      'gov.identity.account.claimed.v1',
    ]);
    expect(JSON.parse(events[0]?.envelope ?? '{}')).toMatchObject({
      data: { accountId: person.accountId, reissuedBy: clerk2.id },
    });
    for (const { envelope } of [...events, ...mismatches.rows]) {
      expect(envelope).not.toContain(email);
      expect(envelope).not.toContain('Walk In');
      expect(envelope).not.toContain('4821');
      expect(envelope).not.toContain('4822');
      expect(envelope).not.toContain(reissued.claimCode);
    }
  }

  beforeAll(async () => {
    ports = await randomPorts();
    const env = testEnv();
    const stackEnv = {
      ...testAppEnvironment(ports, {
        logLevel: 'warn',
        fileStorageDir: `${env.dataDir}/files-assisted-e2e`,
      }),
      PERMITS_WORKING_DAY_DURATION: '1s',
      NATS_REQUEST_TIMEOUT_MS: '20000',
      GATEWAY_AUTH_RATE_LIMIT_PER_MINUTE: '10000',
      GATEWAY_ACCOUNT_RATE_LIMIT_PER_MINUTE: '10000',
    };
    apps = await startApps({
      env: stackEnv,
      ports,
      apps: ['gateway', 'permits', 'payments', 'worker'],
    });
    gateway = {
      url: `http://127.0.0.1:${ports.gateway}`,
      process: apps.processes.get('gateway') as ManagedProcess,
    };
    db = new pg.Client({ connectionString: env.databaseUrl });
    await db.connect();
    admin = await anAccount(gateway, 'admin');
    [clerk, clerk2, cashier] = await Promise.all([
      anAccount(gateway, 'clerk'),
      anAccount(gateway, 'clerk'),
      anAccount(gateway, 'cashier'),
    ]);
    permitType = `e2e-${randomUUID().slice(0, 8)}`;
    expectOk(
      await api('POST', '/api/v1/permit-types', {
        who: admin,
        key: randomUUID(),
        body: {
          ...BUILDING_PERMIT,
          code: permitType,
          prefix: Array.from({ length: 4 }, () =>
            String.fromCharCode(65 + Math.floor(Math.random() * 26)),
          ).join(''),
          documentKinds: [BUILDING_PERMIT.documentKinds[0]],
          formSchema: {
            type: 'object',
            properties: { description: { type: 'string', minLength: 1, maxLength: 2000 } },
            required: ['description'],
            additionalProperties: false,
          },
          fee: {
            currency: 'EUR',
            base: { amountMinor: 4_000, revenueCode: 'permits.e2e', descriptionKey: 'fees.e2e' },
            perUnit: [],
          },
          paymentDays: 300,
          completenessCheckDays: 1,
          reviewDays: 300,
          remedy: 'escalate',
          inspection: { required: false, maxReinspections: 0 },
          approval: {},
          validity: { months: 12 },
        },
      }),
      201,
    );
    for (const [name, scenario] of Object.entries({
      walkIn,
      existingPerson,
      refusals,
      reissue,
      ending,
    })) {
      const promise = scenario();
      promise.catch(() => undefined); // reported by its own test below
      running.set(name, promise);
    }
  }, 240_000);

  afterAll(async () => {
    await Promise.allSettled(running.values());
    await db?.end();
    await apps?.stop(20_000);
  }, 120_000);

  const scenario = (name: string) => () => running.get(name) as Promise<void>;

  it(
    'files for a walk-in person: counter payment, claim with the printed code, the person sees it',
    scenario('walkIn'),
    300_000,
  );
  it(
    'files for a person with an account who shows a code from their session',
    scenario('existingPerson'),
    300_000,
  );
  it(
    'refuses wrong, expired and used codes, too many attempts, other roles and ungranted delegations, changing nothing',
    scenario('refusals'),
    300_000,
  );
  it(
    'ends a delegation before it expires, by the clerk at the counter or by the person from their session',
    scenario('ending'),
    300_000,
  );
  it(
    'reissues an expired claim code on the same identity document: the new code claims, the old one is refused; another document and a claimed account are refused',
    scenario('reissue'),
    300_000,
  );
});
