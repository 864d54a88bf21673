import { crc32, inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/**
 * Reads a PNG the way a decoder must: signature, chunk CRCs, IHDR, and IDAT that inflates to exactly one
 * filter byte plus one row of pixels per line (`rows`, still filtered). Throws on anything a mail client
 * would refuse to show.
 */
export function readPngFacts(png: Buffer): {
  width: number;
  height: number;
  colourType: number;
  rows: Buffer;
} {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG signature');
  let offset = 8;
  let header: { width: number; height: number; bitDepth: number; colourType: number } | null = null;
  const data: Buffer[] = [];
  let ended = false;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    const expected = png.readUInt32BE(offset + 8 + length);
    if (crc32(body, crc32(png.subarray(offset + 4, offset + 8))) !== expected)
      throw new Error(`bad CRC in ${type}`);
    if (type === 'IHDR') {
      header = {
        width: body.readUInt32BE(0),
        height: body.readUInt32BE(4),
        bitDepth: body[8]!,
        colourType: body[9]!,
      };
    }
    if (type === 'IDAT') data.push(body);
    offset += 12 + length;
    if (type === 'IEND') {
      ended = true;
      break;
    }
  }
  if (!header || !ended) throw new Error('PNG without IHDR or IEND');
  const channels = CHANNELS[header.colourType];
  if (!channels) throw new Error(`unknown colour type ${header.colourType}`);
  const rowBytes = Math.ceil((header.width * channels * header.bitDepth) / 8) + 1;
  const pixels = inflateSync(Buffer.concat(data));
  if (pixels.length !== rowBytes * header.height)
    throw new Error(`IDAT holds ${pixels.length} bytes, not ${rowBytes * header.height}`);
  return { width: header.width, height: header.height, colourType: header.colourType, rows: pixels };
}
