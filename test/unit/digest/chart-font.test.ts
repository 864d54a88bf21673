import { readFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { CHART_GLYPHS_FILE, makeChartGlyphs } from '../../../scripts/make-chart-glyphs.ts';
import { textOutline } from '../../../src/digest/chart-font.ts';
import { label, svgDocument } from '../../../src/digest/chart-svg.ts';

/** The columns of a rasterised SVG that hold ink (any pixel darker than light grey). */
function inkedColumns(svg: string): number[] {
  const image = new Resvg(svg, { background: '#ffffff', font: { loadSystemFonts: false } }).render();
  const columns = new Set<number>();
  const { pixels, width } = image;
  for (let index = 0; index < pixels.length; index += 4) {
    if (pixels[index]! < 200) columns.add((index / 4) % width);
  }
  return [...columns].sort((a, b) => a - b);
}

describe('chart labels drawn from the glyph table', () => {
  it('is exactly what scripts/make-chart-glyphs.ts makes from the font', () => {
    expect(JSON.parse(readFileSync(CHART_GLYPHS_FILE, 'utf8'))).toEqual(makeChartGlyphs());
  });

  it('advances by each glyph and the font’s kerning', () => {
    const a = textOutline('A', 20).width;
    const v = textOutline('V', 20).width;
    // Arimo kerns "AV" together, and not "AA".
    expect(textOutline('AV', 20).width).toBeLessThan(a + v - 0.5);
    expect(textOutline('AA', 20).width).toBeCloseTo(2 * a, 6);
    expect(textOutline('Mon', 26).width).toBeCloseTo(2 * textOutline('Mon', 13).width, 6);
    expect(textOutline(' ', 13)).toMatchObject({ path: '' });
    expect(textOutline(' ', 13).width).toBeGreaterThan(0);
  });

  it('draws a character the table lacks as a question mark, never nothing', () => {
    expect(textOutline('Ж', 13)).toEqual(textOutline('?', 13));
  });

  it('puts the ink where the anchor says, as wide as the text', () => {
    const text = 'Weekly load';
    const { width } = textOutline(text, 14);
    const frame = { width: 300, height: 40, plot: { left: 0, right: 300, top: 0, bottom: 40 } };
    for (const [anchor, start] of [
      ['start', 150],
      ['middle', 150 - width / 2],
      ['end', 150 - width],
    ] as const) {
      const columns = inkedColumns(svgDocument(frame, label(text, { x: 150, y: 20, anchor, size: 14 })));
      expect(columns.length).toBeGreaterThan(width * 0.6);
      // A glyph's ink starts a little inside its advance box (side bearing) and ends inside it too.
      expect(columns[0]!).toBeGreaterThanOrEqual(Math.floor(start));
      expect(columns[0]!).toBeLessThanOrEqual(start + 3);
      expect(columns.at(-1)!).toBeLessThanOrEqual(Math.ceil(start + width));
      expect(columns.at(-1)!).toBeGreaterThanOrEqual(start + width - 3);
    }
  });
});
