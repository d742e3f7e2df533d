/**
 * What every `FileStorage` does, as one spec run against each implementation: the local
 * directory (`local-file-storage.medium-spec.ts`) and S3 against a real S3-compatible server
 * (`test/integration/file-storage-s3.int-spec.ts`).
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FileStorageError, type FileStorage } from './file-storage.js';

export interface StorageUnderTest {
  storage: FileStorage;
  /** What unfinished puts left behind: temporary files or objects, open multipart uploads. */
  leftovers(): Promise<string[]>;
  close(): Promise<void>;
}

export interface BehaviourOptions {
  /** A size that takes the multipart path where there is one (S3: more than a part). */
  largeBytes: number;
  /**
   * Whether the backend makes the name of new content exclusive even against a put of the same
   * content at the same moment (a directory's link(2) does, S3's `If-None-Match: *` on
   * CopyObject does; moto ignores that header on a copy, so there two racing puts of the same
   * bytes may each write them, and both say `created`).
   */
  exclusiveCreate: boolean;
}

const CHUNK = 65_536;

/** `size` bytes made chunk by chunk (never held whole), the same for the same `seed`. */
export function generated(size: number, seed = 1): Readable {
  return Readable.from(chunks(size, seed));
}

function* chunks(size: number, seed: number): Generator<Buffer> {
  for (let offset = 0, i = 0; offset < size; offset += CHUNK, i += 1) {
    const chunk = Buffer.alloc(Math.min(CHUNK, size - offset), (seed * 31 + i) & 0xff);
    if (chunk.length >= 4) chunk.writeUInt32BE(i, 0);
    yield chunk;
  }
}

/** SHA-256 of `generated(size, seed)`, computed apart from any store. */
export function digestOf(size: number, seed = 1): string {
  const hash = createHash('sha256');
  for (const chunk of chunks(size, seed)) hash.update(chunk);
  return hash.digest('hex');
}

/** A stream that gives `size` bytes and then fails, as a client gone half-way. */
export function failingAfter(size: number, error: Error): Readable {
  return Readable.from(
    (function* () {
      yield* chunks(size, 7);
      throw error;
    })(),
  );
}

/** A stream that never ends. */
export function endless(): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; ; i += 1) yield Buffer.alloc(CHUNK, i & 0xff);
    })(),
  );
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

const refusal = async (work: Promise<unknown>): Promise<string> => {
  try {
    await work;
  } catch (error) {
    return error instanceof FileStorageError ? error.reason : `not a refusal: ${String(error)}`;
  }
  return 'accepted';
};

const CSV = 'provider_ref,amount_minor,currency\npay_1,1250,EUR\n';
const opts = { contentType: 'text/csv', maxBytes: 1_048_576 };

