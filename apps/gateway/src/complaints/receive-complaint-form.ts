import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Busboy, type BusboyHeaders } from '@fastify/busboy';
import { ProblemException, validationProblem } from '#platform';
import { isFileStorageError, type FileScanner, type FileStorage } from '#storage';
import { DocumentContent } from '../permits/document-content.js';
import { cleanFileName, malformedMultipart, StorageFailure } from '../uploads/receive-upload.js';

/** The photo types a report takes, read from the bytes (never from the name or the part). */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] as const;
/** Where photos go in the file storage: `complaints/media/<sha256>`. */
export const PHOTO_PREFIX = 'complaints/media';
/** The form field of the photo. */
export const PHOTO_FIELD = 'media';

/** A report's photo as it landed in the file storage (EXIF and PNG metadata stripped). */
export interface ReceivedPhoto {
  key: string;
  sha256: string;
  size: number;
  contentType: string;
  fileName: string;
}

export interface ReceivedComplaintForm {
  /** The text fields, as the JSON body would have them (`attribute[code]` → `attributes`). */
  body: Record<string, unknown>;
  photo?: ReceivedPhoto;
}

const problem = (field: string, code: string, message: string) =>
  validationProblem([{ field, code, message }]);

const tooLarge = (maxBytes: number) =>
  new ProblemException(
    413,
    'PAYLOAD_TOO_LARGE',
    'The request body is too large',
    `${PHOTO_FIELD} must be at most ${maxBytes} bytes`,
    [{ field: PHOTO_FIELD, code: 'MAX_SIZE', message: `at most ${maxBytes} bytes` }],
  );

const notAPhoto = (sniffed: string | undefined) =>
  new ProblemException(
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    'The photo is not of a type a report takes',
    `${PHOTO_FIELD} must be ${PHOTO_TYPES.join(', ')} by its content, not ${sniffed ?? 'of an unknown type'}`,
    [{ field: PHOTO_FIELD, code: 'MEDIA_TYPE', message: `must be ${PHOTO_TYPES.join(', ')}` }],
  );

const ATTRIBUTE_FIELD = /^attribute\[([A-Za-z0-9][A-Za-z0-9._-]{0,63})\]$/;
const NUMERIC_FIELDS = new Set(['lat', 'long']);
/** A coordinate as a form sends it (any number of decimals: `3.7199999999999998`). */
const NUMBER = /^-?\d{1,3}(\.\d+)?$/;

