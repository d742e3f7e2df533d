import { randomUUID } from 'node:crypto';
import { constants, createWriteStream } from 'node:fs';
import { link, mkdir, open, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  assertKey,
  assertPutOptions,
  FileStorage,
  FileStorageError,
  INCOMING,
  type FileContent,
  type FileInfo,
  type PutOptions,
  type StoredFile,
} from './file-storage.js';
import { Metered } from './metered.js';

/** What is kept beside each file (its media type and digest). */
interface Meta {
  contentType: string;
  sha256: string;
  size: number;
}

const META = '.meta';

const isCode = (error: unknown, code: string): boolean =>
  (error as NodeJS.ErrnoException | undefined)?.code === code;

/** Makes a directory entry durable (a new name in it survives a crash). */
async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Files in a local directory (the default; one machine, or a shared volume):
 *
 * ```text
 * <root>/<prefix>/<sha256>          the content, read-only once there
 * <root>/.meta/<prefix>/<sha256>.json   its media type, digest and size
 * <root>/.incoming/<uuid>           a put under way (or a process killed during one)
 * ```
 *
 * A put writes to `.incoming` (created exclusively), flushes it to disk, then gives it its
 * name with `link(2)`, which fails rather than replace an existing file: the content appears
 * whole or not at all, and never over another. The metadata goes in the same way, first. Keys
 * are checked (`assertKey`) and resolved inside the root, and reads do not follow a symbolic
 * link, so no key reaches outside the directory.
 */
export class LocalFileStorage extends FileStorage {
  readonly kind = 'local' as const;
  readonly root: string;
  private realRoot: string | undefined;

  constructor(root: string) {
    super();
    this.root = resolve(root);
  }

  async put(prefix: string, content: Readable, options: PutOptions): Promise<StoredFile> {
    assertPutOptions(prefix, options);
    const incoming = join(this.root, INCOMING);
    await mkdir(incoming, { recursive: true });
    const temp = join(incoming, randomUUID());
    const meter = new Metered(options.maxBytes);
    try {
      await pipeline(
        content,
        meter,
        // `wx`: a file of its own; `flush`: fsync before close, so it is on disk when linked.
        createWriteStream(temp, { flags: 'wx', mode: 0o440, flush: true }),
      );
      if (meter.bytesPassed === 0 && !options.allowEmpty)
        throw new FileStorageError('EMPTY', 'the content is empty');
      const sha256 = meter.digest();
      const key = `${prefix}/${sha256}`;
      const meta: Meta = { contentType: options.contentType, sha256, size: meter.bytesPassed };
      await this.linkNew(`${temp}.meta`, this.metaPath(key), JSON.stringify(meta));
      const created = await this.linkNew(temp, this.path(key));
      return { key, ...meta, created };
    } finally {
      await rm(temp, { force: true });
    }
  }

  async get(key: string): Promise<FileContent> {
    const path = this.path(key);
    let handle;
    try {
      await this.assertInside(dirname(path));
      handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (error) {
      if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR') || isCode(error, 'ELOOP'))
        throw new FileStorageError('NOT_FOUND', `no file under ${key}`);
      throw error;
    }
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) throw new FileStorageError('NOT_FOUND', `no file under ${key}`);
      const meta = await this.readMeta(key);
      return {
        key,
        size: stats.size,
        contentType: meta.contentType,
        sha256: meta.sha256,
        stream: handle.createReadStream(),
      };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async head(key: string): Promise<FileInfo | undefined> {
    const path = this.path(key);
    let handle;
    try {
      await this.assertInside(dirname(path));
      handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (error) {
      if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR') || isCode(error, 'ELOOP'))
        return undefined;
      throw error;
    }
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) return undefined;
      const meta = await this.readMeta(key);
      return { key, size: stats.size, contentType: meta.contentType, sha256: meta.sha256 };
    } finally {
      await handle.close();
    }
  }

  async close(): Promise<void> {}

  /** The file of `key`, inside the root whatever the key says (checked twice). */
  private path(key: string): string {
    assertKey(key);
    const path = resolve(this.root, key);
    if (!path.startsWith(this.root + sep))
      throw new FileStorageError('INVALID_KEY', 'key leaves the storage directory');
    return path;
  }

  /**
   * Fails with ELOOP when `dir`, symbolic links resolved, is not inside the root (a link
   * planted in the directory; the last component of a file is opened with O_NOFOLLOW).
   */
  private async assertInside(dir: string): Promise<void> {
    this.realRoot ??= await realpath(this.root);
    const real = await realpath(dir);
    if (real !== this.realRoot && !real.startsWith(this.realRoot + sep))
      throw Object.assign(new Error(`${dir} leads outside the storage directory`), {
        code: 'ELOOP',
      });
  }

  private metaPath(key: string): string {
    return join(this.root, META, `${key}.json`);
  }

  private async readMeta(key: string): Promise<Meta> {
    try {
      return JSON.parse(await readFile(this.metaPath(key), 'utf8')) as Meta;
    } catch (error) {
      if (!isCode(error, 'ENOENT')) throw error;
      // Written before the content, so only missing if someone removed it.
      return {
        contentType: 'application/octet-stream',
        sha256: key.split('/').at(-1) ?? '',
        size: 0,
      };
    }
  }

  /**
   * Gives `source` (written here from `text` if given) the name `target` unless taken: true when
   * it was new. The new name is made durable; the source is removed by the caller or here.
   */
  private async linkNew(source: string, target: string, text?: string): Promise<boolean> {
    try {
      if (text !== undefined)
        await writeFile(source, text, { flag: 'wx', mode: 0o440, flush: true });
      await mkdir(dirname(target), { recursive: true });
      await this.assertInside(dirname(target));
      try {
        await link(source, target);
      } catch (error) {
        if (isCode(error, 'EEXIST')) return false;
        throw error;
      }
      await syncDirectory(dirname(target));
      return true;
    } finally {
      if (text !== undefined) await rm(source, { force: true });
    }
  }
}
