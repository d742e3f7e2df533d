import type { IncomingMessage } from 'node:http';
import { Busboy, type BusboyFileStream, type BusboyHeaders } from '@fastify/busboy';
import { ProblemException, validationProblem, type FieldProblem } from '#platform';
import { isFileStorageError, type FileStorage } from '#storage';

/** What a route takes as an upload: one file field, into one place of the file storage. */
export interface UploadSpec {
  /** The form field that carries the file (`file`). */
  field: string;
  /** Where in the file storage the file goes (`reconciliation/reports`): `<prefix>/<sha256>`. */
  prefix: string;
  /** The media types the file may declare (its part's Content-Type, without parameters). */
  contentTypes: readonly string[];
}

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
  file: ReceivedFile;
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
 * Reads a multipart/form-data request as it arrives and streams its one file into the file
 * storage (hashed and counted on the way, nothing held but the current chunk), collecting the
 * text fields. Refuses, as problem+json naming the field at fault: no file (422 `REQUIRED`),
 * an empty one (422 `NOT_EMPTY`), a file that declares another media type (415 `MEDIA_TYPE`),
 * one over `maxBytes` (413 `MAX_SIZE`, as soon as it passes: the rest is not stored), a second
 * file or a file under another name, the file's field sent as text (422), text fields past their
 * limits (422), and a body that is not readable multipart (400 `MALFORMED_MULTIPART`). Whatever
 * is refused leaves nothing in the storage, except a file stored whole before a later part was
 * refused (content-addressed: stored again, it changes nothing).
 */
export function receiveUpload(
  raw: IncomingMessage,
  storage: FileStorage,
  spec: UploadSpec,
  maxBytes: number,
): Promise<ReceivedUpload> {
  return new Promise((resolve, reject) => {
    let parser;
    try {
      parser = new Busboy({
        headers: raw.headers as BusboyHeaders,
        limits: { ...LIMITS, files: 1 },
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
     * The first error of the file's stream: the part broke (the body is at fault, not the
     * storage), unless it is the storage's own refusal passed back up its pipeline.
     */
    let partError: unknown;
    let stored: Promise<ReceivedFile> | undefined;
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
      if (stored)
        void stored.then(
          () => reject(problem),
          () => reject(problem),
        );
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
      if (fileName === '') return refuse([fieldProblem(name, 'REQUIRED', `${name} is required`)]);
      const contentType = mimeType.toLowerCase();
      if (!spec.contentTypes.includes(contentType))
        return fail(unsupportedType(name, spec.contentTypes, contentType));
      stream.once('error', (error) => (partError ??= error));
      stored = storage
        .put(spec.prefix, stream, { contentType, maxBytes })
        .then((file) => ({ ...file, fileName: cleanFileName(fileName) }));
      // An early failure (too large, storage down, the part broken) ends the request at once.
      stored.catch((error: unknown) =>
        fail(
          error === partError && !isFileStorageError(error)
            ? malformedMultipart(name, `the file's part is broken: ${(error as Error).message}`)
            : storageProblem(name, error, maxBytes),
        ),
      );
    });

    busboy.on('filesLimit', () =>
      refuse([fieldProblem(spec.field, 'SINGLE_FILE', 'one file only')]),
    );
    busboy.on('fieldsLimit', () =>
      refuse([fieldProblem('body', 'MAX_FIELDS', `at most ${LIMITS.fields} fields`)]),
    );
    busboy.on('error', (error: unknown) =>
      fail(malformedMultipart(current, error instanceof Error ? error.message : String(error))),
    );
    busboy.on('finish', () => {
      if (settled) return;
      if (!stored)
        return refuse([fieldProblem(spec.field, 'REQUIRED', `${spec.field} is required`)]);
      stored.then(
        (file) => {
          if (settled) return;
          settled = true;
          stop();
          resolve({ fields, file });
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
