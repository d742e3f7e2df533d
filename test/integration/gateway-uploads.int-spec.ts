/**
 * A cashier uploads a provider's settlement report through the real gateway: the file is
 * streamed into file storage (a local directory here, an S3-compatible server at the end),
 * under its SHA-256, and `payments.reconciliation.import` asks payments to import it. The test
 * plays payments on NATS (as the access test plays a service) and checks what the gateway
 * stored against what it was asked; payments' own import is in payments-operations.int-spec.ts.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash } from '@node-rs/argon2';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import {
  PAYMENTS_RECONCILIATION_IMPORT,
  type ImportSettlementReportRequest,
  type SettlementReportImport,
} from '#contracts';
import { startS3Server, type S3Server } from '#devstack';
import { connectNats } from '#platform';
import { LocalFileStorage } from '#storage';
import { eventually, testEnv } from '#testing';
import { expectProblem, startGateway, type Gateway, type Reply } from '../factories/gateway.js';

const ROUTE = '/api/v1/reconciliation/reports';
const LIMIT = 3 * 1_048_576;
const PASSWORD = 'correct horse battery staple';
const CSV = 'provider_ref,amount_minor,currency,fee_minor\npay_1,1250,EUR,25\npay_2,990,EUR,20\n';
const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

interface FilePart {
  name?: string;
  content: string | Buffer;
  fileName?: string;
  type?: string;
}

/** A browser's form: the file and the provider field. */
function form(file?: FilePart, fields: Record<string, string> = { provider: 'sandbox' }): FormData {
  const data = new FormData();
  if (file)
    data.append(
      file.name ?? 'file',
      new Blob([file.content], { type: file.type ?? 'text/csv' }),
      file.fileName ?? 'settlement-2026-11-29.csv',
    );
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

const BOUNDARY = 'civic-test-boundary-7MA4YWxkTrZu0gW';

/** A multipart body written by hand (for what a browser never sends). */
const rawPart = (name: string, content: string, fileName?: string, type?: string): string =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"` +
  (fileName === undefined ? '' : `; filename="${fileName}"`) +
  `\r\n${type ? `Content-Type: ${type}\r\n` : ''}\r\n${content}\r\n`;

async function post(
  gateway: Gateway,
  options: {
    token?: string;
    key?: string;
    body: FormData | string | Buffer;
    contentType?: string;
    path?: string;
  },
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.key) headers['idempotency-key'] = options.key;
  if (options.contentType) headers['content-type'] = options.contentType;
  const response = await fetch(`${gateway.url}${options.path ?? ROUTE}`, {
    method: 'POST',
    headers,
    body: options.body,
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

/** Creates an account of `role` in the identity schema and logs it in. */
async function accountToken(gateway: Gateway, db: pg.Client, role: string): Promise<string> {
  const email = `${role}.${randomUUID().slice(0, 8)}@city.example`;
  await db.query(
    `INSERT INTO users (id, email, email_key, full_name, password_hash, role)
     VALUES ($1, $2, $2, $3, $4, $5)`,
    [randomUUID(), email, `A ${role}`, await hash(PASSWORD), role],
  );
  const response = await fetch(`${gateway.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

interface Asked {
  data: ImportSettlementReportRequest;
  actor: string | undefined;
  requestKey: string | undefined;
}

/** Plays payments on NATS: records each import it is asked for and answers it. */
function playPayments(nc: NatsConnection, asked: Asked[]): Subscription {
  return nc.subscribe(PAYMENTS_RECONCILIATION_IMPORT, {
    callback: (_error, msg: Msg) => {
      const { id, data } = msg.json<{ id: string; data: ImportSettlementReportRequest }>();
      asked.push({
        data,
        actor: msg.headers?.get('x-civic-actor'),
        requestKey: msg.headers?.get('x-civic-request-key') || undefined,
      });
      const response: SettlementReportImport = {
        reportId: randomUUID(),
        provider: data.provider,
        fileKey: data.fileKey,
        sha256: data.sha256,
        size: data.size,
        fileName: data.fileName,
        importedAt: new Date().toISOString(),
        lineCount: 0,
        matchedCount: 0,
        discrepancyCount: 0,
        days: [],
      };
      msg.respond(JSON.stringify({ id, isDisposed: true, response }));
    },
  });
}

describe('POST /api/v1/reconciliation/reports: a settlement report streamed into file storage', () => {
  let dir: string;
  let storage: LocalFileStorage;
  let gateway: Gateway;
  let db: pg.Client;
  let nc: NatsConnection;
  let cashier: string;
  let citizen: string;
  let payments: Subscription | undefined;
  const asked: Asked[] = [];

  /** Every file in the storage directory (temporary ones too), relative to it. */
  const filesInStorage = async (): Promise<string[]> =>
    (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
      .filter((path) => !path.startsWith('.meta/'))
      .sort();

  /**
   * A refusal: a problem naming the fields at fault (when `errors` is given), payments not
   * asked, nothing new in storage (but `mayStore`: a file received whole before the refusal).
   */
  async function expectRefused(
    send: () => Promise<Reply>,
    status: number,
    code: string,
    errors: { field: string; code: string }[] | undefined,
    mayStore: string[] = [],
  ): Promise<void> {
    const before = await filesInStorage();
    const askedBefore = asked.length;
    const answer = await send();
    expectProblem(answer, status, code);
    if (errors)
      expect(
        (answer.body.errors as { field: string; code: string }[]).map((e) => ({
          field: e.field,
          code: e.code,
        })),
      ).toEqual(errors);
    expect((await filesInStorage()).filter((f) => !mayStore.includes(f))).toEqual(
      before.filter((f) => !mayStore.includes(f)),
    );
    expect(asked.length).toBe(askedBefore);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'civic-uploads-'));
    storage = new LocalFileStorage(dir);
    gateway = await startGateway({
      FILE_STORAGE: 'local',
      FILE_STORAGE_DIR: dir,
      GATEWAY_UPLOAD_MAX_BYTES: String(LIMIT),
      NATS_REQUEST_TIMEOUT_MS: '3000',
    });
    db = new pg.Client({
      connectionString: testEnv().databaseUrl,
      options: '-c search_path=identity',
    });
    await db.connect();
    nc = await connectNats({
      name: 'itest-uploads',
      servers: testEnv().natsUrl,
      auth: testEnv().natsAuth,
    });
    cashier = await accountToken(gateway, db, 'cashier');
    citizen = await accountToken(gateway, db, 'citizen');
  });

  afterEach(async () => {
    payments?.unsubscribe();
    payments = undefined;
    await nc.flush();
  });

  afterAll(async () => {
    await gateway?.process.stop('SIGTERM', 15_000);
    await db?.end();
    await nc?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const answering = async () => {
    payments = playPayments(nc, asked);
    await nc.flush();
  };

  it('documents the multipart body exactly: the file (text/csv) and the provider, nothing else', async () => {
    const document = (await (await fetch(`${gateway.url}/api/docs-json`)).json()) as {
      paths: Record<string, Record<string, { requestBody: unknown; responses: object }>>;
      components: { schemas: Record<string, unknown> };
    };
    const operation = document.paths[ROUTE]?.post;
    expect(operation?.requestBody).toEqual({
      required: true,
      content: {
        'multipart/form-data': {
          schema: { $ref: '#/components/schemas/SettlementReportUploadForm' },
          encoding: { file: { contentType: 'text/csv' } },
        },
      },
    });
    expect(document.components.schemas.SettlementReportUploadForm).toEqual({
      type: 'object',
      properties: {
        file: {
          type: 'string',
          format: 'binary',
          minLength: 1,
          description: expect.any(String) as unknown,
        },
        provider: {
          type: 'string',
          description: expect.any(String) as unknown,
          example: 'sandbox',
          pattern: '^[a-z][a-z0-9-]{0,39}$',
        },
      },
      required: ['file', 'provider'],
      additionalProperties: false,
    });
    expect(Object.keys(operation?.responses ?? {}).sort()).toEqual(
      ['201', '400', '401', '403', '409', '413', '415', '422', '503', '504'].sort(),
    );
  });

  it('stores the file under its SHA-256, asks payments to import it and answers what payments answers', async () => {
    await answering();
    const reply = await post(gateway, { token: cashier, body: form({ content: CSV }) });
    expect(reply.status).toBe(201);
    const request = asked.at(-1);
    expect(request?.data).toEqual({
      fileKey: `reconciliation/reports/${sha256(CSV)}`,
      sha256: sha256(CSV),
      size: Buffer.byteLength(CSV),
      fileName: 'settlement-2026-11-29.csv',
      provider: 'sandbox',
    });
    expect(request?.actor).toMatch(/^user:[0-9a-f-]+:cashier$/);
    expect(reply.body).toMatchObject({ fileKey: request?.data.fileKey, sha256: sha256(CSV) });
    // What payments will read is the file, whole, with its type.
    const stored = await storage.get(request?.data.fileKey ?? '');
    const content: Buffer[] = [];
    for await (const chunk of stored.stream) content.push(chunk as Buffer);
    expect(Buffer.concat(content).toString()).toBe(CSV);
    expect({ size: stored.size, type: stored.contentType }).toEqual({
      size: Buffer.byteLength(CSV),
      type: 'text/csv',
    });
    expect((await filesInStorage()).filter((f) => f.startsWith('.incoming'))).toEqual([]);
  });

  it('streams a file larger than any request body the gateway buffers, up to its upload limit', async () => {
    await answering();
    // Three times GATEWAY_BODY_LIMIT_BYTES (1 MiB), exactly the upload limit.
    const large = Buffer.alloc(LIMIT, 'pay_9,100,EUR,1\n');
    const reply = await post(gateway, { token: cashier, body: form({ content: large }) });
    expect(reply.status).toBe(201);
    expect(asked.at(-1)?.data).toMatchObject({ sha256: sha256(large), size: LIMIT });
    expect((await storage.head(`reconciliation/reports/${sha256(large)}`))?.size).toBe(LIMIT);
  });

  it('answers a repeat with the same Idempotency-Key and file as the first time, importing once', async () => {
    await answering();
    const key = randomUUID();
    const content = `${CSV}pay_3,500,EUR,10\n`;
    const first = await post(gateway, { token: cashier, key, body: form({ content }) });
    expect(first.status).toBe(201);
    const imports = asked.length;
    expect(asked.at(-1)?.requestKey).toEqual(expect.any(String));
    const again = await post(gateway, { token: cashier, key, body: form({ content }) });
    expect({ status: again.status, body: again.body }).toEqual({ status: 201, body: first.body });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(asked.length).toBe(imports);
    // The same key with another file is another command: refused, not imported.
    const other = await post(gateway, {
      token: cashier,
      key,
      body: form({ content: `${CSV}pay_4,1,EUR,0\n` }),
    });
    expectProblem(other, 422, 'PLATFORM.IDEMPOTENCY_KEY_REUSED');
    // Nor the same file under another name.
    expectProblem(
      await post(gateway, { token: cashier, key, body: form({ content, fileName: 'other.csv' }) }),
      422,
      'PLATFORM.IDEMPOTENCY_KEY_REUSED',
    );
    expect(asked.length).toBe(imports);
  });

  it('keeps the file when payments is not there (503), and a retry stores nothing new', async () => {
    const content = `${CSV}pay_5,700,EUR,14\n`;
    const key = randomUUID();
    expectProblem(
      await post(gateway, { token: cashier, key, body: form({ content }) }),
      503,
      'SERVICE_UNAVAILABLE',
    );
    const files = await filesInStorage();
    expect(files).toContain(`reconciliation/reports/${sha256(content)}`);
    await answering();
    // A 503 is not kept: the same key runs the command again, now answered.
    const retry = await post(gateway, { token: cashier, key, body: form({ content }) });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(await filesInStorage()).toEqual(files);
  });

  describe('refuses, naming the field, storing nothing and asking payments nothing', () => {
    beforeAll(async () => {
      payments = playPayments(nc, asked);
      await nc.flush();
    });

    it('a form without the file: 422 file REQUIRED', () =>
      expectRefused(
        () => post(gateway, { token: cashier, body: form() }),
        422,
        'VALIDATION_FAILED',
        [{ field: 'file', code: 'REQUIRED' }],
      ));

    it('an empty file: 422 file NOT_EMPTY', () =>
      expectRefused(
        () => post(gateway, { token: cashier, body: form({ content: '' }) }),
        422,
        'VALIDATION_FAILED',
        [{ field: 'file', code: 'NOT_EMPTY' }],
      ));

    it('a file input left empty (no file name): 422 file REQUIRED', () =>
      expectRefused(
        () =>
          post(gateway, {
            token: cashier,
            body:
              rawPart('provider', 'sandbox') +
              rawPart('file', '', '', 'application/octet-stream') +
              `--${BOUNDARY}--\r\n`,
            contentType: `multipart/form-data; boundary=${BOUNDARY}`,
          }),
        422,
        'VALIDATION_FAILED',
        [{ field: 'file', code: 'REQUIRED' }],
      ));

    it('a file of another type: 415 file MEDIA_TYPE', () =>
      expectRefused(
        () =>
          post(gateway, { token: cashier, body: form({ content: '\x89PNG', type: 'image/png' }) }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        [{ field: 'file', code: 'MEDIA_TYPE' }],
      ));

    it('a file over the limit: 413 file MAX_SIZE, and none of it kept', () =>
      expectRefused(
        () =>
          post(gateway, { token: cashier, body: form({ content: Buffer.alloc(LIMIT + 1, 'x') }) }),
        413,
        'PAYLOAD_TOO_LARGE',
        [{ field: 'file', code: 'MAX_SIZE' }],
      ));

    it('a body cut off inside the file: 400 file MALFORMED_MULTIPART, and none of it kept', () =>
      expectRefused(
        () =>
          post(gateway, {
            token: cashier,
            body:
              rawPart('provider', 'sandbox') +
              rawPart('file', CSV, 'cut.csv', 'text/csv').slice(0, -20),
            contentType: `multipart/form-data; boundary=${BOUNDARY}`,
          }),
        400,
        'MALFORMED_MULTIPART',
        [{ field: 'file', code: 'MALFORMED_MULTIPART' }],
      ));

    it('multipart without a boundary: 400 body MALFORMED_MULTIPART', () =>
      expectRefused(
        () => post(gateway, { token: cashier, body: 'file=1', contentType: 'multipart/form-data' }),
        400,
        'MALFORMED_MULTIPART',
        [{ field: 'body', code: 'MALFORMED_MULTIPART' }],
      ));

    it('a JSON body: 415 body MEDIA_TYPE', () =>
      expectRefused(
        () =>
          post(gateway, {
            token: cashier,
            body: JSON.stringify({ provider: 'sandbox', file: CSV }),
            contentType: 'application/json',
          }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        [{ field: 'body', code: 'MEDIA_TYPE' }],
      ));

    it('the file sent as text: 422 file IS_FILE', () =>
      expectRefused(
        () =>
          post(gateway, {
            token: cashier,
            body: rawPart('provider', 'sandbox') + rawPart('file', CSV) + `--${BOUNDARY}--\r\n`,
            contentType: `multipart/form-data; boundary=${BOUNDARY}`,
          }),
        422,
        'VALIDATION_FAILED',
        [{ field: 'file', code: 'IS_FILE' }],
      ));

    it('two files: 422 file SINGLE_FILE (the first may be kept: sent again, it changes nothing)', () =>
      expectRefused(
        () =>
          post(gateway, {
            token: cashier,
            body:
              rawPart('file', `${CSV}first\n`, 'a.csv', 'text/csv') +
              rawPart('file', `${CSV}second\n`, 'b.csv', 'text/csv') +
              rawPart('provider', 'sandbox') +
              `--${BOUNDARY}--\r\n`,
            contentType: `multipart/form-data; boundary=${BOUNDARY}`,
          }),
        422,
        'VALIDATION_FAILED',
        [{ field: 'file', code: 'SINGLE_FILE' }],
        [`reconciliation/reports/${sha256(`${CSV}first\n`)}`],
      ));

    it('a file under another field name: 422 UNKNOWN_FIELD', () =>
      expectRefused(
        () => post(gateway, { token: cashier, body: form({ name: 'report', content: CSV }) }),
        422,
        'VALIDATION_FAILED',
        [{ field: 'report', code: 'UNKNOWN_FIELD' }],
      ));

    it('anonymous (401) and a citizen (403), before reading the body', async () => {
      await expectRefused(
        () => post(gateway, { body: form({ content: `${CSV}anonymous\n` }) }),
        401,
        'IDENTITY.UNAUTHENTICATED',
        undefined,
      );
      await expectRefused(
        () => post(gateway, { token: citizen, body: form({ content: `${CSV}citizen\n` }) }),
        403,
        'IDENTITY.FORBIDDEN',
        undefined,
      );
    });

    it('multipart on a route that takes no upload: 415', async () => {
      const reply = await post(gateway, {
        token: cashier,
        path: '/api/v1/auth/logout',
        body: form({ content: CSV }),
      });
      expectProblem(reply, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });
  });

  it('leaves nothing of an upload whose client goes away half-way', async () => {
    const before = await filesInStorage();
    const askedBefore = asked.length;
    const request = httpRequest(`${gateway.url}${ROUTE}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${cashier}`,
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
      },
    });
    request.on('error', () => undefined);
    request.write(rawPart('provider', 'sandbox'));
    request.write(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="gone.csv"\r\n` +
        'Content-Type: text/csv\r\n\r\n',
    );
    request.write(Buffer.alloc(256 * 1_024, 'pay_7,1,EUR,0\n'));
    // The gateway is writing it into storage...
    await eventually(async () =>
      (await filesInStorage()).some((f) => f.startsWith('.incoming/')) ? true : undefined,
    );
    // ...when the client goes away.
    request.destroy();
    await eventually(async () =>
      JSON.stringify(await filesInStorage()) === JSON.stringify(before) ? true : undefined,
    );
    expect(await filesInStorage()).toEqual(before);
    expect(asked.length).toBe(askedBefore);
  });

  it('refuses a bad text field after the file is stored: a corrected retry stores nothing new', async () => {
    await answering();
    const content = `${CSV}pay_6,800,EUR,16\n`;
    const before = asked.length;
    const refused = await post(gateway, {
      token: cashier,
      body: form({ content }, { provider: 'Not A Provider' }),
    });
    expectProblem(refused, 422, 'VALIDATION_FAILED');
    expect((refused.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['provider']);
    const files = await filesInStorage();
    expect(files).toContain(`reconciliation/reports/${sha256(content)}`);
    expect(asked.length).toBe(before);
    expect((await post(gateway, { token: cashier, body: form({ content }) })).status).toBe(201);
    expect(await filesInStorage()).toEqual(files);
  });
});

describe('POST /api/v1/reconciliation/reports with FILE_STORAGE=s3', () => {
  let server: S3Server;
  let gateway: Gateway;
  let admin: S3Client;
  let nc: NatsConnection;
  let db: pg.Client;
  const asked: Asked[] = [];

  beforeAll(async () => {
    server = await startS3Server();
    admin = new S3Client({
      endpoint: server.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'civic-test', secretAccessKey: 'civic-test-secret' },
    });
    await admin.send(new CreateBucketCommand({ Bucket: 'civic-uploads' }));
    gateway = await startGateway({
      FILE_STORAGE: 's3',
      FILE_STORAGE_S3_ENDPOINT: server.endpoint,
      FILE_STORAGE_S3_BUCKET: 'civic-uploads',
      FILE_STORAGE_S3_REGION: 'us-east-1',
      FILE_STORAGE_S3_ACCESS_KEY_ID: 'civic-test',
      FILE_STORAGE_S3_SECRET_ACCESS_KEY: 'civic-test-secret',
      FILE_STORAGE_S3_FORCE_PATH_STYLE: 'true',
    });
    db = new pg.Client({
      connectionString: testEnv().databaseUrl,
      options: '-c search_path=identity',
    });
    await db.connect();
    nc = await connectNats({
      name: 'itest-uploads-s3',
      servers: testEnv().natsUrl,
      auth: testEnv().natsAuth,
    });
  });

  afterAll(async () => {
    await gateway?.process.stop('SIGTERM', 15_000);
    admin?.destroy();
    await server?.stop();
    await db?.end();
    await nc?.close();
  });

  it('puts the file into the bucket under its SHA-256', async () => {
    const cashier = await accountToken(gateway, db, 'cashier');
    const subscription = playPayments(nc, asked);
    await nc.flush();
    try {
      const reply = await post(gateway, { token: cashier, body: form({ content: CSV }) });
      expect(reply.status).toBe(201);
    } finally {
      subscription.unsubscribe();
    }
    const listed = await admin.send(new ListObjectsV2Command({ Bucket: 'civic-uploads' }));
    expect((listed.Contents ?? []).map((o) => [o.Key, o.Size])).toEqual([
      [`reconciliation/reports/${sha256(CSV)}`, Buffer.byteLength(CSV)],
    ]);
    expect(asked.map((a) => a.data.fileKey)).toEqual([`reconciliation/reports/${sha256(CSV)}`]);
  });
});