/** A part's JSON value (an `attributes` part, as OpenAPI encodes an object in a form), else its text. */
function jsonOrText(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/**
 * The text fields of the form as the JSON body: `attribute[code]` (repeated for a multi-value
 * list) into `attributes`, or one `attributes` part holding the JSON object, `lat`/`long` as numbers when they read as one (else left as text for
 * the validation to name), any other field once.
 */
export function formBody(
  fields: readonly (readonly [string, string])[],
): Record<string, unknown> | ProblemException {
  const body: Record<string, unknown> = {};
  const attributes: Record<string, string | string[]> = {};
  for (const [name, value] of fields) {
    const attribute = ATTRIBUTE_FIELD.exec(name);
    if (attribute) {
      const code = attribute[1]!;
      const seen = attributes[code];
      attributes[code] = seen === undefined ? value : [...[seen].flat(), value];
      continue;
    }
    if (Object.hasOwn(body, name))
      return problem(name, 'SINGLE_VALUE', `${name} must be sent once`);
    body[name] =
      name === 'attributes'
        ? jsonOrText(value)
        : NUMERIC_FIELDS.has(name) && NUMBER.test(value.trim())
          ? Number(value)
          : value;
  }
  if (Object.keys(attributes).length > 0) {
    if (Object.hasOwn(body, 'attributes'))
      return problem(
        'attributes',
        'SINGLE_VALUE',
        'attributes must come as one JSON part or as attribute[code] fields, not both',
      );
    body.attributes = attributes;
  }
  return body;
}

export interface ComplaintFormOptions {
  storage: FileStorage;
  scanner: FileScanner;
  maxBytes: number;
  /**
   * The text fields as the route's body (default `formBody`, the REST route's JSON shape; the
   * Open311 route keeps its form's own names). Its refusal is the answer.
   */
  bodyOf?: (
    fields: readonly (readonly [string, string])[],
  ) => Record<string, unknown> | ProblemException;
  /**
   * Asked with the whole form's body before the photo is stored; its refusal is the answer,
   * and nothing is stored. With it, the photo (typed, stripped and scanned on the way) waits in
   * a private temporary file until the form has ended and this check passed, so the fields may
   * come in any order and a refused report leaves no file in the storage.
   */
  beforeStore?: (body: Record<string, unknown>) => Promise<void>;
}

/**
 * Reads a report sent as multipart/form-data as it arrives: its text fields, and at most one
 * photo (`media`) streamed into the file storage through `DocumentContent` (refused past
 * `maxBytes` as soon as passed, its type read from its first bytes, EXIF / XMP / PNG text
 * stripped, the scanning hook), hashed by the storage; with `beforeStore`, only once it accepted
 * the whole form. A refused photo or report leaves nothing stored.
 */
export function receiveComplaintForm(
  raw: IncomingMessage,
  options: ComplaintFormOptions,
): Promise<ReceivedComplaintForm> {
  const bodyOf = options.bodyOf ?? formBody;
  const beforeStore = options.beforeStore;
  return new Promise((resolve, reject) => {
    let parser;
    try {
      parser = new Busboy({
        headers: raw.headers as BusboyHeaders,
        limits: { files: 1, fields: 80, fieldSize: 20_000, fieldNameSize: 100, headerPairs: 20 },
      });
    } catch (error) {
      reject(malformedMultipart('body', (error as Error).message));
      return;
    }
    const busboy = parser;
    const fields: [string, string][] = [];
    let stored: Promise<ReceivedPhoto> | undefined;
    /** With `beforeStore`: the photo's temporary file, and how it is then stored. */
    let spool: string | undefined;
    let storeSpooled: (() => Promise<ReceivedPhoto>) | undefined;
    const cleanUp = () => {
      if (spool) void rm(spool, { force: true }).catch(() => undefined);
    };
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      cleanUp();
      raw.unpipe(busboy);
      busboy.removeAllListeners();
      busboy.on('error', () => undefined);
      raw.resume();
      reject(error instanceof Error ? error : new Error(String(error)));
    };

    busboy.on('field', (name, value, _nameTruncated, valueTruncated) => {
      if (settled) return;
      if (name === PHOTO_FIELD) return fail(problem(name, 'IS_FILE', `${name} must be a file`));
      if (valueTruncated) return fail(problem(name, 'MAX_LENGTH', `${name} is too long`));
      fields.push([name, value]);
    });

    busboy.on('file', (name, stream, fileName) => {
      stream.on('error', () => undefined);
      if (settled) return void stream.resume();
      if (name !== PHOTO_FIELD) {
        stream.resume();
        return fail(problem(name, 'UNKNOWN_FIELD', `${name} is not a file field here`));
      }
      const content = new DocumentContent({
        maxBytes: options.maxBytes,
        contentTypes: PHOTO_TYPES,
        scanner: options.scanner,
        tooLarge: () => tooLarge(options.maxBytes),
        wrongType: notAPhoto,
        refusedByScan: (reason) => problem(PHOTO_FIELD, 'SCAN', reason),
      });
      let contentError: unknown;
      content.on('error', (error) => (contentError ??= error));
      stream.on('error', (error: Error) => content.destroy(error));
      stream.pipe(content);
      const refusal = (error: unknown): unknown => {
        stream.resume();
        if (contentError instanceof ProblemException) return contentError;
        if (error instanceof ProblemException) return error;
        if (isFileStorageError(error, 'TOO_LARGE')) return tooLarge(options.maxBytes);
        if (isFileStorageError(error, 'EMPTY'))
          return problem(PHOTO_FIELD, 'NOT_EMPTY', `${PHOTO_FIELD} must not be empty`);
        return new StorageFailure(error);
      };
      const put = (source: Readable): Promise<ReceivedPhoto> =>
        options.storage
          .put(PHOTO_PREFIX, source, {
            contentType: 'application/octet-stream',
            maxBytes: options.maxBytes,
          })
          .then(
            (file) => ({
              key: file.key,
              sha256: file.sha256,
              size: file.size,
              contentType: content.contentType ?? 'application/octet-stream',
              fileName: cleanFileName(fileName) || 'photo',
            }),
            (error: unknown) => {
              throw refusal(error);
            },
          );
      if (!beforeStore) stored = put(content);
      else {
        // Spooled (typed, stripped, scanned) until the whole form is checked at its end.
        const path = join(tmpdir(), `civic-photo-${randomUUID()}`);
        spool = path;
        stored = pipeline(content, createWriteStream(path, { mode: 0o600 }))
          .then(
            () => ({ key: '', sha256: '', size: 0, contentType: '', fileName: '' }),
            (error: unknown) => {
              throw refusal(error);
            },
          )
          .finally(() => {
            if (settled) cleanUp(); // refused while it was still being written
          });
        storeSpooled = () => put(createReadStream(path));
      }
      stored.catch(fail);
    });

    busboy.on('filesLimit', () => fail(problem(PHOTO_FIELD, 'SINGLE_FILE', 'one photo only')));
    busboy.on('fieldsLimit', () => fail(problem('body', 'MAX_FIELDS', 'too many fields')));
    busboy.on('error', (error: unknown) =>
      fail(malformedMultipart('body', error instanceof Error ? error.message : String(error))),
    );
    busboy.on('finish', () => {
      if (settled) return;
      const body = bodyOf(fields);
      if (body instanceof ProblemException) return fail(body);
      const received = (stored ?? Promise.resolve(undefined))
        .then(async (photo) => {
          if (!beforeStore) return photo;
          await beforeStore(body);
          return storeSpooled?.();
        })
        .finally(cleanUp);
      received.then((photo) => {
        if (settled) return;
        settled = true;
        resolve(photo ? { body, photo } : { body });
      }, fail);
    });
    raw.pipe(busboy);
  });
}
