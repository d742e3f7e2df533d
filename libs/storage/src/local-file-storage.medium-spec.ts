/**
 * The local directory store on the real file system: the behaviour every store shares, and
 * what only a directory can get wrong (a symbolic link planted inside it, a file written in
 * place, another process's puts side by side).
 */
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FileStorageError } from './file-storage.js';
import { describeFileStorage, digestOf, generated } from './file-storage.medium-fixture.js';
import { LocalFileStorage } from './local-file-storage.js';
import { createFileStorage } from './storage.config.js';

const incomingOf = async (root: string): Promise<string[]> =>
  (await readdir(join(root, '.incoming')).catch(() => [])).map((name) => `.incoming/${name}`);

describeFileStorage(
  'local directory',
  async () => {
    const root = mkdtempSync(join(tmpdir(), 'civic-files-'));
    return {
      storage: new LocalFileStorage(root),
      leftovers: () => incomingOf(root),
      close: () => rm(root, { recursive: true, force: true }),
    };
  },
  { largeBytes: 12 * 1_048_576, exclusiveCreate: true },
);

describe('LocalFileStorage', () => {
  let root: string;
  let outside: string;
  let storage: LocalFileStorage;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'civic-files-'));
    outside = mkdtempSync(join(tmpdir(), 'civic-outside-'));
    storage = new LocalFileStorage(root);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('files content under its key in the directory, read-only, with its metadata beside it', async () => {
    const stored = await storage.put('reports', Readable.from(['a,b\n']), {
      contentType: 'text/csv',
      maxBytes: 100,
    });
    const path = join(root, stored.key);
    expect(statSync(path).size).toBe(4);
    expect(statSync(path).mode & 0o222).toBe(0);
    expect(readdirSync(join(root, '.meta', 'reports'))).toEqual([`${stored.sha256}.json`]);
  });

  it('resolves a relative directory against the working directory', () => {
    const configured = createFileStorage({
      FILE_STORAGE: 'local',
      FILE_STORAGE_DIR: '.data/files',
      FILE_STORAGE_S3_ENDPOINT: '',
      FILE_STORAGE_S3_BUCKET: '',
      FILE_STORAGE_S3_REGION: 'us-east-1',
      FILE_STORAGE_S3_ACCESS_KEY_ID: '',
      FILE_STORAGE_S3_SECRET_ACCESS_KEY: '',
      FILE_STORAGE_S3_FORCE_PATH_STYLE: false,
    });
    expect(configured).toBeInstanceOf(LocalFileStorage);
    expect((configured as LocalFileStorage).root).toBe(join(process.cwd(), '.data/files'));
  });

  it('does not follow a symbolic link planted under a key to outside the directory', async () => {
    await writeFile(join(outside, 'secret'), 'not yours');
    await mkdir(join(root, 'planted'), { recursive: true });
    await symlink(join(outside, 'secret'), join(root, 'planted', 'link'));
    await symlink(outside, join(root, 'planted', 'dir'));
    for (const key of ['planted/link', 'planted/dir/secret']) {
      const refused = await storage.get(key).catch((error: unknown) => error);
      expect({ key, reason: (refused as FileStorageError).reason }).toEqual({
        key,
        reason: 'NOT_FOUND',
      });
    }
    expect(await storage.head('planted/link')).toBeUndefined();
    await expect(
      storage.put('planted/dir', Readable.from(['a,b\n']), {
        contentType: 'text/csv',
        maxBytes: 100,
      }),
    ).rejects.toMatchObject({ code: 'ELOOP' });
    expect(readdirSync(outside)).toEqual(['secret']);
    expect(await incomingOf(root)).toEqual([]);
  });

  it('answers a directory under a key as nothing stored', async () => {
    await mkdir(join(root, 'folder', 'inside'), { recursive: true });
    expect(await storage.head('folder/inside')).toBeUndefined();
    await expect(storage.get('folder/inside')).rejects.toMatchObject({ reason: 'NOT_FOUND' });
  });

  it('keeps puts side by side apart until each is complete', async () => {
    const sizes = [70_000, 140_000, 210_000];
    const stored = await Promise.all(
      sizes.map((size, i) =>
        storage.put('side-by-side', generated(size, 20 + i), {
          contentType: 'application/octet-stream',
          maxBytes: 1_000_000,
        }),
      ),
    );
    expect(stored.map((s) => s.sha256)).toEqual(sizes.map((size, i) => digestOf(size, 20 + i)));
    expect(stored.map((s) => statSync(join(root, s.key)).size)).toEqual(sizes);
    expect(await incomingOf(root)).toEqual([]);
  });
});
