/**
 * Permit applications through the real gateway and the real permits process (NATS,
 * PostgreSQL, file storage): a draft changed and submitted, documents uploaded in two phases
 * (a real small PDF, a JPEG whose EXIF is stripped; a fake PDF, an oversized file and an unknown
 * kind refused with nothing stored), downloads as sandboxed attachments, another citizen
 * refused, an incomplete submission listing everything, and the submitted event on the
 * PERMITS stream.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { ManagedProcess } from '#devstack';
import { connectNats } from '#platform';
import { eventually, testEnv } from '#testing';
import { testPermitType } from '../../apps/permits/src/testing/applications.medium-fixture.js';
import { anAccount, type Account } from '../factories/accounts.js';
import { startTestApp } from '../factories/apps.js';
import {
  call,
  expectProblem,
  startGateway,
  type Gateway,
  type Reply,
} from '../factories/gateway.js';
import { jpegWithExif } from '../factories/images.js';

/** A small but real PDF. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n' +
    'trailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

describe('permit applications through the gateway', () => {
  let gateway: Gateway;
  let permits: ManagedProcess;
  let db: pg.Client;
  let nc: NatsConnection;
  let storageDir: string;
  let applicant: Account;
  let stranger: Account;
  let clerk: Account;
  const code = `itest-${randomBytes(3).toString('hex')}`;
  const prefix = Array.from(randomBytes(4), (b) => String.fromCharCode(65 + (b % 26))).join('');

  const upload = async (
    who: Account,
    applicationId: string,
    file: { content: Buffer; type: string; name: string } | undefined,
    kind = 'site_plan',
  ): Promise<Reply> => {
    const form = new FormData();
    form.append('kind', kind);
    if (file) form.append('file', new Blob([file.content], { type: file.type }), file.name);
    const response = await fetch(`${gateway.url}/api/v1/applications/${applicationId}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${who.token}` },
      body: form,
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  };

  const storedFiles = async (applicationId: string): Promise<string[]> => {
    const dir = join(storageDir, 'permits', 'applications', applicationId, 'documents');
    const docs = await readdir(dir).catch(() => [] as string[]);
    const files = await Promise.all(docs.map((d) => readdir(join(dir, d)).catch(() => [])));
    return files.flat();
  };

  const aDraft = async (who: Account) => {
    const reply = await call(gateway, 'POST', '/api/v1/applications', {
      token: who.token,
      body: { permitType: code, title: 'Garden house', site: { address: 'Hauptstraße 1' } },
    });
    expect(reply.status).toBe(201);
    return reply.body as { id: string; status: string };
  };

  beforeAll(async () => {
    storageDir = mkdtempSync(join(tmpdir(), 'civic-permits-docs-'));
    db = new pg.Client({
      connectionString: testEnv().databaseUrl,
      options: '-c search_path=permits',
    });
    permits = await startTestApp('permits', { TEMPORAL_ADDRESS: testEnv().temporalAddress });
    gateway = await startGateway({ FILE_STORAGE: 'local', FILE_STORAGE_DIR: storageDir });
    await db.connect();
    const definition = testPermitType(code, prefix);
    await db.query('BEGIN');
    await db.query('INSERT INTO permit_types (code, current_version, prefix) VALUES ($1, 1, $2)', [
      code,
      prefix,
    ]);
    await db.query(
      `INSERT INTO permit_type_versions (code, version, definition, created_by)
       VALUES ($1, 1, $2, 'itest')`,
      [code, JSON.stringify(definition)],
    );
    await db.query('COMMIT');
    nc = await connectNats({
      name: 'itest-permits-applications',
      servers: testEnv().natsUrl,
      auth: testEnv().natsAuth,
    });
    [applicant, stranger, clerk] = await Promise.all([
      anAccount(gateway, 'citizen'),
      anAccount(gateway, 'citizen'),
      anAccount(gateway, 'clerk'),
    ]);
  });

  afterAll(async () => {
    await gateway?.process.stop('SIGTERM', 15_000);
    await permits?.stop('SIGTERM', 15_000);
    await nc?.close();
    await db?.end();
    if (storageDir) await rm(storageDir, { recursive: true, force: true });
  });

  it('drafts, changes, takes documents, refuses what it must, and submits with a case number and its event', async () => {
    const draft = await aDraft(applicant);
    expect(draft.status).toBe('draft');
    expectProblem(
      await call(gateway, 'POST', '/api/v1/applications', {
        token: applicant.token,
        body: { permitType: 'no-such-type', title: 'x', site: { address: 'y' } },
      }),
      422,
      'PERMITS.PERMIT_TYPE_UNKNOWN',
    );

    // Submitting now lists everything missing at once.
    const incomplete = await call(gateway, 'POST', `/api/v1/applications/${draft.id}/submit`, {
      token: applicant.token,
    });
    expectProblem(incomplete, 422, 'PERMITS.APPLICATION_INCOMPLETE');
    expect(incomplete.body).toMatchObject({
      missingDocuments: ['site_plan'],
      invalidFields: [
        { field: 'details.storeys' },
        { field: 'details.use' },
        { field: 'quantities.floor_area_m2' },
      ],
      errors: expect.arrayContaining([
        expect.objectContaining({ field: 'documents.site_plan', code: 'REQUIRED' }),
        expect.objectContaining({ field: 'details.use' }),
      ]) as unknown,
    });

    const patched = await call(gateway, 'PATCH', `/api/v1/applications/${draft.id}`, {
      token: applicant.token,
      body: { details: { storeys: 2, use: 'residential' }, quantities: { floor_area_m2: 80 } },
    });
    expect(patched.status).toBe(200);
    expectProblem(
      await call(gateway, 'PATCH', `/api/v1/applications/${draft.id}`, {
        token: stranger.token,
        body: { title: 'mine now' },
      }),
      403,
      'POLICY.NOT_OWNER',
    );

    // Refusals store nothing.
    expectProblem(
      await upload(applicant, draft.id, {
        content: Buffer.from('MZ this is not a PDF at all', 'latin1'),
        type: 'application/pdf',
        name: 'plan.pdf',
      }),
      415,
      'PERMITS.DOCUMENT_CONTENT_TYPE',
    );
    expectProblem(
      await upload(applicant, draft.id, {
        content: Buffer.concat([PDF, Buffer.alloc(25_000, 0x20)]),
        type: 'application/pdf',
        name: 'huge.pdf',
      }),
      413,
      'PERMITS.DOCUMENT_TOO_LARGE',
    );
    expectProblem(
      await upload(
        applicant,
        draft.id,
        { content: PDF, type: 'application/pdf', name: 'x.pdf' },
        'selfie',
      ),
      422,
      'PERMITS.DOCUMENT_KIND_UNKNOWN',
    );
    expectProblem(
      await upload(stranger, draft.id, { content: PDF, type: 'application/pdf', name: 'x.pdf' }),
      403,
      'POLICY.NOT_OWNER',
    );
    expect(await storedFiles(draft.id)).toEqual([]);

    // A real PDF and a JPEG with EXIF (stripped).
    const pdf = await upload(applicant, draft.id, {
      content: PDF,
      type: 'application/octet-stream',
      name: 'Lageplan "Nord".pdf',
    });
    expect(pdf.status).toBe(201);
    expect(pdf.body).toMatchObject({
      kind: 'site_plan',
      version: 1,
      contentType: 'application/pdf',
      sizeBytes: PDF.length,
      locked: false,
    });
    const photo = await upload(
      applicant,
      draft.id,
      { content: jpegWithExif(), type: 'image/jpeg', name: 'photo.jpg' },
      'photo',
    );
    expect(photo.status).toBe(201);
    expect(photo.body).toMatchObject({ contentType: 'image/jpeg' });
    expect(photo.body.sizeBytes).toBeLessThan(jpegWithExif().length);

    const download = await fetch(
      `${gateway.url}/api/v1/applications/${draft.id}/documents/${String(photo.body.id)}`,
      { headers: { authorization: `Bearer ${clerk.token}` } },
    );
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(
      /^attachment; filename="photo.jpg"/,
    );
    // Never active content on the site's origin: an attachment, not sniffed, and a sandbox that
    // may load nothing should a browser render it inline anyway.
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    expect(download.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(bytes.toString('latin1')).not.toContain('SECRET-PLACE');
    expect(bytes.toString('latin1')).not.toContain('Exif');

    const pdfBack = await fetch(
      `${gateway.url}/api/v1/applications/${draft.id}/documents/${String(pdf.body.id)}`,
      { headers: { authorization: `Bearer ${applicant.token}` } },
    );
    expect(pdfBack.status).toBe(200);
    expect({
      type: pdfBack.headers.get('content-type'),
      disposition: pdfBack.headers.get('content-disposition')?.split(';')[0],
      nosniff: pdfBack.headers.get('x-content-type-options'),
      csp: pdfBack.headers.get('content-security-policy'),
    }).toEqual({
      type: 'application/pdf',
      disposition: 'attachment',
      nosniff: 'nosniff',
      csp: "sandbox; default-src 'none'",
    });
    expect(Buffer.from(await pdfBack.arrayBuffer())).toEqual(PDF);
    expectProblem(
      await call(
        gateway,
        'GET',
        `/api/v1/applications/${draft.id}/documents/${String(pdf.body.id)}`,
        {
          token: stranger.token,
        },
      ),
      403,
      'POLICY.NOT_OWNER',
    );
    const elsewhere = await aDraft(stranger);
    expectProblem(
      await call(
        gateway,
        'GET',
        `/api/v1/applications/${elsewhere.id}/documents/${String(pdf.body.id)}`,
        { token: stranger.token },
      ),
      404,
      'PERMITS.DOCUMENT_NOT_FOUND',
    );

    // Submit: a case number, the submitted event on the PERMITS stream.
    const submitted = await call(gateway, 'POST', `/api/v1/applications/${draft.id}/submit`, {
      token: applicant.token,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', step: 'completeness_check' });
    expect(submitted.body.caseNumber).toMatch(new RegExp(`^${prefix}-\\d{4}-000001$`));

    const jsm = await jetstreamManager(nc);
    const event = await eventually(async () => {
      const message = await jsm.streams.getMessage('PERMITS', {
        last_by_subj: 'gov.permits.application.submitted.v1',
      });
      const envelope = message?.json<{ subject: string; data: Record<string, unknown> }>();
      return envelope?.subject === draft.id ? envelope : undefined;
    });
    expect(event.data).toMatchObject({
      applicationId: draft.id,
      caseNumber: submitted.body.caseNumber,
      permitType: code,
      typeVersion: 1,
      quantities: { floor_area_m2: 80 },
    });

    // Submitted documents are locked; the application reads the same for staff.
    const seen = await call(gateway, 'GET', `/api/v1/applications/${draft.id}`, {
      token: clerk.token,
    });
    expect(seen.body).toMatchObject({
      status: 'submitted',
      documents: expect.arrayContaining([
        expect.objectContaining({
          kind: 'site_plan',
          latest: expect.objectContaining({ locked: true }),
        }),
      ]) as unknown,
    });
    expectProblem(
      await upload(applicant, draft.id, { content: PDF, type: 'application/pdf', name: 'x.pdf' }),
      409,
      'PERMITS.DOCUMENT_KIND_NOT_ALLOWED',
    );
    expectProblem(
      await call(gateway, 'GET', `/api/v1/applications/${draft.id}`, { token: stranger.token }),
      403,
      'POLICY.NOT_OWNER',
    );
    const mine = await call(gateway, 'GET', '/api/v1/applications', { token: stranger.token });
    expect((mine.body.items as { id: string }[]).map((a) => a.id)).toEqual([elsewhere.id]);
  });

  it('lists the active inspectors, by id and name only, to the staff who schedule inspections', async () => {
    const inspector = await anAccount(gateway, 'inspector');
    const listed = await call(gateway, 'GET', '/api/v1/inspectors', { token: clerk.token });
    expect(listed.status).toBe(200);
    const items = listed.body.items as Record<string, unknown>[];
    expect(items).toContainEqual({ id: inspector.id, fullName: 'A inspector' });
    for (const item of items) expect(Object.keys(item).sort()).toEqual(['fullName', 'id']);
    expect(items.map((i) => i.id)).not.toContain(clerk.id);
    // An applicant may not list staff.
    expectProblem(
      await call(gateway, 'GET', '/api/v1/inspectors', { token: applicant.token }),
      403,
      'IDENTITY.FORBIDDEN',
    );
  });

  it('verifies a permit publicly, without a login', async () => {
    expectProblem(
      await call(gateway, 'GET', '/api/v1/permits/BP-P-2026-999999'),
      404,
      'PERMITS.PERMIT_NOT_FOUND',
    );
  });
});
