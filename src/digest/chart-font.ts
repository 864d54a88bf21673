import { readFileSync } from 'node:fs';
import svgpath from 'svgpath';

/**
 * Chart labels are drawn as glyph outlines, and resvg is given no font at all. Measured on 2 cores: resvg's
 * own text, which opens and shapes a system font for every image, was ~40 % of a chart's rendering time
 * with Liberation Sans and twice that with DejaVu Sans, and a machine with neither drew charts without
 * labels. The outlines come from a table of Arimo's glyphs made by scripts/make-chart-glyphs.ts: a font
 * parser loaded here held ~30 MB of a digest worker's memory for the hundred characters labels use.
 */
export interface ChartGlyphTable {
  unitsPerEm: number;
  /** Per character: its advance and its outline, in font units, baseline at y = 0 and y pointing down. */
  glyphs: Record<string, { advance: number; path: string }>;
  /** Per pair of characters with a kerning adjustment: the adjustment, in font units. */
  kerning: Record<string, number>;
}

let table: ChartGlyphTable | null = null;

function glyphTable(): ChartGlyphTable {
  table ??= JSON.parse(readFileSync(new URL('./chart-glyphs.json', import.meta.url), 'utf8'));
  return table!;
}

export interface TextOutline {
  /** SVG path data of the text with its baseline's left end at (0, 0). */
  path: string;
  /** How far the text advances, in the same units as the font size. */
  width: number;
}

/**
 * Labels repeat from chart to chart (weekdays, dates, ticks, the legend), so each outline is made once.
 * The cap bounds memory (~2 KB an entry).
 */
const outlines = new Map<string, TextOutline>();
const MAX_OUTLINES = 2_000;

/** Text laid out glyph by glyph with the font's kerning; a character the table lacks is drawn as "?". */
export function textOutline(text: string, fontSize: number): TextOutline {
  const key = `${fontSize}\u0000${text}`;
  let outline = outlines.get(key);
  if (!outline) {
    outline = layOut(text, fontSize);
    if (outlines.size >= MAX_OUTLINES) outlines.delete(outlines.keys().next().value!);
    outlines.set(key, outline);
  }
  return outline;
}

function layOut(text: string, fontSize: number): TextOutline {
  const { unitsPerEm, glyphs, kerning } = glyphTable();
  const scale = fontSize / unitsPerEm;
  const paths: string[] = [];
  let pen = 0;
  let previous: string | null = null;
  for (const character of text) {
    const known = glyphs[character] ? character : '?';
    const glyph = glyphs[known]!;
    if (previous) pen += kerning[previous + known] ?? 0;
    if (glyph.path) paths.push(svgpath(glyph.path).translate(pen, 0).scale(scale).round(2).toString());
    pen += glyph.advance;
    previous = known;
  }
  return { path: paths.join(''), width: pen * scale };
}
