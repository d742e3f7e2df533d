import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import { Busboy, type BusboyFileStream, type BusboyHeaders } from '@fastify/busboy';
import { ProblemException, validationProblem, type FieldProblem } from '#platform';
import { isFileStorageError, type FileStorage } from '#storage';

/**
 * What a route takes as an upload: one file field (one file, or up to `maxFiles` parts under
 * that name), into one place of the file storage.
 */
export interface UploadSpec {
  /** The form field that carries the file (`file`), or the files (`photos`). */
  field: string;
  /** Where in the file storage the file goes (`reconciliation/reports`): `<prefix>/<sha256>`. */
  prefix: string;
  /**
   * The media types the file may declare (its part's Content-Type, without parameters), or,
   * with `content`, the types its bytes may be.
   */
  contentTypes: readonly string[];
  /** How many files the field takes (default 1: a second one is refused `SINGLE_FILE`). */
  maxFiles?: number;
  /** Whether a file must come (default true); when false a form without one is fine. */
  required?: boolean;
}

/**
 * A filter of a file's bytes on their way into storage (the type read from the bytes, image
 * metadata stripped: `DocumentContent`); its errors refuse the upload as they are, and its
 * `contentType` (once known) is the file's.
 */
export type UploadContent = Transform & { contentType?: string | undefined };

/** The file of an upload, as it landed in the file storage. */
export interface ReceivedFile {
  key: string;
  sha256: string;
  size: number;
  contentType: string;
  /** The client's name for it (no path), for people. */
  fileName: string;
  /** False when the same content was already stored (a repeated upload writes nothing). */
  created: boolean;
}

export interface ReceivedUpload {
  /** The text fields of the form (for the route's body class to validate). */
  fields: Record<string, string>;
  /** The files, in the order they came (at least one unless the spec makes them optional). */
  files: ReceivedFile[];
}

/** Text fields a form may have besides its file, and their sizes (they are held in memory). */
const LIMITS = { fields: 20, fieldSize: 1_024, fieldNameSize: 100, headerPairs: 20 };
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/;
/** Control characters, and the characters a file name may not keep. */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\\/]/gu;

const fieldProblem = (field: string, code: string, message: string): FieldProblem => ({
  field,
  code,
  message,
});

/** 400 `MALFORMED_MULTIPART`: the body is not readable multipart/form-data. */
export const malformedMultipart = (field: string, why: string): ProblemException =>
  new ProblemException(
    400,
    'MALFORMED_MULTIPART',
    'The request body is not valid multipart/form-data',
    why,
    [fieldProblem(field, 'MALFORMED_MULTIPART', why)],
  );

const tooLarge = (field: string, maxBytes: number): ProblemException =>
  new ProblemException(
    413,
    'PAYLOAD_TOO_LARGE',
    'The request body is too large',
    `${field} must be at most ${maxBytes} bytes`,
    [fieldProblem(field, 'MAX_SIZE', `${field} must be at most ${maxBytes} bytes`)],
  );

const unsupportedType = (field: string, accepted: readonly string[], got: string) =>
  new ProblemException(
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    'The request body has an unsupported media type',
    `${field} must be ${accepted.join(' or ')}, not ${got}`,
    [fieldProblem(field, 'MEDIA_TYPE', `${field} must be ${accepted.join(' or ')}, not ${got}`)],
  );

/** 415 for a body that is not multipart/form-data at all. */
export const notMultipart = (): ProblemException =>
  new ProblemException(
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    'The request body has an unsupported media type',
    'the body must be multipart/form-data',
    [fieldProblem('body', 'MEDIA_TYPE', 'the body must be multipart/form-data')],
  );

/** 503 when the file storage fails (its cause is logged by the caller). */
export class StorageFailure extends ProblemException {
  constructor(readonly storageError: unknown) {
    super(
      503,
      'STORAGE_UNAVAILABLE',
      'The file storage is not available',
      'the file could not be stored; try again',
      undefined,
      { 'retry-after': '5' },
    );
  }
}

