/**
 * Open311 GeoReport v2 conformance through the real gateway, with the real complaints service,
 * permits (the business calendar) and the worker (the complaint workflow), driven the way
 * widely used clients drive it, in both formats: form posts with `api_key` and
 * `jurisdiction_id` as form fields and `attribute[code]` repeated for a multi-value list, XML
 * read by element name, token polling, update
 * polling with start/end (deduplicated on update_id), `requests/{id}` read as a list; every bad
 * input of the issue answered with the standard error list and the right status, creating
 * nothing; multipart posts with an uploaded `media` photo (stored without its EXIF, public once
 * moderated; a refused report or photo stores nothing); API keys shown once and refused once revoked; no reporter personal data in any
 * Open311 response or event; and an SLA breach (a report never triaged, with a short
 * COMPLAINTS_WORKING_DAY_DURATION) escalated on the COMPLAINTS stream with the case flagged.
 * One stack for the file; the cases run side by side where they are independent.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream, type ConsumerMessages } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { XMLParser } from 'fast-xml-parser';
import pg from 'pg';
import {
  COMPLAINTS_CASE_GET,
  COMPLAINTS_CASE_MODERATE,
  COMPLAINTS_CASE_STATUS,
  COMPLAINT_ESCALATED_V1,
  type RpcPattern,
  type RpcReply,
  type RpcRequest,
} from '#contracts';
import type { ManagedProcess } from '#devstack';
import { connectNats, runWithContext, ServiceClient } from '#platform';
import { eventually, testEnv } from '#testing';
import { anAccount, type Account } from '../factories/accounts.js';
import { startTestApp } from '../factories/apps.js';
import { call, startGateway, type Gateway } from '../factories/gateway.js';
import { jpegWithExif } from '../factories/images.js';

type Format = 'xml' | 'json';
const FORMATS: Format[] = ['xml', 'json'];
const JURISDICTION = 'itest.city.example';

/** Elements a client reads as lists even when there is one. */
const LISTS = new Set(['service', 'attribute', 'value', 'request', 'request_update', 'error']);
const xml = new XMLParser({
  parseTagValue: false,
  isArray: (name) => LISTS.has(name),
});

/** One answer of the Open311 edge, its body read as a client reads it. */
interface Answer {
  status: number;
  contentType: string;
  text: string;
  /** The list of items (services, requests, updates, errors) or the one object. */
  items: Record<string, unknown>[];
  body: unknown;
}

/** The items of a document by element name (XML) or as the JSON array. */
function read(format: Format, text: string): { items: Record<string, unknown>[]; body: unknown } {
  if (format === 'json') {
    const body = JSON.parse(text) as unknown;
    return { body, items: Array.isArray(body) ? (body as Record<string, unknown>[]) : [] };
  }
  const doc = xml.parse(text) as Record<string, Record<string, unknown> | string>;
  const rootName = Object.keys(doc).find((k) => k !== '?xml')!;
  const root = doc[rootName];
  const inner = typeof root === 'object' ? root : {};
  const list = Object.values(inner).find(Array.isArray) as Record<string, unknown>[] | undefined;
  return { body: inner, items: list ?? [] };
}

/**
 * A point in the demo city (Ghent), near the gazetteer's Veldstraat, moved a little: south of
 * 51.06, where complaints.int-spec files its reports on the same database.
 */
const inCity = () => ({
  lat: (51.03 + Math.random() * 0.02).toFixed(6),
  long: (3.72 + Math.random() * 0.02).toFixed(6),
});