export function describeFileStorage(
  name: string,
  setUp: () => Promise<StorageUnderTest>,
  options: BehaviourOptions,
): void {
  describe(`FileStorage behaviour: ${name}`, () => {
    let subject: StorageUnderTest;
    let storage: FileStorage;

    beforeAll(async () => {
      subject = await setUp();
      storage = subject.storage;
    });
    afterAll(() => subject?.close());

    it('streams content in under <prefix>/<sha256>, and gives it back with its size and type', async () => {
      const stored = await storage.put('reports/sandbox', Readable.from([CSV]), opts);
      expect(stored).toEqual({
        key: `reports/sandbox/${sha256(CSV)}`,
        sha256: sha256(CSV),
        size: Buffer.byteLength(CSV),
        contentType: 'text/csv',
        created: true,
      });
      const read = await storage.get(stored.key);
      expect({ ...read, stream: undefined }).toEqual({
        key: stored.key,
        size: stored.size,
        contentType: 'text/csv',
        sha256: stored.sha256,
        stream: undefined,
      });
      expect((await readAll(read.stream)).toString()).toBe(CSV);
      expect(await storage.head(stored.key)).toEqual({
        key: stored.key,
        size: stored.size,
        contentType: 'text/csv',
        sha256: stored.sha256,
      });
      expect(await storage.exists(stored.key)).toBe(true);
      expect(await subject.leftovers()).toEqual([]);
    });

    it('hashes and counts large content as it streams past', async () => {
      const size = options.largeBytes;
      const stored = await storage.put('large', generated(size, 3), {
        contentType: 'application/octet-stream',
        maxBytes: size,
      });
      expect({ size: stored.size, sha256: stored.sha256 }).toEqual({
        size,
        sha256: digestOf(size, 3),
      });
      const read = await storage.get(stored.key);
      const hash = createHash('sha256');
      let count = 0;
      for await (const part of read.stream) {
        hash.update(part as Buffer);
        count += (part as Buffer).length;
      }
      expect({ count, sha256: hash.digest('hex') }).toEqual({ count: size, sha256: stored.sha256 });
      expect(await subject.leftovers()).toEqual([]);
    });

    it('never overwrites: the same content again finds its key taken and changes nothing', async () => {
      const first = await storage.put('again', Readable.from([CSV]), opts);
      const second = await storage.put('again', Readable.from([CSV]), {
        ...opts,
        contentType: 'text/plain',
      });
      expect({ first: first.created, second: second.created }).toEqual({
        first: true,
        second: false,
      });
      expect(second.key).toBe(first.key);
      // The first stays as it was, its media type included.
      expect(await storage.head(first.key)).toMatchObject({ contentType: 'text/csv' });
      expect(await subject.leftovers()).toEqual([]);
    });

    it('files the same content put side by side once, under one key', async () => {
      const results = await Promise.all(
        Array.from({ length: 4 }, () => storage.put('raced', generated(200_000, 5), opts)),
      );
      expect(new Set(results.map((r) => r.key))).toEqual(
        new Set([`raced/${digestOf(200_000, 5)}`]),
      );
      const created = results.filter((r) => r.created).length;
      if (options.exclusiveCreate) expect(created).toBe(1);
      else expect(created).toBeGreaterThanOrEqual(1);
      const read = await storage.get(results[0]?.key ?? '');
      expect(sha256(await readAll(read.stream))).toBe(digestOf(200_000, 5));
      expect(await subject.leftovers()).toEqual([]);
    });

    it('takes content of exactly maxBytes, refuses one byte more and leaves nothing of it', async () => {
      const limit = { contentType: 'text/csv', maxBytes: 100_000 };
      expect((await storage.put('limit', generated(100_000, 9), limit)).size).toBe(100_000);
      expect(await refusal(storage.put('limit', generated(100_001, 10), limit))).toBe('TOO_LARGE');
      expect(await storage.exists(`limit/${digestOf(100_001, 10)}`)).toBe(false);
      expect(await subject.leftovers()).toEqual([]);
    });

    it('stops reading content that passes its limit (an endless stream is refused)', async () => {
      expect(
        await refusal(
          storage.put('endless', endless(), { contentType: 'text/csv', maxBytes: 300_000 }),
        ),
      ).toBe('TOO_LARGE');
      expect(await subject.leftovers()).toEqual([]);
    });

    it('refuses large content over its limit past the multipart threshold, leaving no part behind', async () => {
      const size = options.largeBytes;
      expect(
        await refusal(
          storage.put('large-refused', generated(size + 1, 11), {
            contentType: 'text/csv',
            maxBytes: size,
          }),
        ),
      ).toBe('TOO_LARGE');
      expect(await subject.leftovers()).toEqual([]);
    });

    it('refuses empty content unless allowed', async () => {
      expect(await refusal(storage.put('empty', Readable.from([]), opts))).toBe('EMPTY');
      expect(await subject.leftovers()).toEqual([]);
      const allowed = await storage.put('empty', Readable.from([]), { ...opts, allowEmpty: true });
      expect({ size: allowed.size, sha256: allowed.sha256 }).toEqual({
        size: 0,
        sha256: sha256(''),
      });
    });

    it('leaves nothing when the content fails half-way (the client went away)', async () => {
      const gone = new Error('client went away');
      for (const size of [10_000, options.largeBytes]) {
        await expect(
          storage.put('half', failingAfter(size, gone), { ...opts, maxBytes: 2 * size }),
        ).rejects.toBe(gone);
        expect(await subject.leftovers()).toEqual([]);
      }
    });

    it('refuses keys and prefixes that could leave their place', async () => {
      const bad = [
        '',
        '/abs',
        '../escape',
        'a/../../escape',
        'a/./b',
        'a//b',
        'a/',
        '.incoming',
        '.meta/x',
        'a\\b',
        'a/b\0',
        'with space',
        'x'.repeat(600),
      ];
      for (const key of bad) {
        expect({ key, put: await refusal(storage.put(key, Readable.from([CSV]), opts)) }).toEqual({
          key,
          put: 'INVALID_KEY',
        });
        expect({ key, get: await refusal(storage.get(key)) }).toEqual({ key, get: 'INVALID_KEY' });
        expect({ key, head: await refusal(storage.head(key)) }).toEqual({
          key,
          head: 'INVALID_KEY',
        });
      }
      expect(await subject.leftovers()).toEqual([]);
    });

    it('says when nothing is stored under a key', async () => {
      const key = `reports/${'0'.repeat(64)}`;
      expect(await refusal(storage.get(key))).toBe('NOT_FOUND');
      expect(await storage.head(key)).toBeUndefined();
      expect(await storage.exists(key)).toBe(false);
    });

    it('refuses a media type that is not one', async () => {
      await expect(
        storage.put('typed', Readable.from([CSV]), {
          ...opts,
          contentType: 'text/csv\r\nX-Evil: 1',
        }),
      ).rejects.toThrow(TypeError);
    });
  });
}