/** A client's file name as kept: no path, no control characters, at most 255 characters. */
export const cleanFileName = (name: string): string =>
  name.replace(UNPRINTABLE, '').trim().slice(0, 255);

/**
 * Reads a multipart/form-data request as it arrives and streams its file (or each of its
 * files, one after the other as they come, up to `spec.maxFiles`) into the file
 * storage (hashed and counted on the way, nothing held but the current chunk), collecting the
 * text fields. Refuses, as problem+json naming the field at fault: no file (422 `REQUIRED`),
 * an empty one (422 `NOT_EMPTY`), a file that declares another media type (415 `MEDIA_TYPE`),
 * one over `maxBytes` (413 `MAX_SIZE`, as soon as it passes: the rest is not stored), a file
 * more than the spec takes (422 `SINGLE_FILE`, or `MAX_FILES`), a file under another name, the file's field sent as text (422), text fields past their
 * limits (422), and a body that is not readable multipart (400 `MALFORMED_MULTIPART`). Whatever
 * is refused leaves nothing in the storage, except a file stored whole before a later part was
 * refused (content-addressed: stored again, it changes nothing). With `content`, each file's
 * bytes pass through the filter it makes (the declared type is then not looked at: the bytes
 * decide), and the filter's own refusals are the answer.
 */
