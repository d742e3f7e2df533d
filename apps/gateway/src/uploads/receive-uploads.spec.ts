import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ProblemException } from '#platform';
import { AcceptingFileScanner, LocalFileStorage } from '#storage';
import { INSPECTION_PHOTOS } from '../permits/inspection-photos.js';
import { receiveUpload, type UploadContent, type UploadSpec } from './receive-upload.js';

// The upload pipeline with several files under one field (an inspection's photos), on a real
// local file storage in a temporary directory; the single-file routes' refusals stay as they
// were (their HTTP tests are test/integration/gateway-uploads.int-spec.ts).

const BOUNDARY = 'civic-test-boundary';
type Part =
  { name: string; value: string } | { name: string; file: Buffer; fileName: string; type: string };

function body(parts: Part[]): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${BOUNDARY}\r\n`));
    if ('value' in part) {
      chunks.push(
        Buffer.from(`Content-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`),
      );
    } else {
      chunks.push(
        Buffer.from(
          `Content-Disposition: form-data; name="${part.name}"; filename="${part.fileName}"\r\nContent-Type: ${part.type}\r\n\r\n`,
        ),
        part.file,
        Buffer.from('\r\n'),
      );
    }
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

/** A request whose body is `bytes`, as the gateway's raw request. */
function request(bytes: Buffer): IncomingMessage {
  const raw = new PassThrough() as PassThrough & { headers: object; complete: boolean };
  raw.headers = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };
  raw.complete = false;
  raw.on('end', () => (raw.complete = true));
  raw.end(bytes);
  return raw as unknown as IncomingMessage;
}

/** A JPEG with an Exif segment (APP1) before its image data. */
function jpegWithExif(marker: string): Buffer {
  const exif = Buffer.concat([Buffer.from('Exif\0\0'), Buffer.from(`GPS 52.52N 13.40E ${marker}`)]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1]), Buffer.from([0, exif.length + 2]), exif]);
  const jfif = Buffer.from([
    0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01,
    0x00, 0x00,
  ]);
  const sos = Buffer.from([0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    jfif,
    app1,
    sos,
    Buffer.from(`pixels-${marker}`),
    Buffer.from([0xff, 0xd9]),
  ]);
}

let root: string;
let storage: LocalFileStorage;
const scanner = new AcceptingFileScanner();
const photos: UploadSpec = { ...INSPECTION_PHOTOS, prefix: 'permits/inspections/test/photos' };
const photoContent = (): UploadContent =>
  INSPECTION_PHOTOS.content!({ maxBytes: 1_000_000, scanner });

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => {
      if (!(error instanceof ProblemException)) throw error;
      return { status: error.status, body: { code: error.code, errors: error.errors } };
    },
  );

async function storedFiles(): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => []))
      if (entry.isDirectory()) await walk(join(dir, entry.name));
      else found.push(join(dir, entry.name));
  };
  await walk(join(root, 'permits'));
  return found;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'civic-uploads-'));
  storage = new LocalFileStorage(root);
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('several files under one field', () => {
  it('stores each photo, typed by its bytes and without its EXIF, with the text fields', async () => {
    const a = jpegWithExif('a');
    const b = jpegWithExif('b');
    const received = await receiveUpload(
      request(
        body([
          { name: 'outcome', value: 'fail' },
          { name: 'findings', value: 'cracked beam' },
          // Declared as anything: the bytes decide.
          { name: 'photos', file: a, fileName: 'IMG_1.jpg', type: 'application/octet-stream' },
          { name: 'photos', file: b, fileName: 'IMG_2.jpg', type: 'image/jpeg' },
        ]),
      ),
      storage,
      photos,
      1_000_000,
      photoContent,
    );
    expect(received.fields).toEqual({ outcome: 'fail', findings: 'cracked beam' });
    expect(received.files.map((f) => [f.fileName, f.contentType])).toEqual([
      ['IMG_1.jpg', 'image/jpeg'],
      ['IMG_2.jpg', 'image/jpeg'],
    ]);
    for (const file of received.files) {
      expect(file.key.startsWith('permits/inspections/test/photos/')).toBe(true);
      const kept = await readFile(join(root, file.key));
      expect(kept.includes(Buffer.from('Exif'))).toBe(false);
      expect(kept.includes(Buffer.from('GPS'))).toBe(false);
      expect(kept.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
      expect(file.size).toBe(kept.length);
    }
  });

  it('takes a form without photos when they are optional (and an empty file input)', async () => {
    const received = await receiveUpload(
      request(
        body([
          { name: 'outcome', value: 'pass' },
          { name: 'photos', file: Buffer.alloc(0), fileName: '', type: 'application/octet-stream' },
        ]),
      ),
      storage,
      photos,
      1_000_000,
      photoContent,
    );
    expect(received).toEqual({ fields: { outcome: 'pass' }, files: [] });
  });

  it('refuses a photo that is not an image by its bytes (415 photos MEDIA_TYPE), storing nothing of it', async () => {
    const before = await storedFiles();
    const answer = await refusal(
      receiveUpload(
        request(
          body([
            { name: 'outcome', value: 'pass' },
            {
              name: 'photos',
              file: Buffer.from('%PDF-1.7 not a photo'),
              fileName: 'x.jpg',
              type: 'image/jpeg',
            },
          ]),
        ),
        storage,
        photos,
        1_000_000,
        photoContent,
      ),
    );
    expect(answer.status).toBe(415);
    expect(answer.body).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      errors: [{ field: 'photos', code: 'MEDIA_TYPE' }],
    });
    expect(await storedFiles()).toEqual(before);
  });

  it('refuses more files than the field takes (422 photos MAX_FILES)', async () => {
    const answer = await refusal(
      receiveUpload(
        request(
          body([
            ...[1, 2, 3].map((n) => ({
              name: 'photos',
              file: jpegWithExif(`m${n}`),
              fileName: `${n}.jpg`,
              type: 'image/jpeg',
            })),
          ]),
        ),
        storage,
        { ...photos, maxFiles: 2 },
        1_000_000,
        photoContent,
      ),
    );
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ errors: [{ field: 'photos', code: 'MAX_FILES' }] });
  });

  it('refuses a photo over the limit (413 photos MAX_SIZE)', async () => {
    const answer = await refusal(
      receiveUpload(
        request(
          body([
            { name: 'photos', file: jpegWithExif('big'), fileName: 'big.jpg', type: 'image/jpeg' },
          ]),
        ),
        storage,
        photos,
        1_000_000,
        () => INSPECTION_PHOTOS.content!({ maxBytes: 20, scanner }),
      ),
    );
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ errors: [{ field: 'photos', code: 'MAX_SIZE' }] });
  });
});

describe('a single-file route, as before', () => {
  const report: UploadSpec = {
    field: 'file',
    prefix: 'permits/test-reports',
    contentTypes: ['text/csv'],
  };

  it('takes one file as declared', async () => {
    const received = await receiveUpload(
      request(
        body([
          { name: 'file', file: Buffer.from('a,b\n1,2\n'), fileName: 'r.csv', type: 'text/csv' },
        ]),
      ),
      storage,
      report,
      1_000,
    );
    expect(received.files).toHaveLength(1);
    expect(received.files[0]).toMatchObject({
      contentType: 'text/csv',
      size: 8,
      fileName: 'r.csv',
    });
  });

  it('refuses a second file (SINGLE_FILE) and a form without one (REQUIRED)', async () => {
    const csv = { name: 'file', file: Buffer.from('a\n'), fileName: 'r.csv', type: 'text/csv' };
    expect(
      (await refusal(receiveUpload(request(body([csv, csv])), storage, report, 1_000))).body,
    ).toMatchObject({
      errors: [{ field: 'file', code: 'SINGLE_FILE' }],
    });
    expect(
      (
        await refusal(
          receiveUpload(request(body([{ name: 'provider', value: 'x' }])), storage, report, 1_000),
        )
      ).body,
    ).toMatchObject({ errors: [{ field: 'file', code: 'REQUIRED' }] });
  });
});
