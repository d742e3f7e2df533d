/**
 * Complaints through the real gateway, the complaints service, permits (the business calendar)
 * and the worker running the ComplaintWorkflow on the test Temporal server, one stack for the
 * file with a working day of one second (COMPLAINTS_WORKING_DAY_DURATION): filing by JSON and by
 * multipart (the photo's EXIF stripped, public once moderated), the reporter's own reports and
 * another citizen refused, staff triage → assign → resolve, the duplicate path, feedback that
 * reopens, a reopen after the window refused, an SLA breach escalated, and privacy: every
 * public response and every event on the COMPLAINTS stream scanned for the reporter's data.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import {
  COMPLAINTS_REQUEST_CREATE,
  type ComplaintCaseView,
  type CreatedComplaint,
  type OwnComplaintView,
} from '#contracts';
import { repoRoot, type ManagedProcess } from '#devstack';
import { connectNats, runWithContext, ServiceClient } from '#platform';
import { eventually, testEnv } from '#testing';
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

/**
 * Points of this run, each in its own cell about a kilometre apart (no accidental duplicates),
 * in the north of the demo city: north of where open311.int-spec files its reports (51.03–51.05),
 * which runs against the same database and would otherwise now and then be found as this
 * file's first report's duplicate.
 */
const run = randomBytes(2).readUInt16BE() % 16;
const cell = (n: number) => ({
  lat: 51.06 + (((run + n) * 7) % 5) * 0.01 + 0.001 * (n % 3),
  long: 3.68 + (Math.floor(((run + n) * 7) / 5) % 5) * 0.015,
});

