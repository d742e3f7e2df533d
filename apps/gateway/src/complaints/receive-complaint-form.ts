import type { IncomingMessage } from 'node:http';
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
const NUMBER = /^-?\d{1,3}(\.\d{1,15})?$/;

/**
 * The text fields of the form as the JSON body: `attribute[code]` (repeated for a multi-value
 * list) into `attributes`, `lat`/`long` as numbers when they read as one (else left as text for
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
    body[name] = NUMERIC_FIELDS.has(name) && NUMBER.test(value.trim()) ? Number(value) : value;
  }
  if (Object.keys(attributes).length > 0) body.attributes = attributes;
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
   * Asked when the photo begins, with the body of the fields sent before it, before any byte of
   * the photo is stored; its refusal is the answer, and nothing is stored. With it, every text
   * field must come before the photo (one after it is refused `AFTER_MEDIA`), so that what was
   * checked is the whole report.
   */
  beforePhoto?: (body: Record<string, unknown>) => Promise<void>;
}

/**
 * Reads a report sent as multipart/form-data as it arrives: its text fields, and at most one
 * photo (`media`) streamed into the file storage through `DocumentContent` (refused past
 * `maxBytes` as soon as passed, its type read from its first bytes, EXIF / XMP / PNG text
 * stripped, the scanning hook), hashed by the storage, once `beforePhoto` (if any) accepted the
 * fields before it. A refused photo leaves nothing stored.
 */
export function receiveComplaintForm(
  raw: IncomingMessage,
  options: ComplaintFormOptions,
): Promise<ReceivedComplaintForm> {
  const bodyOf = options.bodyOf ?? formBody;
  const beforePhoto = options.beforePhoto;
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
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
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
      if (stored && beforePhoto)
        return fail(problem(name, 'AFTER_MEDIA', `${name} must come before ${PHOTO_FIELD}`));
      fields.push([name, value]);
    });

    busboy.on('file', (name, stream, fileName) => {
      stream.on('error', () => undefined);
      if (settled) return void stream.resume();
      if (name !== PHOTO_FIELD) {
        stream.resume();
        return fail(problem(name, 'UNKNOWN_FIELD', `${name} is not a file field here`));
      }
      const store = (): Promise<ReceivedPhoto> => {
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
        return options.storage
          .put(PHOTO_PREFIX, content, {
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
              stream.resume();
              if (contentError instanceof ProblemException) throw contentError;
              if (error instanceof ProblemException) throw error;
              if (isFileStorageError(error, 'TOO_LARGE')) throw tooLarge(options.maxBytes);
              if (isFileStorageError(error, 'EMPTY'))
                throw problem(PHOTO_FIELD, 'NOT_EMPTY', `${PHOTO_FIELD} must not be empty`);
              throw new StorageFailure(error);
            },
          );
      };
      // The photo waits (busboy holds the rest of the body back) while the fields are checked.
      const admitted = beforePhoto
        ? Promise.resolve(fields.slice()).then((before) => {
            const body = bodyOf(before);
            if (body instanceof ProblemException) throw body;
            return beforePhoto(body);
          })
        : undefined;
      stored = admitted
        ? admitted.then(store, (error: unknown) => {
            stream.resume();
            throw error;
          })
        : store();
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
      if (!stored) {
        settled = true;
        return resolve({ body });
      }
      stored.then(
        (photo) => {
          if (settled) return;
          settled = true;
          resolve({ body, photo });
        },
        () => undefined, // answered by the catch above
      );
    });
    raw.pipe(busboy);
  });
}
