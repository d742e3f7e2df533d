import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
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

export interface S3FileStorageOptions {
  bucket: string;
  region: string;
  /** An S3-compatible server's URL (MinIO, Ceph, a cloud's own); empty: AWS S3 itself. */
  endpoint?: string;
  /** `https://host/bucket/key` instead of `https://bucket.host/key` (most S3-compatible servers). */
  forcePathStyle?: boolean;
  /** Static credentials; without them the SDK's default chain (environment, profile, role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /**
   * Bytes per part of a multipart upload (at least 5 MiB, S3's minimum); what one upload holds
   * in memory is about this times (queueSize + 1). Smaller content goes in one PutObject.
   */
  partSizeBytes?: number;
  /** Parts sent side by side. */
  queueSize?: number;
}

/** The metadata header (`x-amz-meta-sha256`) that carries the digest with the object. */
const SHA256_META = 'sha256';
const MIB = 1_048_576;
/** CopyObject copies at most 5 GiB in one request. */
const MAX_COPY_BYTES = 5 * 1_024 * MIB;

const statusOf = (error: unknown): number | undefined =>
  error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;

/**
 * Files in an S3-compatible bucket (by configuration). A put streams the content as a
 * multipart upload (parts of `partSizeBytes`; `@aws-sdk/lib-storage`) to a temporary object
 * under `.incoming/`, hashing and counting it on the way; a refused or failed upload is
 * aborted, so no part is left behind. The complete object is then copied on the server to
 * `<prefix>/<sha256>` only if that key is free (`If-None-Match: *`), and the temporary one
 * deleted: the content appears under its key whole or not at all, never over another. A
 * process killed between the two leaves an object under `.incoming/`: give the bucket a
 * lifecycle rule that expires that prefix after a day.
 */
export class S3FileStorage extends FileStorage {
  readonly kind = 's3' as const;
  readonly bucket: string;
  private readonly client: S3Client;
  private readonly partSize: number;
  private readonly queueSize: number;

  constructor(options: S3FileStorageOptions) {
    super();
    this.bucket = options.bucket;
    this.partSize = Math.max(5 * MIB, options.partSizeBytes ?? 8 * MIB);
    this.queueSize = options.queueSize ?? 2;
    this.client = new S3Client({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      forcePathStyle: options.forcePathStyle ?? false,
      ...(options.credentials ? { credentials: options.credentials } : {}),
      // Checksums only where S3 requires them: many S3-compatible servers refuse the newer
      // default (CRC32 trailers); the content's SHA-256 is computed here anyway.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(prefix: string, content: Readable, options: PutOptions): Promise<StoredFile> {
    assertPutOptions(prefix, options);
    const maxBytes = Math.min(options.maxBytes, MAX_COPY_BYTES);
    const temp = `${INCOMING}/${randomUUID()}`;
    const meter = new Metered(maxBytes);
    // Destroys `content` if the upload stops reading (refused or failed), and fails the
    // upload if `content` fails.
    pipeline(content, meter, () => undefined);
    let uploaded = false;
    try {
      await new Upload({
        client: this.client,
        params: {
          Bucket: this.bucket,
          Key: temp,
          Body: meter,
          ContentType: options.contentType,
        },
        partSize: this.partSize,
        queueSize: this.queueSize,
        leavePartsOnError: false,
      }).done();
      uploaded = true;
      if (meter.bytesPassed === 0 && !options.allowEmpty)
        throw new FileStorageError('EMPTY', 'the content is empty');
      const sha256 = meter.digest();
      const key = `${prefix}/${sha256}`;
      const stored = { key, size: meter.bytesPassed, contentType: options.contentType, sha256 };
      if (await this.exists(key)) return { ...stored, created: false };
      try {
        await this.client.send(
          new CopyObjectCommand({
            Bucket: this.bucket,
            Key: key,
            CopySource: `${this.bucket}/${temp}`,
            IfNoneMatch: '*',
            MetadataDirective: 'REPLACE',
            ContentType: options.contentType,
            Metadata: { [SHA256_META]: sha256 },
          }),
        );
      } catch (error) {
        // Taken meanwhile by the same content (412), or being taken (409).
        const status = statusOf(error);
        if ((status === 412 || status === 409) && (await this.exists(key)))
          return { ...stored, created: false };
        throw error;
      }
      return { ...stored, created: true };
    } catch (error) {
      // The upload's own rejection may be the SDK's; the meter's refusal is the cause to tell.
      if (!uploaded && meter.errored instanceof FileStorageError) throw meter.errored;
      throw error;
    } finally {
      if (uploaded)
        await this.client
          .send(new DeleteObjectCommand({ Bucket: this.bucket, Key: temp }))
          .catch(() => undefined);
    }
  }

  async get(key: string): Promise<FileContent> {
    assertKey(key);
    try {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key }),
      );
      const body = object.Body;
      if (!(body instanceof Readable)) throw new Error('the S3 client gave no Node.js stream');
      return {
        key,
        size: object.ContentLength ?? 0,
        contentType: object.ContentType ?? 'application/octet-stream',
        sha256: object.Metadata?.[SHA256_META] ?? '',
        stream: body,
      };
    } catch (error) {
      if (statusOf(error) === 404) throw new FileStorageError('NOT_FOUND', `no file under ${key}`);
      throw error;
    }
  }

  async head(key: string): Promise<FileInfo | undefined> {
    assertKey(key);
    try {
      const object = await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: key }),
      );
      return {
        key,
        size: object.ContentLength ?? 0,
        contentType: object.ContentType ?? 'application/octet-stream',
        sha256: object.Metadata?.[SHA256_META] ?? '',
      };
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
