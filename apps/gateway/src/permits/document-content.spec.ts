import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from '@jest/globals';
import { AcceptingFileScanner, type FileScanner } from '#storage';
import {
  DocumentContent,
  JpegExifFilter,
  PngMetadataFilter,
  sniffContentType,
} from './document-content.js';

const jpeg = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x0e]),
  Buffer.from('Exif\0\0SECRET', 'latin1'),
  Buffer.from([0xff, 0xdb, 0x00, 0x04, 0x01, 0x02]),
  Buffer.from([0xff, 0xda, 0x00, 0x04, 0x01, 0x00, 0xaa, 0xbb, 0xff, 0xd9]),
]);

const pngChunk = (type: string, data: string) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, Buffer.from(type + data, 'latin1'), Buffer.alloc(4)]);
};
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  pngChunk('IHDR', '0123456789abc'),
  pngChunk('tEXt', 'Author\0Someone'),
  pngChunk('IDAT', 'pixels'),
  pngChunk('IEND', ''),
]);

/** Feeds a filter one byte at a time (the worst split a stream can give). */
const byteByByte = (filter: { feed(b: Buffer): Buffer[]; end(): Buffer[] }, input: Buffer) =>
  Buffer.concat([...[...input].flatMap((b) => filter.feed(Buffer.from([b]))), ...filter.end()]);

describe('image metadata', () => {
  it('drops the APP1 (Exif) segment of a JPEG and keeps the rest, however the bytes arrive', () => {
    const out = byteByByte(new JpegExifFilter(), jpeg);
    expect(out.toString('latin1')).not.toContain('SECRET');
    expect(out).toEqual(Buffer.concat([Buffer.from([0xff, 0xd8]), jpeg.subarray(2 + 2 + 0x0e)]));
  });

  it("drops a PNG's text chunks and keeps the image's", () => {
    const out = byteByByte(new PngMetadataFilter(), png);
    expect(out.toString('latin1')).not.toContain('Someone');
    expect(out.toString('latin1')).toContain('IDAT');
    expect(out.length).toBe(png.length - pngChunk('tEXt', 'Author\0Someone').length);
  });
});

describe("a document's content type", () => {
  it('is read from the bytes: a PDF must start with %PDF-', async () => {
    expect(await sniffContentType(Buffer.from('%PDF-1.7\n...'))).toBe('application/pdf');
    expect(await sniffContentType(Buffer.from('MZ not a pdf'))).toBe('application/x-msdownload');
    expect(await sniffContentType(Buffer.from('just some text'))).toBe(undefined);
    expect(await sniffContentType(jpeg)).toBe('image/jpeg');
  });

  const through = (input: Buffer, scanner: FileScanner = new AcceptingFileScanner()) => {
    const content = new DocumentContent({
      maxBytes: 100,
      contentTypes: ['application/pdf', 'image/jpeg'],
      scanner,
      tooLarge: () => new Error('too large'),
      wrongType: (t) => new Error(`wrong type ${t ?? 'unknown'}`),
      refusedByScan: (reason) => new Error(`refused: ${reason}`),
    });
    return buffer(Readable.from([input]).pipe(content));
  };

  it('passes an allowed type, stripped, and refuses another, a too large one and a scan refusal', async () => {
    expect((await through(jpeg)).toString('latin1')).not.toContain('SECRET');
    await expect(through(Buffer.from('GIF89a....'))).rejects.toThrow('wrong type');
    await expect(through(Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(200)]))).rejects.toThrow(
      'too large',
    );
    const refusing: FileScanner = {
      open: () => ({
        update: () => undefined,
        verdict: () => Promise.resolve({ accepted: false, reason: 'infected' }),
      }),
    };
    await expect(through(Buffer.from('%PDF-1.4'), refusing)).rejects.toThrow('refused: infected');
  });
});
