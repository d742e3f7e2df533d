import { inflateSync } from 'node:zlib';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

/*
 * Reads a QR code back out of a rendered PDF, for the specs: finds the image XObjects pdfkit
 * wrote, turns each back into pixels and lets jsQR decode them. pdfkit embeds a PNG without an
 * alpha channel as its zlib IDAT data (FlateDecode with the PNG predictors), so the stream
 * plus a header is that PNG again.
 */

/** jsqr is CommonJS: its function is the module itself at run time, its `default` to the types. */
const jsQR = ((jsQRModule as { default?: unknown }).default ??
  jsQRModule) as typeof jsQRModule.default;

export interface PdfImage {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel. */
  rgba: Uint8ClampedArray;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes: Buffer): number => {
  let c = 0xffffffff;
  for (const b of bytes) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type: string, data: Buffer): Buffer => {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
};

const num = (dict: string, key: string): number | undefined => {
  const match = new RegExp(`/${key}\\s+(\\d+)`).exec(dict);
  return match ? Number(match[1]) : undefined;
};

/** Every image of `pdf` that is a flate-compressed PNG-predicted gray or RGB picture. */
export function pdfImages(pdf: Buffer): PdfImage[] {
  const text = pdf.toString('latin1');
  const images: PdfImage[] = [];
  const objects = /\d+ 0 obj\s*<<((?:(?!endobj)[\s\S])*?)>>\s*stream\r?\n/g;
  for (let m = objects.exec(text); m; m = objects.exec(text)) {
    const dict = m[1] as string;
    if (!/\/Subtype\s*\/Image/.test(dict) || !/\/FlateDecode/.test(dict)) continue;
    const width = num(dict, 'Width');
    const height = num(dict, 'Height');
    const length = num(dict, 'Length');
    const bits = num(dict, 'BitsPerComponent');
    if (!width || !height || !length || bits !== 8) continue;
    const start = m.index + m[0].length;
    const data = pdf.subarray(start, start + length);
    const colorType = /\/DeviceRGB/.test(dict) ? 2 : 0;
    let rgba: Uint8ClampedArray;
    if (/\/DecodeParms/.test(dict)) {
      // PNG predictors: the data is the IDAT of a PNG of this size and colour type.
      const ihdr = Buffer.alloc(13);
      ihdr.writeUInt32BE(width, 0);
      ihdr.writeUInt32BE(height, 4);
      ihdr.writeUInt8(8, 8);
      ihdr.writeUInt8(colorType, 9);
      const png = Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        chunk('IHDR', ihdr),
        chunk('IDAT', data),
        chunk('IEND', Buffer.alloc(0)),
      ]);
      rgba = new Uint8ClampedArray(PNG.sync.read(png).data);
    } else {
      const raw = inflateSync(data);
      const channels = colorType === 2 ? 3 : 1;
      rgba = new Uint8ClampedArray(width * height * 4);
      for (let i = 0; i < width * height; i++) {
        for (let c = 0; c < 3; c++)
          rgba[i * 4 + c] = raw[i * channels + (channels === 3 ? c : 0)] ?? 0;
        rgba[i * 4 + 3] = 255;
      }
    }
    images.push({ width, height, rgba });
  }
  return images;
}

/** The texts of the QR codes among the images of `pdf`. */
export function qrCodesInPdf(pdf: Buffer): string[] {
  return pdfImages(pdf).flatMap((image) => {
    const code = jsQR(image.rgba, image.width, image.height);
    return code ? [code.data] : [];
  });
}
