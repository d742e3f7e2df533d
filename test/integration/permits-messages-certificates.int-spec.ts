/**
 * A permit case's conversation and an issued permit's certificate, through the real gateway
 * and the real permits process (NATS, PostgreSQL): the applicant and the staff write to each
 * other (Idempotency-Key honoured, bad text refused as problem+json, pages by cursor), staff
 * notes stay with staff, `message-posted` reaches the PERMITS stream without the text; the
 * holder and staff get the certificate PDF whose QR code decodes to the public verification
 * URL (which answers), other citizens and unknown numbers are refused, and a revoked permit
 * still renders. The application and permit rows are written straight into the permits schema
 * (the workflow that would lead there is the casework's to test).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { ManagedProcess } from '#devstack';
import { connectNats } from '#platform';
import { eventually, testEnv } from '#testing';
import { testPermitType } from '../../apps/permits/src/testing/applications.medium-fixture.js';
import { qrCodesInPdf } from '../../apps/permits/src/testing/pdf-qr.medium-fixture.js';
import { anAccount, type Account } from '../factories/accounts.js';
import { startTestApp } from '../factories/apps.js';
import { call, expectProblem, startGateway, type Gateway } from '../factories/gateway.js';

describe('permit case messages and certificates through the gateway', () => {
  let gateway: Gateway;
  let permits: ManagedProcess;
  let db: pg.Client;
  let nc: NatsConnection;
  let applicant: Account;
  let stranger: Account;
  let clerk: Account;
  let inspector: Account;
  let auditor: Account;
  const code = `itest-${randomBytes(3).toString('hex')}`;
  const prefix = Array.from(randomBytes(4), (b) => String.fromCharCode(65 + (b % 26))).join('');
  let counter = 0;

  /** An application of `holder` in `status`, as the applications part leaves it. */
  const anApplication = async (holder: Account, status = 'under_review'): Promise<string> => {
    const id = randomUUID();
    counter += 1;
    await db.query(
      `INSERT INTO applications (id, case_number, applicant_id, permit_type, type_version, status,
                                 step, title, site_address, submitted_at)
       VALUES ($1, $2, $3, $4, 1, $5, 'review', 'Garden house', 'Hauptstraße 1', now())`,
      [id, `${prefix}-2026-${String(counter).padStart(6, '0')}`, holder.id, code, status],
    );
    return id;
  };

  /** An issued permit of `holder`, as the issuing step leaves it. */
  const aPermit = async (holder: Account, revoked = false): Promise<string> => {
    const applicationId = await anApplication(holder, 'issued');
    const permitNumber = `${prefix}-P-2026-${String(counter).padStart(6, '0')}`;
    await db.query(
      `INSERT INTO permits (permit_number, application_id, permit_type, type_version, holder_id,
                            holder_hash, status, valid_from, valid_until, revoked_at, revoke_reason)
       VALUES ($1, $2, $3, 1, $4, $5, $6, now(), now() + interval '1 year', $7, $8)`,
      [
        permitNumber,
        applicationId,
        code,
        holder.id,
        'b'.repeat(64),
        revoked ? 'revoked' : 'valid',
        revoked ? new Date() : null,
        revoked ? 'fraud' : null,
      ],
    );
    return permitNumber;
  };

  const pdfOf = async (who: Account, permitNumber: string) => {
    const response = await fetch(`${gateway.url}/api/v1/permits/${permitNumber}/certificate`, {
      headers: { authorization: `Bearer ${who.token}` },
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: Buffer.from(await response.arrayBuffer()),
    };
  };

  beforeAll(async () => {
    db = new pg.Client({
      connectionString: testEnv().databaseUrl,
      options: '-c search_path=permits',
    });
    gateway = await startGateway();
    [permits] = await Promise.all([
      startTestApp('permits', {
        TEMPORAL_ADDRESS: testEnv().temporalAddress,
        PUBLIC_BASE_URL: gateway.url,
      }),
      db.connect(),
    ]);
    // The type and its version in one transaction (a deferred key wants the version).
    await db.query('BEGIN');
    await db.query('INSERT INTO permit_types (code, current_version, prefix) VALUES ($1, 1, $2)', [
      code,
      prefix,
    ]);
    await db.query(
      `INSERT INTO permit_type_versions (code, version, definition, created_by)
       VALUES ($1, 1, $2, 'itest')`,
      [code, JSON.stringify(testPermitType(code, prefix))],
    );
    await db.query('COMMIT');
    nc = await connectNats({
      name: 'itest-permits-messages',
      servers: testEnv().natsUrl,
      auth: testEnv().natsAuth,
    });
    [applicant, stranger, clerk, inspector, auditor] = await Promise.all([
      anAccount(gateway, 'citizen'),
      anAccount(gateway, 'citizen'),
      anAccount(gateway, 'clerk'),
      anAccount(gateway, 'inspector'),
      anAccount(gateway, 'auditor'),
    ]);
  });

  afterAll(async () => {
    await gateway?.process.stop('SIGTERM', 15_000);
    await permits?.stop('SIGTERM', 15_000);
    await nc?.close();
    await db?.end();
  });

  it('carries the conversation between applicant and staff, notes for staff only', async () => {
    const id = await anApplication(applicant);
    const messages = `/api/v1/applications/${id}/messages`;
    const notes = `/api/v1/applications/${id}/notes`;

    const key = randomUUID();
    const ask = () =>
      call(gateway, 'POST', messages, {
        token: applicant.token,
        headers: { 'idempotency-key': key },
        body: { body: 'Which scale do the floor plans need?' },
      });
    const asked = await ask();
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ from: 'applicant', authorId: applicant.id });
    const again = await ask();
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(asked.body);

    const [answered, visiting] = await Promise.all([
      call(gateway, 'POST', messages, { token: clerk.token, body: { body: '1:100, please.' } }),
      call(gateway, 'POST', notes, { token: clerk.token, body: { body: 'Neighbour called' } }),
    ]);
    expect(answered.status).toBe(201);
    expect(answered.body).toMatchObject({ from: 'staff', authorRole: 'clerk' });
    expect(visiting.status).toBe(201);
    const said = await call(gateway, 'POST', messages, {
      token: inspector.token,
      body: { body: 'I will visit on Tuesday.' },
    });
    expect(said.status).toBe(201);

    // Bad text and strangers: problem+json, nothing stored.
    for (const body of [{ body: '' }, { body: '   \n ' }, { body: 'x'.repeat(5_001) }, {}]) {
      const refused = await call(gateway, 'POST', messages, { token: applicant.token, body });
      expectProblem(refused, 422, 'VALIDATION_FAILED');
      expect(refused.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'body' })]),
      );
    }
    expectProblem(
      await call(gateway, 'POST', messages, { token: stranger.token, body: { body: 'hi' } }),
      403,
      'POLICY.NOT_OWNER',
    );
    expectProblem(
      await call(gateway, 'GET', messages, { token: stranger.token }),
      403,
      'POLICY.NOT_OWNER',
    );
    expectProblem(
      await call(gateway, 'POST', messages, { token: auditor.token, body: { body: 'hi' } }),
      403,
      'IDENTITY.FORBIDDEN',
    );
    expectProblem(
      await call(gateway, 'GET', notes, { token: applicant.token }),
      403,
      'IDENTITY.FORBIDDEN',
    );
    expectProblem(
      await call(gateway, 'POST', `/api/v1/applications/${randomUUID()}/messages`, {
        token: clerk.token,
        body: { body: 'hello?' },
      }),
      404,
      'PERMITS.APPLICATION_NOT_FOUND',
    );
    expectProblem(
      await call(gateway, 'GET', `${messages}?cursor=nonsense`, { token: clerk.token }),
      422,
      'VALIDATION_FAILED',
    );

    // The thread, a page at a time, for the applicant and the auditor alike; notes for staff.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await call(
        gateway,
        'GET',
        `${messages}?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { token: applicant.token },
      );
      expect(page.status).toBe(200);
      const body = page.body as { items: { body: string }[]; nextCursor: string | null };
      seen.push(...body.items.map((m) => m.body));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([
      'Which scale do the floor plans need?',
      '1:100, please.',
      'I will visit on Tuesday.',
    ]);
    const audited = await call(gateway, 'GET', messages, { token: auditor.token });
    expect((audited.body.items as unknown[]).length).toBe(3);
    const staffNotes = await call(gateway, 'GET', notes, { token: auditor.token });
    expect(staffNotes.body).toMatchObject({
      items: [{ body: 'Neighbour called', authorId: clerk.id }],
      nextCursor: null,
    });

    // The event carries ids and the role, never the text.
    const jsm = await jetstreamManager(nc);
    const event = await eventually(async () => {
      const message = await jsm.streams.getMessage('PERMITS', {
        last_by_subj: 'gov.permits.application.message-posted.v1',
      });
      const envelope = message?.json<{ subject: string; data: Record<string, unknown> }>();
      return envelope?.data.messageId === said.body.id ? envelope : undefined;
    });
    expect(event).toMatchObject({
      subject: id,
      data: {
        applicationId: id,
        permitType: code,
        messageId: said.body.id,
        authorRole: 'inspector',
      },
    });
    expect(JSON.stringify(event)).not.toContain('Tuesday');
  });

  it('gives the holder and staff the certificate, whose QR code opens the public verification', async () => {
    const permitNumber = await aPermit(applicant);
    const mine = await pdfOf(applicant, permitNumber);
    expect(mine.status).toBe(200);
    expect(mine.contentType).toBe('application/pdf');
    expect(mine.body.subarray(0, 5).toString()).toBe('%PDF-');
    const [url] = qrCodesInPdf(mine.body);
    expect(url).toBe(`${gateway.url}/api/v1/permits/${permitNumber}`);
    const verified = await fetch(url as string);
    expect(verified.status).toBe(200);
    expect(await verified.json()).toMatchObject({ permitNumber, valid: true, status: 'valid' });

    for (const staff of [clerk, auditor])
      expect((await pdfOf(staff, permitNumber)).body.equals(mine.body)).toBe(true);

    const theirs = await call(gateway, 'GET', `/api/v1/permits/${permitNumber}/certificate`, {
      token: stranger.token,
    });
    expectProblem(theirs, 403, 'POLICY.NOT_OWNER');
    expectProblem(
      await call(gateway, 'GET', `/api/v1/permits/${prefix}-P-2026-999999/certificate`, {
        token: clerk.token,
      }),
      404,
      'PERMITS.PERMIT_NOT_FOUND',
    );
    expectProblem(
      await call(gateway, 'GET', '/api/v1/permits/not-a-number/certificate', {
        token: clerk.token,
      }),
      422,
      'VALIDATION_FAILED',
    );
    expect((await call(gateway, 'GET', `/api/v1/permits/${permitNumber}/certificate`)).status).toBe(
      401,
    );

    // A revoked permit still renders, marked so; its QR code still leads to "revoked".
    const revoked = await aPermit(applicant, true);
    const pdf = await pdfOf(applicant, revoked);
    expect(pdf.status).toBe(200);
    expect(pdf.body.toString('latin1')).toContain('Permit certificate \\(revoked\\)');
    const [revokedUrl] = qrCodesInPdf(pdf.body);
    const answer = await fetch(revokedUrl as string);
    expect(await answer.json()).toMatchObject({ valid: false, status: 'revoked' });
  });
});
