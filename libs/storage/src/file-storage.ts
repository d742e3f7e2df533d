import type { Readable } from 'node:stream';

/**
 * Where files live: documents, photos, settlement reports. Files never travel over NATS (a
 * message holds 1 MB at most): the gateway streams each upload into a `FileStorage`, and the
 * owning service keeps the key and SHA-256 it is given.
 *
 * A store is **append-only and content-addressed**: `put` streams the content once, hashing
 * and counting it on the way, and files it under `<prefix>/<sha256>`. Nothing is ever
 * overwritten: the same content put again finds its key taken and changes nothing
 * (`created: false`), so a retried upload needs no clean-up and leaves no second copy. Content
 * is written to a temporary place first and only becomes visible under its key once complete:
 * a failed or refused upload (too large, empty, the client gone half-way) leaves nothing.
 *
 * An abstract class rather than an interface, so that it is also the Nest injection token.
 */
export abstract class FileStorage {
  /** Which backend this is (`local` directory or `s3`-compatible). */
  abstract readonly kind: FileStorageKind;

  /**
   * Streams `content` into the store under `<prefix>/<sha256>` and says what was stored.
   * Refuses (with a `FileStorageError`) content over `maxBytes` (`TOO_LARGE`, as soon as the
   * limit is passed: the rest is not read), empty content unless allowed (`EMPTY`), and a
   * malformed prefix (`INVALID_KEY`). A failing `content` stream rejects with its own error.
   */
  abstract put(prefix: string, content: Readable, options: PutOptions): Promise<StoredFile>;

  /** The content of `key`, streamed, with its size and media type; `NOT_FOUND` if absent. */
  abstract get(key: string): Promise<FileContent>;

  /** What is stored under `key`, or `undefined`. */
  abstract head(key: string): Promise<FileInfo | undefined>;

  /** Whether something is stored under `key`. */
  async exists(key: string): Promise<boolean> {
    return (await this.head(key)) !== undefined;
  }

  /** Releases connections (the S3 client's); the store is not used afterwards. */
  abstract close(): Promise<void>;
}

export const FILE_STORAGE_KINDS = ['local', 's3'] as const;
export type FileStorageKind = (typeof FILE_STORAGE_KINDS)[number];

export interface PutOptions {
  /** The content's media type (`text/csv`), kept with it and given back by `get`. */
  contentType: string;
  /** The largest content accepted, in bytes. */
  maxBytes: number;
  /** Whether empty content may be stored (default: refused, `EMPTY`). */
  allowEmpty?: boolean;
}

/** What a store holds under a key. */
export interface FileInfo {
  key: string;
  /** Bytes. */
  size: number;
  contentType: string;
  /** SHA-256 of the content, lowercase hex. */
  sha256: string;
}

/** The result of `put`. */
export interface StoredFile extends FileInfo {
  /** False when the same content was already stored under this key (nothing was written). */
  created: boolean;
}

export interface FileContent extends FileInfo {
  stream: Readable;
}

export type FileStorageErrorReason = 'TOO_LARGE' | 'EMPTY' | 'INVALID_KEY' | 'NOT_FOUND';

/** A refusal by the store itself (a backend's own failure is passed on as it is). */
export class FileStorageError extends Error {
  constructor(
    readonly reason: FileStorageErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'FileStorageError';
  }
}

export const isFileStorageError = (
  error: unknown,
  reason?: FileStorageErrorReason,
): error is FileStorageError =>
  error instanceof FileStorageError && (reason === undefined || error.reason === reason);

/** Temporary content while a put is under way: a name no key can take (see `assertKey`). */
export const INCOMING = '.incoming';

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const MAX_KEY_LENGTH = 512;

/**
 * A key (or a prefix) is one or more `/`-separated segments of letters, digits, `.`, `_` and
 * `-`, each starting with a letter or digit: no empty segment, no `.` or `..`, no leading `/`,
 * no backslash, nothing a file system or an S3 URL reads differently. Names starting with a
 * dot are the store's own (`.incoming`, `.meta`).
 */
export function assertKey(key: string, what: 'key' | 'prefix' = 'key'): void {
  if (
    typeof key !== 'string' ||
    key.length === 0 ||
    key.length > MAX_KEY_LENGTH ||
    !key.split('/').every((segment) => SEGMENT.test(segment))
  )
    throw new FileStorageError(
      'INVALID_KEY',
      `${what} must be 1 to ${MAX_KEY_LENGTH} characters of /-separated segments of letters, digits, '.', '_' and '-', each starting with a letter or digit`,
    );
}

/** `type/subtype` with optional parameters, nothing that could break a header. */
const MEDIA_TYPE =
  /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(\s*;\s*[a-z0-9!#$&^_.+-]+=("[^"\r\n]*"|[a-z0-9!#$&^_.+-]+))*$/i;

export function assertPutOptions(prefix: string, options: PutOptions): void {
  assertKey(prefix, 'prefix');
  if (!MEDIA_TYPE.test(options.contentType) || options.contentType.length > 255)
    throw new TypeError(`not a media type: ${JSON.stringify(options.contentType)}`);
  if (!Number.isSafeInteger(options.maxBytes) || options.maxBytes < 0)
    throw new TypeError('maxBytes must be a whole number of bytes');
}