describe('complaints through the gateway, with their workflow', () => {
  let gateway: Gateway;
  const apps: ManagedProcess[] = [];
  let nc: NatsConnection;
  let events: Subscription;
  const seen: { subject: string; data: string }[] = [];
  /** Every answer of a public or citizen route, for the privacy scan. */
  const publicAnswers: Reply[] = [];
  let reporter: Account;
  let stranger: Account;
  let clerk: Account;
  let supervisor: Account;
  const reporterName = `Reporter ${randomBytes(4).toString('hex')}`;
  const reporterEmail = `reporter.${randomBytes(4).toString('hex')}@city.example`;
  const anonymous = {
    firstName: `Anna${randomBytes(3).toString('hex')}`,
    lastName: `Nymous${randomBytes(3).toString('hex')}`,
    email: `anon.${randomBytes(4).toString('hex')}@mail.example`,
    phone: `+32 9 ${String(100_000 + (randomBytes(3).readUIntBE(0, 3) % 899_999))}`,
    deviceId: `device-${randomUUID()}`,
  };
  const privateText = `PRIVATE-DESCRIPTION-${randomBytes(4).toString('hex')}`;

  /** A citizen-side call, kept for the privacy scan. */
  const asPublic = async (...args: Parameters<typeof call>): Promise<Reply> => {
    const reply = await call(...args);
    publicAnswers.push(reply);
    return reply;
  };
  const staff = (method: string, path: string, body?: unknown, who = clerk) =>
    call(gateway, method, `/api/v1/complaints${path}`, {
      token: who.token,
      ...(body === undefined ? {} : { body }),
      headers: method === 'GET' ? {} : { 'idempotency-key': randomUUID() },
    });
  const caseOf = async (id: string): Promise<ComplaintCaseView> => {
    const reply = await staff('GET', `/cases/${id}`);
    expect(reply.status).toBe(200);
    return reply.body as unknown as ComplaintCaseView;
  };
  const file = async (
    who: Account,
    body: Record<string, unknown>,
    key = randomUUID(),
  ): Promise<CreatedComplaint> => {
    const reply = await asPublic(gateway, 'POST', '/api/v1/complaints', {
      token: who.token,
      body,
      headers: { 'idempotency-key': key },
    });
    expect(reply.status).toBe(201);
    return reply.body as unknown as CreatedComplaint;
  };
  const pothole = (n: number, extra: Record<string, unknown> = {}) => ({
    serviceCode: 'pothole',
    ...cell(n),
    attributes: { size: 'large', lanes: ['road', 'cycle'] },
    description: `${privateText} near my house`,
    ...extra,
  });
  /**
   * Waits until the case's workflow has started its SLA (the triage deadline is set): it is
   * started from `request.received`, after the report's answer; a staff step before that is
   * answered 503 with Retry-After, as the document states.
   */
  const slaStarted = (id: string) =>
    eventually(
      async () => ((await caseOf(id)).triageDueAt !== null ? true : undefined),
      60_000,
      `${id}: SLA started`,
    );
  /** Triages (priority high) and resolves a case as `fixed`, through its workflow. */
  const resolve = async (id: string) => {
    await slaStarted(id);
    expect((await staff('POST', `/cases/${id}/status`, { status: 'investigating' })).status).toBe(
      200,
    );
    const fixed = await staff('POST', `/cases/${id}/status`, {
      status: 'fixed',
      statusNotes: 'Filled in.',
    });
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({ externalStatusCode: 'fixed' });
  };

  beforeAll(async () => {
    const temporal = { TEMPORAL_ADDRESS: testEnv().temporalAddress };
    nc = await connectNats({
      name: 'itest-complaints',
      servers: testEnv().natsUrl,
      auth: testEnv().natsAuth,
    });
    events = nc.subscribe('gov.complaints.>', {
      callback: (_error, msg) => {
        seen.push({ subject: msg.subject, data: msg.string() });
      },
    });
    gateway = await startGateway();
    apps.push(
      ...(await Promise.all([
        startTestApp('permits', temporal),
        startTestApp('complaints', {
          ...temporal,
          COMPLAINTS_MEDIA_BASE_URL: `${gateway.url}/api/v1/complaints/media/`,
          COMPLAINTS_STATS_MIN_COUNT: '1',
        }),
        startTestApp('worker', {
          ...temporal,
          WORKER_WORKFLOW_BUNDLE: join(repoRoot, 'dist/workflows/bundle.js'),
          COMPLAINTS_WORKING_DAY_DURATION: '1s',
        }),
      ])),
    );
    const registered = await call(gateway, 'POST', '/api/v1/auth/register', {
      body: {
        email: reporterEmail,
        password: 'correct horse battery staple',
        fullName: reporterName,
      },
    });
    expect(registered.status).toBe(201);
    const login = await call(gateway, 'POST', '/api/v1/auth/login', {
      body: { email: reporterEmail, password: 'correct horse battery staple' },
    });
    reporter = {
      id: registered.body.id as string,
      role: 'citizen',
      token: login.body.accessToken as string,
    };
    [stranger, clerk, supervisor] = await Promise.all([
      anAccount(gateway, 'citizen'),
      anAccount(gateway, 'clerk'),
      anAccount(gateway, 'supervisor'),
    ]);
  }, 180_000);

  afterAll(async () => {
    await gateway?.process.stop('SIGTERM', 15_000);
    await Promise.all(apps.map((app) => app.stop('SIGTERM', 15_000)));
    events?.unsubscribe();
    await nc?.close();
  });

  it('files a report by JSON once per Idempotency-Key; the reporter lists and reads it, another citizen is refused', async () => {
    const key = randomUUID();
    const created = await file(reporter, pothole(0), key);
    expect(created).toMatchObject({
      serviceRequestId: expect.any(String) as unknown,
      token: expect.any(String) as unknown,
      reporterSecret: expect.any(String) as unknown,
      suspectedDuplicateOf: null,
    });
    const again = await asPublic(gateway, 'POST', '/api/v1/complaints', {
      token: reporter.token,
      body: pothole(0),
      headers: { 'idempotency-key': key },
    });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.serviceRequestId).toBe(created.serviceRequestId);

    const mine = await asPublic(gateway, 'GET', '/api/v1/complaints?limit=100', {
      token: reporter.token,
    });
    expect(mine.status).toBe(200);
    expect(mine.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          serviceRequestId: created.serviceRequestId,
          relation: 'reporter',
        }),
      ]),
    );
    const own = await asPublic(gateway, 'GET', `/api/v1/complaints/${created.serviceRequestId}`, {
      token: reporter.token,
    });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      status: 'open',
      externalStatusCode: 'for_triage',
      description: null, // not moderated yet
      ownDescription: `${privateText} near my house`,
    });
    // Rounded to three decimals: the public point is not the report's.
    expect(own.body.lat).toBe(Number(cell(0).lat.toFixed(3)));

    expectProblem(
      await asPublic(gateway, 'GET', `/api/v1/complaints/${created.serviceRequestId}`, {
        token: stranger.token,
      }),
      403,
      'COMPLAINTS.NOT_REPORTER',
    );
    const theirs = await asPublic(gateway, 'GET', '/api/v1/complaints', { token: stranger.token });
    expect(theirs.body).toEqual({ items: [], nextCursor: null });
    expectProblem(
      await asPublic(gateway, 'GET', `/api/v1/complaints/${created.serviceRequestId}`),
      401,
      'IDENTITY.UNAUTHENTICATED',
    );
    expectProblem(
      await asPublic(gateway, 'GET', `/api/v1/complaints/${created.serviceRequestId}`, {
        token: clerk.token,
      }),
      403,
      'IDENTITY.FORBIDDEN',
    );
  });

  it('serves the catalogue in a language, the city’s map, and the whole catalogue to admins', async () => {
    const services = await asPublic(gateway, 'GET', '/api/v1/complaints/services?lang=hi');
    expect(services.status).toBe(200);
    expect(services.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ serviceCode: 'pothole', serviceName: 'सड़क में गड्ढा' }),
      ]),
    );
    const questions = await asPublic(gateway, 'GET', '/api/v1/complaints/services/pothole?lang=hi');
    expect(questions.body).toMatchObject({
      serviceCode: 'pothole',
      attributes: expect.arrayContaining([
        expect.objectContaining({ code: 'size', required: true, description: 'यह कितना बड़ा है?' }),
      ]) as unknown,
    });
    expectProblem(
      await asPublic(gateway, 'GET', '/api/v1/complaints/services/no-such-service'),
      404,
      'COMPLAINTS.SERVICE_NOT_FOUND',
    );
    const map = await asPublic(gateway, 'GET', '/api/v1/complaints/map');
    expect(map.status).toBe(200);
    const body = map.body as unknown as {
      boundary: [number, number][];
      addresses: { id: string; street: string; houseNumber: string; lat: number }[];
    };
    expect(body.boundary.length).toBeGreaterThanOrEqual(3);
    expect(body.addresses.length).toBeGreaterThanOrEqual(300);
    const veldstraat = body.addresses.filter((a) => a.street === 'Veldstraat');
    expect(veldstraat.slice(0, 3).map((a) => a.houseNumber)).toEqual(['1', '2', '3']);

    const admin = await anAccount(gateway, 'admin');
    expectProblem(await staff('GET', '/catalogue', undefined, clerk), 403, 'IDENTITY.FORBIDDEN');
    const catalogue = await staff('GET', '/catalogue', undefined, admin);
    const pothole = (
      catalogue.body as unknown as (Record<string, unknown> & {
        serviceCode: string;
        names: Record<string, string>;
      })[]
    ).find((s) => s.serviceCode === 'pothole');
    if (!pothole) throw new Error('no pothole in the catalogue');
    expect(pothole.names).toMatchObject({ en: 'Pothole', hi: 'सड़क में गड्ढा' });
    // Put back as read (what the admin page does), a new service, and one the path disowns.
    const code = `web-${randomBytes(3).toString('hex')}`;
    const put = await staff(
      'PUT',
      `/catalogue/${code}`,
      { ...pothole, serviceCode: code, active: false },
      admin,
    );
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ serviceCode: code });
    const again = await staff('GET', '/catalogue', undefined, admin);
    expect(again.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ serviceCode: code, active: false })]),
    );
    const mismatch = await staff('PUT', `/catalogue/${code}`, pothole, admin);
    expectProblem(mismatch, 422, 'VALIDATION_FAILED');
    expect(mismatch.body.errors).toEqual([expect.objectContaining({ field: 'serviceCode' })]);
    const unknownGroup = await staff(
      'PUT',
      `/catalogue/${code}`,
      { ...pothole, serviceCode: code, groupCode: 'no-such-group' },
      admin,
    );
    expectProblem(unknownGroup, 422, 'COMPLAINTS.CATALOGUE_INVALID');
  });

  it('refuses bad reports with the field at fault, creating nothing', async () => {
    const bad = async (body: Record<string, unknown>, status: number, code: string) => {
      const reply = await asPublic(gateway, 'POST', '/api/v1/complaints', {
        token: reporter.token,
        body,
      });
      expectProblem(reply, status, code);
      return reply;
    };
    await bad(
      { ...pothole(1), serviceCode: 'no-such-service' },
      404,
      'COMPLAINTS.SERVICE_NOT_FOUND',
    );
    await bad({ ...pothole(1), lat: 50.5, long: 4.5 }, 422, 'COMPLAINTS.OUTSIDE_BOUNDARY');
    const missing = await bad(
      { ...pothole(1), attributes: {} },
      422,
      'COMPLAINTS.ATTRIBUTE_REQUIRED',
    );
    expect(JSON.stringify(missing.body)).toContain('attribute[size]');
    await bad(
      { ...pothole(1), description: 'x'.repeat(4001) },
      422,
      'COMPLAINTS.DESCRIPTION_TOO_LONG',
    );
    await bad({ ...pothole(1), lat: 'north' }, 422, 'VALIDATION_FAILED');
    await bad({ ...pothole(1), email: 'a@b.c' }, 422, 'VALIDATION_FAILED');
    const mine = await asPublic(gateway, 'GET', '/api/v1/complaints?limit=100', {
      token: reporter.token,
    });
    expect(
      (mine.body.items as OwnComplaintView[]).filter(
        (i) =>
          i.lat === Number(cell(1).lat.toFixed(3)) && i.long === Number(cell(1).long.toFixed(3)),
      ),
    ).toEqual([]);
  });

  it('files by multipart with a photo: stored without its EXIF, public only once approved', async () => {
    const photo = jpegWithExif('GPS 51.0543N 3.7174E PHONE-CAMERA-SECRET');
    const form = new FormData();
    form.append('serviceCode', 'streetlight');
    form.append('lat', String(cell(2).lat));
    form.append('long', String(cell(2).long));
    form.append('attribute[fault]', 'flickering');
    form.append('description', `${privateText} since Monday`);
    form.append('media', new Blob([photo], { type: 'image/jpeg' }), 'IMG_0001.jpg');
    const filed = await fetch(`${gateway.url}/api/v1/complaints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${reporter.token}`, 'idempotency-key': randomUUID() },
      body: form,
    });
    const created = (await filed.json()) as CreatedComplaint;
    // On a failure, what the services logged says why.
    expect({
      status: filed.status,
      logs: filed.status === 201 ? [] : apps.flatMap((app) => app.tail),
    }).toEqual({ status: 201, logs: [] });

    const view = await caseOf(created.serviceRequestId);
    expect(view.attributes).toEqual({ fault: 'flickering' });
    expect(view.media).toEqual([
      {
        id: expect.any(String) as unknown,
        url: expect.any(String) as unknown,
        moderation: 'pending',
      },
    ]);
    const media = view.media[0]!;
    expect(media.url).toBe(`${gateway.url}/api/v1/complaints/media/${media.id}`);
    // Not public before moderation (as if it did not exist); staff see it.
    expectProblem(
      await asPublic(gateway, 'GET', `/api/v1/complaints/media/${media.id}`),
      404,
      'COMPLAINTS.MEDIA_NOT_FOUND',
    );
    const staffCopy = await fetch(`${gateway.url}/api/v1/complaints/staff-media/${media.id}`, {
      headers: { authorization: `Bearer ${clerk.token}` },
    });
    expect(staffCopy.status).toBe(200);
    const stored = Buffer.from(await staffCopy.arrayBuffer());
    expect(stored.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(stored.toString('latin1')).not.toContain('Exif');
    expect(stored.toString('latin1')).not.toContain('PHONE-CAMERA-SECRET');
    expect(stored.length).toBeLessThan(photo.length);

    const moderated = await staff('POST', `/cases/${created.serviceRequestId}/moderation`, {
      description: 'approved',
      media: { [media.id]: 'approved' },
    });
    expect(moderated.status).toBe(200);
    const published = await fetch(media.url);
    expect(published.status).toBe(200);
    expect(published.headers.get('content-type')).toBe('image/jpeg');
    expect(published.headers.get('x-content-type-options')).toBe('nosniff');
    expect(published.headers.get('content-disposition')).toBe('attachment');
    expect(published.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    expect(Buffer.from(await published.arrayBuffer())).toEqual(stored);
    const own = await asPublic(gateway, 'GET', `/api/v1/complaints/${created.serviceRequestId}`, {
      token: reporter.token,
    });
    expect(own.body).toMatchObject({
      mediaUrl: media.url,
      description: `${privateText} since Monday`,
    });

    // A file that is not a photo by its content is refused and creates nothing.
    const pdf = new FormData();
    pdf.append('serviceCode', 'streetlight');
    pdf.append('lat', String(cell(3).lat));
    pdf.append('long', String(cell(3).long));
    pdf.append('attribute[fault]', 'off');
    pdf.append(
      'media',
      new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'image/jpeg' }),
      'x.jpg',
    );
    const refused = await fetch(`${gateway.url}/api/v1/complaints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${reporter.token}` },
      body: pdf,
    });
    expect(refused.status).toBe(415);
    expect(await refused.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('lets staff triage, assign and resolve a case through its workflow, with public updates and private notes', async () => {
    const created = await file(reporter, pothole(4));
    const queue = await staff('GET', '/queue?status=for_triage&limit=200');
    expect(queue.status).toBe(200);
    expect((queue.body.items as ComplaintCaseView[]).map((c) => c.serviceRequestId)).toContain(
      created.serviceRequestId,
    );
    const id = created.serviceRequestId;
    await slaStarted(id);
    const triaged = await staff('POST', `/cases/${id}/status`, {
      status: 'investigating',
      priority: 'high',
    });
    expect(triaged.status).toBe(200);
    expect(triaged.body).toMatchObject({ externalStatusCode: 'investigating', priority: 'high' });
    const assigned = await staff('POST', `/cases/${id}/assign`, {
      departmentCode: 'roads',
      officerId: clerk.id,
    });
    expect(assigned.body).toMatchObject({ departmentCode: 'roads', officerId: clerk.id });
    const note = await staff('POST', `/cases/${id}/notes`, { text: 'INTERNAL-ONLY crew needed' });
    expect(note.status).toBe(201);
    expect(
      (await staff('POST', `/cases/${id}/status`, { status: 'action_scheduled', lang: 'nl' })).body,
    ).toMatchObject({ externalStatusCode: 'action_scheduled' });
    const fixed = await staff('POST', `/cases/${id}/status`, { status: 'fixed' });
    expect(fixed.body).toMatchObject({ externalStatusCode: 'fixed', status: 'open' });
    const view = await caseOf(id);
    expect(view.notes.map((n) => n.text)).toEqual(['INTERNAL-ONLY crew needed']);
    expect(view.updates.map((u) => u.externalStatusCode)).toEqual(
      expect.arrayContaining(['investigating', 'action_scheduled', 'fixed']),
    );
    const own = await asPublic(gateway, 'GET', `/api/v1/complaints/${id}`, {
      token: reporter.token,
    });
    expect(own.body).toMatchObject({ externalStatusCode: 'fixed' });
    // The reporter's page shows the public updates, oldest first, as staff see them.
    expect((own.body.updates as { updateId: string }[]).map((u) => u.updateId)).toEqual(
      view.updates.map((u) => u.updateId),
    );
    expect(JSON.stringify(own.body)).not.toContain('INTERNAL-ONLY');
    // A citizen may not work cases; a clerk may not rewrite the templates.
    expectProblem(
      await call(gateway, 'POST', `/api/v1/complaints/cases/${id}/status`, {
        token: reporter.token,
        body: { status: 'fixed' },
      }),
      403,
      'IDENTITY.FORBIDDEN',
    );
    const template = await staff(
      'PUT',
      '/templates/not_responsible/fr',
      { text: "Ce n'est pas de notre ressort." },
      supervisor,
    );
    expect(template.body).toEqual({
      status: 'not_responsible',
      lang: 'fr',
      text: "Ce n'est pas de notre ressort.",
    });
    expectProblem(
      await staff('PUT', '/templates/fixed/en', { text: 'Done.' }),
      403,
      'IDENTITY.FORBIDDEN',
    );
    expectProblem(
      await staff('POST', `/cases/${id}/status`, { status: 'for_triage' }),
      409,
      'COMPLAINTS.INVALID_TRANSITION',
    );
  });

  it('suggests a duplicate, and once confirmed links both ways and has its reporter follow the original', async () => {
    const original = await file(reporter, pothole(5));
    const near = { ...pothole(5), lat: cell(5).lat + 0.0005 }; // ~55 m north
    const repeat = await file(stranger, near);
    expect(repeat.suspectedDuplicateOf).toBe(original.serviceRequestId);
    // With the original's exact point: staff see both on the map.
    expect((await caseOf(repeat.serviceRequestId)).duplicateSuggestions).toEqual([
      expect.objectContaining({
        requestId: original.serviceRequestId,
        lat: cell(5).lat,
        long: cell(5).long,
      }),
    ]);
    await slaStarted(repeat.serviceRequestId);
    const confirmed = await staff('POST', `/cases/${repeat.serviceRequestId}/duplicate`, {
      originalId: original.serviceRequestId,
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      duplicateOf: original.serviceRequestId,
      externalStatusCode: 'duplicate',
    });
    expect((await caseOf(original.serviceRequestId)).duplicates).toEqual([repeat.serviceRequestId]);
    const followed = await asPublic(gateway, 'GET', '/api/v1/complaints?limit=100', {
      token: stranger.token,
    });
    expect(followed.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          serviceRequestId: original.serviceRequestId,
          relation: 'follower',
        }),
        expect.objectContaining({
          serviceRequestId: repeat.serviceRequestId,
          relation: 'reporter',
        }),
      ]),
    );
    // The follower reads the original, but not its text as written.
    const read = await asPublic(gateway, 'GET', `/api/v1/complaints/${original.serviceRequestId}`, {
      token: stranger.token,
    });
    expect(read.body).toMatchObject({ relation: 'follower', ownDescription: null });
    await eventually(
      async () =>
        seen.some(
          (e) =>
            e.subject === 'gov.complaints.request.duplicate-linked.v1' &&
            e.data.includes(repeat.serviceRequestId),
        ) || undefined,
      30_000,
      'duplicate-linked event',
    );
  });

  it('reopens a case when its reporter answers "not fixed" within the window, and only its reporter may answer', async () => {
    const created = await file(reporter, pothole(6));
    const id = created.serviceRequestId;
    expectProblem(
      await asPublic(gateway, 'POST', `/api/v1/complaints/${id}/feedback`, {
        token: reporter.token,
        body: { fixed: true },
      }),
      409,
      'COMPLAINTS.NOT_RESOLVED',
    );
    await resolve(id);
    expectProblem(
      await asPublic(gateway, 'POST', `/api/v1/complaints/${id}/feedback`, {
        token: stranger.token,
        body: { fixed: true, rating: 5 },
      }),
      403,
      'COMPLAINTS.NOT_REPORTER',
    );
    expectProblem(
      await asPublic(gateway, 'POST', `/api/v1/complaints/${id}/feedback/anonymous`, {
        body: { fixed: false, secret: 'x'.repeat(32) },
      }),
      403,
      'COMPLAINTS.REPORTER_REQUIRED',
    );
    const answered = await asPublic(gateway, 'POST', `/api/v1/complaints/${id}/feedback`, {
      token: reporter.token,
      body: { fixed: false, rating: 2, comment: `${privateText} still there`, recommendScore: 3 },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(answered.status).toBe(201);
    expect(answered.body).toEqual({ reopened: true, status: 'investigating' });
    const reopened = await eventually(
      async () => {
        const c = await caseOf(id);
        return c.reopenCount === 1 && c.externalStatusCode === 'investigating' ? c : undefined;
      },
      30_000,
      'the workflow reopened the case',
    );
    expect(reopened.status).toBe('open');
    expectProblem(
      await asPublic(gateway, 'POST', `/api/v1/complaints/${id}/feedback`, {
        token: reporter.token,
        body: { fixed: true },
      }),
      409,
      'COMPLAINTS.NOT_RESOLVED',
    );
  });

  it('takes an anonymous report’s feedback by its secret, and counts it in the public stats', async () => {
    // Filed as the Open311 edge files it: anonymous, with the optional reporter fields.
    const edge = await connectNats({
      name: 'itest-complaints-edge',
      servers: testEnv().natsUrl,
      auth: testEnv().serviceNatsAuth('gateway'),
    });
    const created = await runWithContext(
      { correlationId: randomUUID(), requestKey: `itest-${randomUUID()}` },
      () =>
        new ServiceClient(edge, 10_000).request(COMPLAINTS_REQUEST_CREATE, {
          channel: 'open311',
          serviceCode: 'graffiti',
          ...cell(7),
          attributes: { offensive: 'no' },
          description: `${privateText} on the wall`,
          ...anonymous,
        }),
    ).finally(() => edge.close());
    const id = created.serviceRequestId;
    await resolve(id);
    const thanks = await asPublic(gateway, 'POST', `/api/v1/complaints/${id}/feedback/anonymous`, {
      body: { secret: created.reporterSecret, fixed: true, rating: 5, recommendScore: 10 },
    });
    expect(thanks.status).toBe(201);
    expect(thanks.body).toEqual({ reopened: false, status: 'fixed' });
    const stats = await asPublic(gateway, 'GET', '/api/v1/complaints/stats?serviceCode=graffiti');
    expect(stats.status).toBe(200);
    expect(stats.body.rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          serviceCode: 'graffiti',
          suppressed: false,
          responses: expect.any(Number) as unknown,
        }),
      ]),
    );
    // Staff see the contact, to call back.
    expect((await caseOf(id)).reporter).toEqual({
      firstName: anonymous.firstName,
      lastName: anonymous.lastName,
      email: anonymous.email,
      phone: anonymous.phone,
    });
  });

  it('refuses a reopen once the window has passed', async () => {
    const created = await file(reporter, {
      serviceCode: 'garbage', // a reopen window of 7 days: 7 s here
      ...cell(8),
      attributes: { waste_type: 'paper' },
    });
    const id = created.serviceRequestId;
    await resolve(id);
    await eventually(
      async () => {
        const own = await call(gateway, 'GET', `/api/v1/complaints/${id}`, {
          token: reporter.token,
        });
        const until = own.body.reopenUntil as string | null;
        return until && Date.parse(until) <= Date.now() ? true : undefined;
      },
      60_000,
      'the reopen window passed',
    );
    expectProblem(
      await asPublic(gateway, 'POST', `/api/v1/complaints/${id}/reopen`, {
        token: reporter.token,
        body: {},
      }),
      409,
      'COMPLAINTS.REOPEN_WINDOW_PASSED',
    );
    expect((await caseOf(id)).externalStatusCode).toBe('fixed');
  });

  it('escalates a case whose triage deadline passed', async () => {
    const created = await file(reporter, pothole(9));
    const escalated = await eventually(
      async () => ((await caseOf(created.serviceRequestId)).escalated ? true : undefined),
      30_000,
      'escalation',
    );
    expect(escalated).toBe(true);
    const event = await eventually(
      async () =>
        seen.find(
          (e) =>
            e.subject === 'gov.complaints.request.escalated.v1' &&
            e.data.includes(created.serviceRequestId),
        ),
      30_000,
      'escalated event',
    );
    expect(JSON.parse(event.data)).toMatchObject({
      type: 'gov.complaints.request.escalated.v1',
      data: { requestId: created.serviceRequestId, deadline: 'triage' },
    });
  });

  it('never shows the reporter’s name, email, phone, device id or text in a public answer or an event', async () => {
    const secrets = [
      reporterName,
      reporterEmail,
      anonymous.firstName,
      anonymous.lastName,
      anonymous.email,
      anonymous.phone,
      anonymous.deviceId,
    ];
    expect(publicAnswers.length).toBeGreaterThan(20);
    for (const answer of publicAnswers) {
      const text = JSON.stringify(answer.body);
      for (const secret of secrets)
        expect({ answer: text, has: text.includes(secret) }).toMatchObject({ has: false });
    }
    const ours = seen.filter((e) => e.subject.startsWith('gov.complaints.request.'));
    expect(new Set(ours.map((e) => e.subject))).toEqual(
      new Set([
        'gov.complaints.request.received.v1',
        'gov.complaints.request.triaged.v1',
        'gov.complaints.request.assigned.v1',
        'gov.complaints.request.duplicate-linked.v1',
        'gov.complaints.request.escalated.v1',
        'gov.complaints.request.resolved.v1',
        'gov.complaints.request.reopened.v1',
        'gov.complaints.request.closed.v1',
        'gov.complaints.request.rated.v1',
      ]),
    );
    for (const event of ours)
      for (const secret of [...secrets, privateText])
        expect({ event: event.data, has: event.data.includes(secret) }).toMatchObject({
          has: false,
        });
  });
});
