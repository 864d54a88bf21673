/**
 * Writes src/digest/chart-glyphs.json: the outlines, advance widths and kerning of the characters chart
 * labels use, taken from Arimo (metric-compatible with Arial, the face the email's text asks for;
 * SIL Open Font License 1.1, from @fontsource/arimo). The charts draw their labels from this table, so
 * they need no font at run time (src/digest/chart-font.ts says why).
 *   npx tsx scripts/make-chart-glyphs.ts
 * A test regenerates the table and compares, so the JSON cannot drift from this script.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import opentype from 'opentype.js';
import type { ChartGlyphTable } from '../src/digest/chart-font.ts';

const FONT_FILE = '@fontsource/arimo/files/arimo-latin-400-normal.woff';
/** Printable ASCII, and the few typographic marks a label might carry (dashes, minus, apostrophe, ×). */
const CHARACTERS = `${String.fromCharCode(...Array.from({ length: 95 }, (_, index) => 32 + index))}–—−’×·`;

/** The table chart-font.ts reads, and where its glyphs come from. */
export interface ChartGlyphFile extends ChartGlyphTable {
  source: string;
  license: string;
}

export function makeChartGlyphs(): ChartGlyphFile {
  const bytes = readFileSync(createRequire(import.meta.url).resolve(FONT_FILE));
  const font = opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const characters = [...CHARACTERS];
  const glyphs: ChartGlyphTable['glyphs'] = {};
  for (const character of characters) {
    const glyph = font.charToGlyph(character);
    if (glyph.index === 0) throw new Error(`Arimo has no glyph for ${JSON.stringify(character)}`);
    glyphs[character] = {
      advance: glyph.advanceWidth ?? 0,
      path: glyph.getPath(0, 0, font.unitsPerEm).toPathData(0),
    };
  }
  const kerning: ChartGlyphTable['kerning'] = {};
  for (const left of characters) {
    for (const right of characters) {
      const value = font.getKerningValue(font.charToGlyph(left), font.charToGlyph(right));
      if (value) kerning[left + right] = value;
    }
  }
  return {
    source: `${FONT_FILE} ${createRequire(import.meta.url)('@fontsource/arimo/package.json').version}`,
    license: 'SIL Open Font License 1.1 (Copyright 2020 The Arimo Project Authors)',
    unitsPerEm: font.unitsPerEm,
    glyphs,
    kerning,
  };
}

export const CHART_GLYPHS_FILE = new URL('../src/digest/chart-glyphs.json', import.meta.url);

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(CHART_GLYPHS_FILE, `${JSON.stringify(makeChartGlyphs())}\n`);
  console.log(`wrote ${CHART_GLYPHS_FILE.pathname}`);
}