describe('Open311 GeoReport v2 through the gateway, the complaints service and the worker', () => {
  let gateway: Gateway;
  const processes: ManagedProcess[] = [];
  let db: pg.Client;
  let nc: NatsConnection;
  let storageDir: string;
  let admin: Account;
  let clerk: Account;
  let apiKey: string;
  let revokedKey: string;
  /** A report nobody triages: its SLA breaches. */
  let neverTriaged: string;
  /** Every Open311 answer of the file, for the privacy scan. */
  const answers: string[] = [];
  /**
   * The answers to the posts: the standard echoes the poster's own `account_id` there (to the
   * client that sent it, nobody else); every other personal field stays out of them too.
   */
  const postAnswers: string[] = [];
  /** Every COMPLAINTS event seen, as published. */
  const events: { subject: string; data: Record<string, unknown>; raw: string }[] = [];
  let consuming: ConsumerMessages | undefined;
  /** The personal data the reports of the file carry (none may come back out). */
  const personal = {
    email: `reporter.${randomUUID().slice(0, 8)}@mail.example`,
    first_name: 'Zenobia',
    last_name: `Quackenbush${randomBytes(2).toString('hex')}`,
    phone: '+32 470 98 76 54',
    device_id: `device-${randomUUID()}`,
    account_id: `fms-account-${randomUUID().slice(0, 8)}`,
  };

  /** An answer read as a client reads it, its text kept in `into` for the privacy scan. */
  const answerOf = async (response: Response, format: Format, into: string[]): Promise<Answer> => {
    const text = await response.text();
    into.push(text);
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      text,
      ...read(format, text),
    };
  };

  const get = async (path: string, format: Format): Promise<Answer> =>
    answerOf(await fetch(`${gateway.url}/open311/v2/${path}`), format, answers);

  /** A form post as FixMyStreet and the mobile apps send it (form-urlencoded). */
  const post = async (
    format: Format,
    fields: [string, string][],
    headers: Record<string, string> = {},
  ): Promise<Answer> => {
    const response = await fetch(`${gateway.url}/open311/v2/requests.${format}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });
    return answerOf(response, format, postAnswers);
  };

  /** A pothole report with every field a client may send, the reporter's included. */
  const pothole = (extra: [string, string][] = [], key = apiKey): [string, string][] => {
    const at = inCity();
    return [
      ['api_key', key],
      ['jurisdiction_id', JURISDICTION],
      ['service_code', 'pothole'],
      ['lat', at.lat],
      ['long', at.long],
      ['attribute[size]', 'large'],
      ['attribute[lanes]', 'road'],
      ['attribute[lanes]', 'cycle'],
      ['attribute[depth_cm]', '12'],
      ['email', personal.email],
      ['first_name', personal.first_name],
      ['last_name', personal.last_name],
      ['phone', personal.phone],
      ['device_id', personal.device_id],
      ['account_id', personal.account_id],
      ...extra,
    ];
  };

  /** The standard error list, with this status, in the format asked. */
  const expectErrors = (answer: Answer, format: Format, status: number) => {
    expect({ status: answer.status, text: answer.text }).toEqual({
      status,
      text: expect.any(String) as unknown,
    });
    expect(answer.contentType).toContain(format === 'xml' ? 'text/xml' : 'application/json');
    if (format === 'xml') expect(answer.text).toMatch(/^<\?xml[^>]*\?><errors><error><code>/);
    expect(answer.items.length).toBeGreaterThan(0);
    for (const e of answer.items) {
      expect(String(e.code)).toBe(String(status));
      expect(typeof e.description).toBe('string');
    }
  };

  const requestsWith = async (marker: string): Promise<number> =>
    Number(
      (
        await db.query<{ n: string }>(
          `SELECT count(*) AS n FROM requests WHERE description LIKE $1 || '%'`,
          [marker],
        )
      ).rows[0]!.n,
    );

  /** A staff command over NATS, as the gateway sends it for a clerk. */
  const asClerk = <P extends RpcPattern>(pattern: P, data: RpcRequest<P>): Promise<RpcReply<P>> =>
    runWithContext(
      {
        correlationId: randomUUID(),
        actor: { userId: clerk.id, role: 'clerk' },
        requestKey: `itest-${randomUUID()}`,
      },
      () => new ServiceClient(nc, 15_000).request(pattern, data),
    );

  const issueKey = async (clientName: string): Promise<{ id: string; apiKey: string }> => {
    const issued = await call(gateway, 'POST', '/api/v1/open311/api-keys', {
      token: admin.token,
      body: { clientName },
    });
    expect(issued.status).toBe(201);
    return issued.body as { id: string; apiKey: string };
  };

  beforeAll(async () => {
    storageDir = mkdtempSync(join(tmpdir(), 'civic-open311-'));
    const temporal = { TEMPORAL_ADDRESS: testEnv().temporalAddress };
    // One working day of the complaint clocks lasts 3 s: a report never triaged breaches its
    // triage deadline (1 working day) 3 s after it came in.
    const [permits, complaints, worker] = await Promise.all([
      startTestApp('permits', temporal),
      startTestApp('complaints', {
        ...temporal,
        COMPLAINTS_MEDIA_BASE_URL: 'http://127.0.0.1/api/v1/complaints/media/',
      }),
      startTestApp('worker', { ...temporal, COMPLAINTS_WORKING_DAY_DURATION: '3s' }),
    ]);
    processes.push(permits, complaints, worker);
    gateway = await startGateway({
      FILE_STORAGE: 'local',
      FILE_STORAGE_DIR: storageDir,
      OPEN311_JURISDICTION_ID: JURISDICTION,
      // Revocations reach this replica at once; nothing else to wait for.
      OPEN311_API_KEY_CACHE_MS: '0',
    });
    db = new pg.Client({
      connectionString: testEnv().databaseUrl,
      options: '-c search_path=complaints',
    });
    await db.connect();
    nc = await connectNats({
      name: 'itest-open311',
      servers: testEnv().natsUrl,
      auth: testEnv().natsAuth,
    });
    const consumer = await jetstream(nc).consumers.get('COMPLAINTS', {
      filter_subjects: ['gov.complaints.>'],
    });
    consuming = await consumer.consume();
    void (async () => {
      for await (const m of consuming) {
        const raw = m.string();
        const envelope = JSON.parse(raw) as { type: string; data: Record<string, unknown> };
        events.push({ subject: m.subject, data: envelope.data, raw });
      }
    })();
    [admin, clerk] = await Promise.all([anAccount(gateway, 'admin'), anAccount(gateway, 'clerk')]);
    const [live, toRevoke] = await Promise.all([
      issueKey('FixMyStreet (itest)'),
      issueKey('Old app (itest)'),
    ]);
    apiKey = live.apiKey;
    revokedKey = toRevoke.apiKey;
    const revoked = await call(gateway, 'POST', `/api/v1/open311/api-keys/${toRevoke.id}/revoke`, {
      token: admin.token,
    });
    expect(revoked.status).toBe(200);
    // Filed first, so that its triage deadline runs out while the other cases run.
    const created = await post('xml', pothole());
    expect(created.status).toBe(201);
    neverTriaged = String(created.items[0]!.service_request_id);
  });

  afterAll(async () => {
    await consuming?.close();
    await nc?.close();
    await db?.end();
    await Promise.all([gateway?.process.stop(), ...processes.map((p) => p.stop())]);
    await rm(storageDir, { recursive: true, force: true });
  });

  describe.each(FORMATS)('in %s', (format) => {
    it('lists the services and defines their attributes, read by element name', async () => {
      const services = await get(`services.${format}?jurisdiction_id=${JURISDICTION}`, format);
      expect(services.status).toBe(200);
      expect(services.contentType).toContain(format === 'xml' ? 'text/xml' : 'application/json');
      const pothole = services.items.find((s) => s.service_code === 'pothole');
      expect(pothole).toMatchObject({
        service_name: 'Pothole',
        type: 'realtime',
        group: expect.any(String) as unknown,
      });
      expect(String(pothole!.metadata)).toBe('true');
      expect(services.items.map((s) => s.service_code)).toEqual(
        expect.arrayContaining(['pothole', 'streetlight', 'garbage']),
      );

      const definition = await get(`services/pothole.${format}`, format);
      expect(definition.status).toBe(200);
      const body = definition.body as {
        service_code: string;
        attributes: { attribute: Record<string, unknown>[] } | Record<string, unknown>[];
      };
      expect(body.service_code).toBe('pothole');
      const attributes = Array.isArray(body.attributes)
        ? body.attributes
        : body.attributes.attribute;
      expect(attributes.map((a) => a.code)).toEqual(['size', 'lanes', 'depth_cm']);
      const lanes = attributes[1]!;
      expect(lanes).toMatchObject({ datatype: 'multivaluelist' });
      expect(String(lanes.required)).toBe('false');
      const values = (
        Array.isArray(lanes.values)
          ? lanes.values
          : (lanes.values as { value: Record<string, unknown>[] }).value
      ) as Record<string, unknown>[];
      expect(values.map((v) => v.key)).toEqual(['road', 'cycle', 'pavement']);
    });

    it('takes a form post, answers a token, and the token and the request read back', async () => {
      const marker = `itest-${format}-${randomUUID()}`;
      const created = await post(
        format,
        pothole([['description', `${marker} — ornière profonde, rue de l'été`]]),
      );
      expect(created.status).toBe(201);
      const first = created.items[0]!;
      expect(first.service_request_id).toEqual(expect.any(String));
      expect(first.token).toEqual(expect.any(String));
      const id = String(first.service_request_id);
      const token = String(first.token);

      // Token polling, as a client does: a few times until it resolves.
      const resolved = await eventually(async () => {
        const t = await get(`tokens/${token}.${format}`, format);
        return t.status === 200 && t.items[0]?.service_request_id ? t : undefined;
      });
      expect(resolved.items[0]).toMatchObject({ service_request_id: id, token });

      // requests/{id} is a list even for one request.
      const one = await get(`requests/${id}.${format}?jurisdiction_id=${JURISDICTION}`, format);
      expect(one.status).toBe(200);
      expect(one.items).toHaveLength(1);
      const r = one.items[0]!;
      expect(r).toMatchObject({
        service_request_id: id,
        status: 'open',
        service_code: 'pothole',
        service_name: 'Pothole',
      });
      // The description is public only after moderation; the point is rounded.
      expect(r.description ?? '').toBe('');
      expect(String(r.lat)).toMatch(/^51\.0\d{1,2}$/);
      expect(String(r.requested_datetime)).toMatch(
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/,
      );
      // The attributes as sent, the multi-value list whole.
      const row = await db.query<{ attributes: Record<string, unknown> }>(
        'SELECT attributes FROM requests WHERE id = $1',
        [id],
      );
      expect(row.rows[0]!.attributes).toEqual({
        size: 'large',
        lanes: ['road', 'cycle'],
        depth_cm: '12',
      });

      // The list with its filters finds it too.
      const listed = await get(
        `requests.${format}?service_request_id=${id},${randomUUID()}&jurisdiction_id=${JURISDICTION}`,
        format,
      );
      expect(listed.items.map((i) => i.service_request_id)).toContain(id);
      const byService = await get(`requests.${format}?service_code=pothole&status=open`, format);
      expect(byService.status).toBe(200);
      expect(byService.items.every((i) => i.status === 'open')).toBe(true);
    });

    it('takes a location by address_string from the gazetteer', async () => {
      const created = await post(format, [
        ['api_key', apiKey],
        ['service_code', 'streetlight'],
        ['address_string', 'Veldstraat 3, 9000 Gent'],
        ['attribute[fault]', 'off'],
      ]);
      expect(created.status).toBe(201);
      const id = String(created.items[0]!.service_request_id);
      const one = await get(`requests/${id}.${format}`, format);
      // The public address is the street, never the house number.
      expect(one.items[0]).toMatchObject({ address: 'Veldstraat' });
    });

    it('lets a client follow staff updates by polling servicerequestupdates with start/end', async () => {
      const start = new Date(Date.now() - 60_000).toISOString();
      const created = await post(format, pothole());
      expect(created.status).toBe(201);
      const id = String(created.items[0]!.service_request_id);
      // The workflow started (it records the SLA clock first; triage is an Update to it).
      await eventually(async () => {
        const r = await db.query(
          `SELECT 1 FROM request_transitions WHERE request_id = $1 AND kind = 'sla-started'`,
          [id],
        );
        return r.rowCount === 1 ? true : undefined;
      });
      // The bridge recorded its successful start (with its inbox entry).
      const started = await eventually(async () => {
        const r = await db.query<{ workflow_started: boolean; workflow_started_at: Date | null }>(
          'SELECT workflow_started, workflow_started_at FROM requests WHERE id = $1',
          [id],
        );
        return r.rows[0]?.workflow_started ? r.rows[0] : undefined;
      });
      expect(started.workflow_started_at).toBeInstanceOf(Date);
      await asClerk(COMPLAINTS_CASE_STATUS, {
        requestId: id,
        status: 'in_progress',
        statusNotes: 'A crew is on its way.',
      });
      const seen = new Map<string, Record<string, unknown>>();
      let last: Answer | undefined;
      const ours = await eventually(async () => {
        const end = new Date(Date.now() + 60_000).toISOString();
        last = await get(
          `servicerequestupdates.${format}?start_date=${encodeURIComponent(start)}&end_date=${encodeURIComponent(end)}&jurisdiction_id=${JURISDICTION}`,
          format,
        );
        if (last.status !== 200) return undefined;
        for (const u of last.items) seen.set(String(u.update_id), u);
        const mine = [...seen.values()].filter(
          (u) => u.service_request_id === id && u.external_status_code === 'in_progress',
        );
        return mine.length > 0 ? mine : undefined;
      }).catch((error: unknown) => {
        throw new Error(`${String(error)}; the last poll answered ${last?.status}: ${last?.text}`);
      });
      expect(ours[0]).toMatchObject({
        service_request_id: id,
        status: 'open',
        external_status_code: 'in_progress',
        description: 'A crew is on its way.',
      });
      expect(String(ours[0]!.updated_datetime)).toMatch(/[+-]\d{2}:\d{2}$/);
      // Polled again, the same update comes with the same id (a client dedupes on it).
      const again = await get(
        `servicerequestupdates.${format}?start_date=${encodeURIComponent(start)}&end_date=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
        format,
      );
      const mineAgain = again.items.filter((u) => u.service_request_id === id);
      expect(mineAgain.map((u) => u.external_status_code)).toEqual(['for_triage', 'in_progress']);
      expect(mineAgain.map((u) => u.update_id)).toEqual(
        expect.arrayContaining(ours.map((u) => u.update_id)),
      );
      expect(new Set(mineAgain.map((u) => u.update_id)).size).toBe(mineAgain.length);
      // One of the two dates alone is refused.
      expectErrors(
        await get(`servicerequestupdates.${format}?start_date=${start}`, format),
        format,
        400,
      );
    });

    describe('bad input: the standard error list, the right status, nothing created', () => {
      const cases: [string, number, (marker: string) => [string, string][]][] = [
        [
          'an unknown service code',
          400,
          (m) => swap(pothole(desc(m)), 'service_code', 'no-such-service'),
        ],
        ['a missing location', 400, (m) => drop(pothole(desc(m)), 'lat', 'long')],
        [
          'a location outside the city',
          400,
          (m) => swap(swap(pothole(desc(m)), 'lat', '50.8467'), 'long', '4.3525'),
        ],
        ['a missing required attribute', 400, (m) => drop(pothole(desc(m)), 'attribute[size]')],
        [
          'a wrong datatype',
          400,
          (m) => swap(pothole(desc(m)), 'attribute[depth_cm]', 'very deep'),
        ],
        [
          'a value outside the list',
          400,
          (m) => swap(pothole(desc(m)), 'attribute[size]', 'gigantic'),
        ],
        [
          'a description over 4,000 characters',
          400,
          (m) => pothole([['description', m + 'x'.repeat(4_001)]]),
        ],
        ['a bad api_key', 403, (m) => pothole(desc(m), 'o311_not-a-key-at-all-0000000000')],
        ['no api_key', 403, (m) => drop(pothole(desc(m)), 'api_key')],
        ['a revoked api_key', 403, (m) => pothole(desc(m), revokedKey)],
        [
          'a wrong jurisdiction',
          400,
          (m) => swap(pothole(desc(m)), 'jurisdiction_id', 'elsewhere.example'),
        ],
      ];
      it.each(cases)('%s', async (_what, status, fields) => {
        const marker = `bad-${format}-${randomUUID()}`;
        const answer = await post(format, fields(marker));
        expectErrors(answer, format, status);
        expect(await requestsWith(marker)).toBe(0);
      });

      it('an unknown token, request id or service, and a wrong jurisdiction on a read: 404', async () => {
        const unknown = await Promise.all([
          get(`tokens/${randomBytes(16).toString('hex')}.${format}`, format),
          get(`requests/${randomUUID()}.${format}`, format),
          get(`services/no-such-service.${format}`, format),
          get(`services.${format}?jurisdiction_id=elsewhere.example`, format),
        ]);
        for (const answer of unknown) expectErrors(answer, format, 404);
      });
    });
  });

  describe('multipart/form-data, with an uploaded media file', () => {
    /** The photos in the gateway's file storage. */
    const storedPhotos = () =>
      readdir(join(storageDir, 'complaints/media')).catch(() => [] as string[]);

    /** A form post as FixMyStreet sends one with a photo: the fields, then `media`. */
    const postMultipart = async (
      format: Format,
      fields: [string, string][],
      media?: { bytes: Buffer; type: string; name: string },
    ): Promise<Answer> => {
      const form = new FormData();
      for (const [name, value] of fields) form.append(name, value);
      if (media) form.append('media', new Blob([media.bytes], { type: media.type }), media.name);
      const response = await fetch(`${gateway.url}/open311/v2/requests.${format}`, {
        method: 'POST',
        body: form,
      });
      return answerOf(response, format, postAnswers);
    };
    const photo = (secret: string) => ({
      bytes: jpegWithExif(secret, randomBytes(8)),
      type: 'image/jpeg',
      name: 'IMG_2044.JPG',
    });

    it('takes a photo: stored without its EXIF, its media_url in requests/{id} once moderated', async () => {
      const marker = `multipart-${randomUUID()}`;
      const created = await postMultipart(
        'xml',
        pothole([
          ['description', marker],
          ['media_url', 'https://photos.example/elsewhere.jpg'],
        ]),
        photo('GPS 51.0543N 3.7174E FMS-PHONE-SECRET'),
      );
      expect({ status: created.status, text: created.text }).toEqual({
        status: 201,
        text: expect.any(String) as unknown,
      });
      const id = String(created.items[0]!.service_request_id);
      const row = await db.query<{ attributes: Record<string, unknown>; channel: string }>(
        'SELECT attributes, channel FROM requests WHERE id = $1',
        [id],
      );
      expect(row.rows[0]).toEqual({
        channel: 'open311',
        attributes: { size: 'large', lanes: ['road', 'cycle'], depth_cm: '12' },
      });
      const media = await db.query<{ storage_key: string | null; content_type: string | null }>(
        'SELECT storage_key, content_type FROM request_media WHERE request_id = $1 ORDER BY storage_key NULLS LAST',
        [id],
      );
      expect(media.rows).toEqual([
        {
          storage_key: expect.stringMatching(/^complaints\/media\//) as unknown,
          content_type: 'image/jpeg',
        },
        { storage_key: null, content_type: null },
      ]);
      const stored = await readFile(join(storageDir, media.rows[0]!.storage_key!));
      expect(stored.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
      expect(stored.toString('latin1')).not.toContain('Exif');
      expect(stored.toString('latin1')).not.toContain('FMS-PHONE-SECRET');

      // Not public before moderation.
      const before = await get(`requests/${id}.json`, 'json');
      expect(before.items[0]).toMatchObject({ service_request_id: id, media_url: null });
      const view = await asClerk(COMPLAINTS_CASE_GET, { requestId: id });
      const uploaded = view.media.find((m) => !m.url.startsWith('https://photos.example/'))!;
      await asClerk(COMPLAINTS_CASE_MODERATE, {
        requestId: id,
        media: { [uploaded.id]: 'approved' },
      });
      const after = await get(`requests/${id}.json`, 'json');
      expect(after.items[0]).toMatchObject({ service_request_id: id, media_url: uploaded.url });
    });

    it('takes a multipart post without a photo as the urlencoded one', async () => {
      const marker = `multipart-bare-${randomUUID()}`;
      const before = await storedPhotos();
      const created = await postMultipart('json', pothole(desc(marker)));
      expect(created.status).toBe(201);
      expect(created.items[0]).toMatchObject({ service_request_id: expect.any(String) as unknown });
      expect(await requestsWith(marker)).toBe(1);
      expect(await storedPhotos()).toEqual(before);
    });

    it.each(FORMATS)(
      'refuses a media file that is not a photo with 415 (%s), creating and storing nothing',
      async (format) => {
        const marker = `multipart-pdf-${randomUUID()}`;
        const before = await storedPhotos();
        const refused = await postMultipart(format, pothole(desc(marker)), {
          bytes: Buffer.from(`%PDF-1.4\n${marker}\n%%EOF\n`),
          type: 'image/jpeg',
          name: 'photo.jpg',
        });
        expectErrors(refused, format, 415);
        expect(String(refused.items[0]!.description)).toContain('UNSUPPORTED_MEDIA_TYPE');
        expect(await requestsWith(marker)).toBe(0);
        expect(await storedPhotos()).toEqual(before);
      },
    );

    it('stores no photo of a refused report (a bad key, outside the city, an unknown service); takes the fields in any order', async () => {
      const before = await storedPhotos();
      const refusals: [number, [string, string][]][] = [
        [403, pothole([], 'o311_not-a-key-at-all-0000000000')],
        [403, drop(pothole(), 'api_key')],
        [400, swap(swap(pothole(), 'lat', '50.8467'), 'long', '4.3525')],
        [400, swap(pothole(), 'service_code', 'no-such-service')],
      ];
      for (const [status, fields] of refusals) {
        const marker = `multipart-refused-${randomUUID()}`;
        const answer = await postMultipart('xml', [...fields, ...desc(marker)], photo(marker));
        expectErrors(answer, 'xml', status);
        expect(await requestsWith(marker)).toBe(0);
      }
      expect(await storedPhotos()).toEqual(before);
      // Fields in any order (some clients sort them): the whole form is checked first.
      const marker = `multipart-late-${randomUUID()}`;
      const late = new FormData();
      const [first, ...others] = pothole();
      late.append(first![0], first![1]);
      late.append('media', new Blob([photo('late').bytes], { type: 'image/jpeg' }), 'a.jpg');
      for (const [name, value] of [...others, ...desc(marker)]) late.append(name, value);
      const answer = await fetch(`${gateway.url}/open311/v2/requests.json`, {
        method: 'POST',
        body: late,
      });
      expect(answer.status).toBe(201);
      expect(await requestsWith(marker)).toBe(1);
      expect((await storedPhotos()).length).toBe(before.length + 1);
    });
  });

  it('issues an API key once (never listed again) and refuses it once revoked', async () => {
    const issued = await issueKey('Short-lived app (itest)');
    expect(issued.apiKey).toEqual(expect.any(String));
    const listed = await call(gateway, 'GET', '/api/v1/open311/api-keys', { token: admin.token });
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(issued.apiKey);
    expect((await post('json', pothole([], issued.apiKey))).status).toBe(201);
    const revoked = await call(gateway, 'POST', `/api/v1/open311/api-keys/${issued.id}/revoke`, {
      token: admin.token,
    });
    expect(revoked.status).toBe(200);
    for (const format of FORMATS)
      expectErrors(await post(format, pothole([], issued.apiKey)), format, 403);
    // Not an admin: refused.
    const byClerk = await call(gateway, 'POST', '/api/v1/open311/api-keys', {
      token: clerk.token,
      body: { clientName: 'sneaky' },
    });
    expect(byClerk.status).toBe(403);
  });

  it('escalates a report filed through Open311 and never triaged: the event on COMPLAINTS and the case flagged', async () => {
    const id = neverTriaged;
    const escalated = await eventually(
      async () =>
        events.find((e) => e.subject === COMPLAINT_ESCALATED_V1 && e.data.requestId === id),
      60_000,
      'the escalated event',
    );
    expect(escalated.data).toMatchObject({ requestId: id, serviceCode: 'pothole' });
    const row = await db.query<{ escalated: boolean; status: string }>(
      'SELECT escalated, status FROM requests WHERE id = $1',
      [id],
    );
    expect(row.rows[0]).toEqual({ escalated: true, status: 'for_triage' });
    // Open311 still shows it open.
    const one = await get(`requests/${id}.json`, 'json');
    expect(one.items[0]).toMatchObject({ status: 'open' });
  });

  it("never answers or publishes the reporter's personal data (every answer and event of the file)", () => {
    const everything = [...answers, ...events.map((e) => e.raw)].join('\n');
    expect(answers.length).toBeGreaterThan(20);
    expect(postAnswers.length).toBeGreaterThan(20);
    expect(events.length).toBeGreaterThan(0);
    for (const value of Object.values(personal)) expect(everything).not.toContain(value);
    const { account_id: _echoed, ...others } = personal;
    const posted = postAnswers.join('\n');
    for (const value of Object.values(others)) expect(posted).not.toContain(value);
    expect(posted).not.toContain(apiKey);
    expect(everything).not.toContain(apiKey);
  });
});

const desc = (marker: string): [string, string][] => [['description', marker]];
const swap = (fields: [string, string][], name: string, value: string): [string, string][] =>
  fields.map(([n, v]) => [n, n === name ? value : v]);
const drop = (fields: [string, string][], ...names: string[]): [string, string][] =>
  fields.filter(([n]) => !names.includes(n));
