import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { FileStorageError } from './file-storage.js';

/**
 * Passes the bytes of an upload through while hashing (SHA-256) and counting them, and fails
 * with `TOO_LARGE` on the first chunk that takes the total past `maxBytes` (nothing of that
 * chunk passes). Holds nothing: what it has passed on is gone.
 */
export class Metered extends Transform {
  private readonly hash = createHash('sha256');
  private bytes = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      callback(
        new FileStorageError('TOO_LARGE', `the content is larger than ${this.maxBytes} bytes`),
      );
      return;
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }

  /**
   * Bytes passed so far. (Not `size`: `@aws-sdk/lib-storage` takes a body's `size` for its
   * total length when it has one.)
   */
  get bytesPassed(): number {
    return this.bytes;
  }

  /** SHA-256 of everything passed, lowercase hex (once the stream has ended). */
  digest(): string {
    return this.hash.digest('hex');
  }
}
