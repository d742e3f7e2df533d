/**
 * Images for upload tests: a JPEG whose APP1 Exif segment holds `secret` (a place, a camera),
 * which the gateway must strip before the photo is stored. Two photos differ once stripped only
 * if their `pixels` do.
 */
export function jpegWithExif(
  secret = 'GPS 52.5200N 13.4050E SECRET-PLACE',
  pixels: Buffer = Buffer.from([0x12, 0x34, 0x56, 0x78]),
): Buffer {
  const segment = (marker: number, body: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt16BE(0xff00 | marker, 0);
    head.writeUInt16BE(body.length + 2, 2);
    return Buffer.concat([head, body]);
  };
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    segment(0xe1, Buffer.from(`Exif\0\0${secret}`, 'latin1')),
    segment(0xdb, Buffer.alloc(65, 1)),
    segment(0xda, Buffer.from([1, 1, 0, 0, 63, 0])),
    pixels,
    Buffer.from([0xff, 0xd9]),
  ]);
}
