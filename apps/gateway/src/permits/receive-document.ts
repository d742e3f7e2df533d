import type { IncomingMessage } from 'node:http';
import { Busboy, type BusboyHeaders } from '@fastify/busboy';
import type { DocumentUploadTicket } from '#contracts';
import { ProblemException, validationProblem } from '#platform';
import { isFileStorageError, type FileScanner, type FileStorage } from '#storage';
import { cleanFileName, malformedMultipart, StorageFailure } from '../uploads/receive-upload.js';
import { DocumentContent } from './document-content.js';

/** A document as it landed in file storage. */
export interface ReceivedDocument {
  kind: string;
  ticket: DocumentUploadTicket;
  key: string;
  sha256: string;
  size: number;
  contentType: string;
  fileName: string;
}

const problem = (field: string, code: string, message: string) =>
  validationProblem([{ field, code, message }]);

const tooLarge = (maxBytes: number) =>
  new ProblemException(
    413,
    'PERMITS.DOCUMENT_TOO_LARGE',
    'The document is too large',
    `file must be at most ${maxBytes} bytes`,
    [{ field: 'file', code: 'MAX_SIZE', message: `file must be at most ${maxBytes} bytes` }],
  );

const wrongType = (accepted: readonly string[], sniffed: string | undefined) =>
  new ProblemException(
    415,
    'PERMITS.DOCUMENT_CONTENT_TYPE',
    'The document is not of a type this kind takes',
    `file must be ${accepted.join(' or ')} by its content, not ${sniffed ?? 'of an unknown type'}`,
    [{ field: 'file', code: 'MEDIA_TYPE', message: `file must be ${accepted.join(' or ')}` }],
  );

const refusedByScan = (reason: string) =>
  new ProblemException(
    422,
    'PERMITS.DOCUMENT_REFUSED',
    'The document was refused by the scan',
    reason,
    [{ field: 'file', code: 'SCAN', message: reason }],
  );

/**
 * Reads a document upload (multipart: `kind`, then `file`) as it arrives. When the file part
 * comes, asks permits whether the caller may add this kind now (`begin`: phase 1, which answers
 * where the file goes and the kind's limits), then streams the file into storage through
 * `DocumentContent` (size limit while streaming, type from the bytes, image metadata stripped,
 * the scanning hook); the storage hashes it. Anything refused leaves nothing stored.
 */
export function receiveDocument(
  raw: IncomingMessage,
  options: {
    storage: FileStorage;
    scanner: FileScanner;
    /** The gateway's own ceiling for any upload. */
    maxBytes: number;
    begin: (kind: string) => Promise<DocumentUploadTicket>;
  },
): Promise<ReceivedDocument> {
  return new Promise((resolve, reject) => {
    let parser;
    try {
      parser = new Busboy({
        headers: raw.headers as BusboyHeaders,
        limits: { files: 1, fields: 5, fieldSize: 1_024, fieldNameSize: 100, headerPairs: 20 },
      });
    } catch (error) {
      reject(malformedMultipart('body', (error as Error).message));
      return;
    }
    const busboy = parser;
    let kind: string | undefined;
    let stored: Promise<ReceivedDocument> | undefined;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      raw.unpipe(busboy);
      busboy.removeAllListeners();
      busboy.on('error', () => undefined);
      raw.resume();
      reject(error as Error);
    };

    busboy.on('field', (name, value) => {
      if (settled) return;
      if (name !== 'kind') return fail(problem(name, 'UNKNOWN_FIELD', 'not a known field'));
      kind = value;
    });

    busboy.on('file', (name, stream, fileName) => {
      stream.on('error', () => undefined);
      if (settled) return void stream.resume();
      if (name !== 'file') {
        stream.resume();
        return fail(problem(name, 'UNKNOWN_FIELD', `${name} is not a file field here`));
      }
      if (kind === undefined) {
        stream.resume();
        return fail(problem('kind', 'REQUIRED', 'kind is required, before file'));
      }
      const theKind = kind;
      stored = options.begin(theKind).then(async (ticket) => {
        const maxBytes = Math.min(ticket.maxBytes, options.maxBytes);
        const content = new DocumentContent({
          maxBytes,
          contentTypes: ticket.contentTypes,
          scanner: options.scanner,
          tooLarge: () => tooLarge(maxBytes),
          wrongType: (sniffed) => wrongType(ticket.contentTypes, sniffed),
          refusedByScan,
        });
        stream.on('error', (error: Error) => content.destroy(error));
        stream.pipe(content);
        let contentError: unknown;
        content.on('error', (error) => (contentError ??= error));
        try {
          const file = await options.storage.put(ticket.storagePrefix, content, {
            contentType: 'application/octet-stream',
            maxBytes,
          });
          return {
            kind: theKind,
            ticket,
            key: file.key,
            sha256: file.sha256,
            size: file.size,
            contentType: content.contentType ?? 'application/octet-stream',
            fileName: cleanFileName(fileName) || 'document',
          };
        } catch (error) {
          stream.resume();
          if (contentError instanceof ProblemException) throw contentError;
          if (error instanceof ProblemException) throw error;
          if (isFileStorageError(error, 'TOO_LARGE')) throw tooLarge(maxBytes);
          if (isFileStorageError(error, 'EMPTY'))
            throw problem('file', 'NOT_EMPTY', 'file must not be empty');
          throw new StorageFailure(error);
        }
      });
      stored.catch((error: unknown) => {
        stream.resume();
        fail(error);
      });
    });

    busboy.on('error', (error: unknown) =>
      fail(malformedMultipart('body', error instanceof Error ? error.message : String(error))),
    );
    busboy.on('finish', () => {
      if (settled) return;
      if (!stored) return fail(problem('file', 'REQUIRED', 'file is required'));
      stored.then(
        (document) => {
          if (settled) return;
          settled = true;
          resolve(document);
        },
        () => undefined,
      );
    });
    raw.pipe(busboy);
  });
}