export function receiveUpload(
  raw: IncomingMessage,
  storage: FileStorage,
  spec: UploadSpec,
  maxBytes: number,
  content?: () => UploadContent,
): Promise<ReceivedUpload> {
  const maxFiles = spec.maxFiles ?? 1;
  return new Promise((resolve, reject) => {
    let parser;
    try {
      parser = new Busboy({
        headers: raw.headers as BusboyHeaders,
        limits: { ...LIMITS, files: maxFiles },
      });
    } catch (error) {
      // No boundary, or not multipart after all.
      reject(malformedMultipart('body', (error as Error).message));
      return;
    }
    const busboy = parser;
    const fields: Record<string, string> = {};
    let fileStream: BusboyFileStream | undefined;
    /**
     * The first error of a file's stream: the part broke (the body is at fault, not the
     * storage), unless it is the storage's own refusal passed back up its pipeline.
     */
    let partError: unknown;
    const stored: Promise<ReceivedFile>[] = [];
    /** The part being read (the field at fault when the body breaks). */
    let current = 'body';
    let settled = false;

    const stop = () => {
      raw.unpipe(busboy);
      raw.off('error', onRequestError);
      raw.off('close', onRequestClose);
      busboy.removeAllListeners();
      // A refusal or an error: whatever is left of the body is read and dropped by Node.
      busboy.on('error', () => undefined);
    };
    const fail = (problem: ProblemException) => {
      if (settled) return;
      settled = true;
      stop();
      // The storage abandons a put whose stream is destroyed, and leaves nothing of it; a put
      // that had its whole file may still finish. The answer waits for the put to settle, so
      // the storage holds what it will hold when the client hears of the refusal.
      fileStream?.destroy(new Error('upload refused'));
      if (stored.length > 0) void Promise.allSettled(stored).then(() => reject(problem));
      else reject(problem);
    };
    const refuse = (problems: FieldProblem[]) => fail(validationProblem(problems));

    const onRequestError = (error: Error) =>
      fail(malformedMultipart(current, `the request failed: ${error.message}`));
    const onRequestClose = () => {
      if (!raw.complete) fail(malformedMultipart(current, 'the request ended before its body did'));
    };
    raw.on('error', onRequestError);
    raw.on('close', onRequestClose);

    busboy.on('field', (name, value, nameTruncated, valueTruncated) => {
      if (settled) return;
      current = name;
      if (name === spec.field)
        return refuse([fieldProblem(name, 'IS_FILE', `${name} must be a file`)]);
      if (nameTruncated || !FIELD_NAME.test(name))
        return refuse([fieldProblem(name.slice(0, 100), 'UNKNOWN_FIELD', 'not a known field')]);
      if (valueTruncated)
        return refuse([
          fieldProblem(name, 'MAX_LENGTH', `${name} must be at most ${LIMITS.fieldSize} bytes`),
        ]);
      if (Object.hasOwn(fields, name))
        return refuse([fieldProblem(name, 'SINGLE_VALUE', `${name} must be sent once`)]);
      fields[name] = value;
    });

    busboy.on('file', (name, stream, fileName, _encoding, mimeType) => {
      // Destroyed with an error when refused: never an uncaught one.
      stream.on('error', () => undefined);
      if (settled) return void stream.resume();
      current = name;
      fileStream = stream;
      if (name !== spec.field)
        return refuse([fieldProblem(name, 'UNKNOWN_FIELD', `${name} is not a file field here`)]);
      // A form whose file input was left empty sends a part without a name or content.
      if (fileName === '') {
        if (spec.required === false) return void stream.resume();
        return refuse([fieldProblem(name, 'REQUIRED', `${name} is required`)]);
      }
      const declared = mimeType.toLowerCase();
      if (!content && !spec.contentTypes.includes(declared))
        return fail(unsupportedType(name, spec.contentTypes, declared));
      stream.once('error', (error) => (partError ??= error));
      const filter = content?.();
      let filterError: unknown;
      if (filter) {
        filter.on('error', (error) => (filterError ??= error));
        stream.on('error', (error: Error) => filter.destroy(error));
        stream.pipe(filter);
      }
      const put = storage
        .put(spec.prefix, filter ?? stream, {
          contentType: filter ? 'application/octet-stream' : declared,
          maxBytes,
        })
        .then((file) => ({
          ...file,
          contentType: filter?.contentType ?? file.contentType,
          fileName: cleanFileName(fileName),
        }));
      stored.push(put);
      // An early failure (too large, storage down, the part broken) ends the request at once.
      put.catch((error: unknown) =>
        fail(
          filterError instanceof ProblemException
            ? filterError
            : (error === partError || (filter && error === filterError)) &&
                !isFileStorageError(error)
              ? malformedMultipart(name, `the file's part is broken: ${(error as Error).message}`)
              : storageProblem(name, error, maxBytes),
        ),
      );
    });

    busboy.on('filesLimit', () =>
      refuse([
        maxFiles === 1
          ? fieldProblem(spec.field, 'SINGLE_FILE', 'one file only')
          : fieldProblem(spec.field, 'MAX_FILES', `at most ${maxFiles} files`),
      ]),
    );
    busboy.on('fieldsLimit', () =>
      refuse([fieldProblem('body', 'MAX_FIELDS', `at most ${LIMITS.fields} fields`)]),
    );
    busboy.on('error', (error: unknown) =>
      fail(malformedMultipart(current, error instanceof Error ? error.message : String(error))),
    );
    busboy.on('finish', () => {
      if (settled) return;
      if (stored.length === 0 && spec.required !== false)
        return refuse([fieldProblem(spec.field, 'REQUIRED', `${spec.field} is required`)]);
      Promise.all(stored).then(
        (files) => {
          if (settled) return;
          settled = true;
          stop();
          resolve({ fields, files });
        },
        () => undefined, // answered by the catch above
      );
    });

    raw.pipe(busboy);
  });
}

/** The answer to a put that failed: the store's own refusals, else the storage is down. */
function storageProblem(field: string, error: unknown, maxBytes: number): ProblemException {
  if (isFileStorageError(error, 'TOO_LARGE')) return tooLarge(field, maxBytes);
  if (isFileStorageError(error, 'EMPTY'))
    return validationProblem([fieldProblem(field, 'NOT_EMPTY', `${field} must not be empty`)]);
  return new StorageFailure(error);
}
