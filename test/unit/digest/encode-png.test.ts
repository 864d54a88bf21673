import { describe, expect, it } from 'vitest';
import { encodePng } from '../../../src/digest/encode-png.ts';
import { SeededRandom } from '../../../src/synthetic/index.ts';
import { readPngFacts } from './png-facts.ts';

describe('encodePng', () => {
  it('stores RGBA pixels losslessly, row by row', async () => {
    const random = new SeededRandom(7);
    const width = 37;
    const height = 11;
    const pixels = Buffer.alloc(width * height * 4);
    for (let index = 0; index < pixels.length; index++) pixels[index] = random.integer(0, 255);
    const png = readPngFacts(await encodePng({ width, height, pixels }));
    expect(png).toMatchObject({ width, height, colourType: 6 });
    for (let row = 0; row < height; row++) {
      const line = png.rows.subarray(row * (width * 4 + 1), (row + 1) * (width * 4 + 1));
      expect(line[0]).toBe(0);
      expect(line.subarray(1).equals(pixels.subarray(row * width * 4, (row + 1) * width * 4))).toBe(true);
    }
  });

  it('refuses pixels that do not fill the image', async () => {
    await expect(encodePng({ width: 2, height: 2, pixels: Buffer.alloc(15) })).rejects.toThrow(RangeError);
  });
});
