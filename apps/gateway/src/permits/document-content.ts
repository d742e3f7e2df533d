import { Transform, type TransformCallback } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import type { FileScan, FileScanner } from '#storage';

/*
 * What the gateway does to a document's bytes on their way into file storage, as streams:
 * the content type is read from the bytes (never from the name or the declared type), and
 * images lose their metadata (EXIF: where and when a photo was taken, the camera).
 */

/** Bytes enough to tell a file's type (file-type reads at most ~4 kB). */
export const SNIFF_BYTES = 4_100;

/** The media type of a file's first bytes, or undefined when unknown. A PDF must start with %PDF. */
export async function sniffContentType(head: Buffer): Promise<string | undefined> {
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  const found = await fileTypeFromBuffer(head);
  if (!found || found.mime === 'application/pdf') return undefined;
  return found.mime;
}

/** A synchronous filter over a file's bytes: what to pass on for each chunk, and at the end. */
export interface ByteFilter {
  feed(chunk: Buffer): Buffer[];
  end(): Buffer[];
}

/**
 * A JPEG without its APP1 segments (Exif, XMP): the segments before the image data (SOS) are
 * read one by one and APP1 ones dropped; from SOS on, everything passes.
 */
export class JpegExifFilter implements ByteFilter {
  private buffer = Buffer.alloc(0);
  private state: 'start' | 'segments' | 'data' = 'start';

  feed(chunk: Buffer): Buffer[] {
    if (this.state === 'data') return [chunk];
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const out: Buffer[] = [];
    for (;;) {
      if (this.state === 'start') {
        if (this.buffer.length < 2) return out;
        if (this.buffer[0] !== 0xff || this.buffer[1] !== 0xd8) throw new Error('not a JPEG');
        out.push(this.buffer.subarray(0, 2));
        this.buffer = this.buffer.subarray(2);
        this.state = 'segments';
      }
      if (this.state === 'data') {
        if (this.buffer.length > 0) out.push(this.buffer);
        this.buffer = Buffer.alloc(0);
        return out;
      }
      if (this.buffer.length < 4) return out;
      if (this.buffer[0] !== 0xff) throw new Error('malformed JPEG segment');
      const marker = this.buffer[1] as number;
      if (marker === 0xda) {
        this.state = 'data';
        continue;
      }
      // Markers without a length (RSTn, TEM), and fill bytes.
      if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01 || marker === 0xff) {
        const n = marker === 0xff ? 1 : 2;
        out.push(this.buffer.subarray(0, n));
        this.buffer = this.buffer.subarray(n);
        continue;
      }
      const length = this.buffer.readUInt16BE(2);
      if (this.buffer.length < 2 + length) return out;
      if (marker !== 0xe1) out.push(this.buffer.subarray(0, 2 + length));
      this.buffer = this.buffer.subarray(2 + length);
    }
  }

  end(): Buffer[] {
    const rest = this.buffer.length > 0 ? [this.buffer] : [];
    this.buffer = Buffer.alloc(0);
    return rest;
  }
}

/** Chunks of a PNG that carry metadata, dropped: text, EXIF, time. */
const PNG_METADATA = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG without its metadata chunks (each chunk: length, type, data, CRC). */
export class PngMetadataFilter implements ByteFilter {
  private buffer = Buffer.alloc(0);
  private signed = false;

  feed(chunk: Buffer): Buffer[] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const out: Buffer[] = [];
    if (!this.signed) {
      if (this.buffer.length < 8) return out;
      if (!this.buffer.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG');
      out.push(this.buffer.subarray(0, 8));
      this.buffer = this.buffer.subarray(8);
      this.signed = true;
    }
    while (this.buffer.length >= 12) {
      const total = 12 + this.buffer.readUInt32BE(0);
      if (this.buffer.length < total) break;
      const type = this.buffer.subarray(4, 8).toString('latin1');
      if (!PNG_METADATA.has(type)) out.push(this.buffer.subarray(0, total));
      this.buffer = this.buffer.subarray(total);
    }
    return out;
  }

  end(): Buffer[] {
    const rest = this.buffer.length > 0 ? [this.buffer] : [];
    this.buffer = Buffer.alloc(0);
    return rest;
  }
}

const passThrough = (): ByteFilter => ({ feed: (chunk) => [chunk], end: () => [] });

/** The metadata filter for a sniffed type (JPEG, PNG), else one that passes everything. */
export function metadataFilter(contentType: string): ByteFilter {
  if (contentType === 'image/jpeg') return new JpegExifFilter();
  if (contentType === 'image/png') return new PngMetadataFilter();
  return passThrough();
}

export interface DocumentContentOptions {
  /** The kind's limit, on the bytes as sent. */
  maxBytes: number;
  /** The media types the kind takes, checked against the sniffed type. */
  contentTypes: readonly string[];
  scanner: FileScanner;
  tooLarge: () => Error;
  wrongType: (sniffed: string | undefined) => Error;
  refusedByScan: (reason: string) => Error;
}

/**
 * A document's bytes on their way into storage: refused past `maxBytes` (as soon as passed),
 * typed by their first bytes (refused unless one of `contentTypes`), stripped of image
 * metadata, and fed to the scanning hook, whose refusal fails the stream at its end (so the
 * storage keeps nothing). `contentType` is the sniffed type once known.
 */
export class DocumentContent extends Transform {
  contentType: string | undefined;
  private head: Buffer[] = [];
  private held = 0;
  private seen = 0;
  private byteFilter: ByteFilter | undefined;
  private scan: FileScan | undefined;

  constructor(private readonly options: DocumentContentOptions) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.options.maxBytes) return done(this.options.tooLarge());
    if (this.byteFilter) return this.pass(this.byteFilter.feed(chunk), done);
    this.head.push(chunk);
    this.held += chunk.length;
    if (this.held < SNIFF_BYTES) return done();
    this.decide(done);
  }

  override _flush(done: TransformCallback): void {
    const finish = () => {
      try {
        for (const b of (this.byteFilter as ByteFilter).end()) this.forward(b);
      } catch (error) {
        return done(error as Error);
      }
      (this.scan as FileScan).verdict().then(
        (verdict) => done(verdict.accepted ? null : this.options.refusedByScan(verdict.reason)),
        (error: unknown) => done(error as Error),
      );
    };
    if (this.byteFilter) return finish();
    this.decide((error) => (error ? done(error) : finish()));
  }

  private decide(done: TransformCallback): void {
    const head = Buffer.concat(this.head);
    this.head = [];
    sniffContentType(head).then(
      (sniffed) => {
        if (!sniffed || !this.options.contentTypes.includes(sniffed))
          return done(this.options.wrongType(sniffed));
        this.contentType = sniffed;
        this.byteFilter = metadataFilter(sniffed);
        this.scan = this.options.scanner.open(sniffed);
        this.pass(this.byteFilter.feed(head), done);
      },
      (error: unknown) => done(error as Error),
    );
  }

  private pass(buffers: Buffer[], done: TransformCallback): void {
    for (const b of buffers) this.forward(b);
    done();
  }

  private forward(buffer: Buffer): void {
    if (buffer.length === 0) return;
    this.scan?.update(buffer);
    this.push(buffer);
  }
}
