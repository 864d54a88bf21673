import { textOutline } from './chart-font.ts';

/**
 * The few SVG pieces both digest charts are made of: text, a value axis with its grid, a legend. The
 * charts are still images for an email, so they are written as SVG text directly (d3 computes the scales,
 * ticks and line paths) and rasterised by resvg: a general chart library's layout engine cost three
 * quarters of a digest's rendering time for two small static pictures.
 */

export interface ChartFrame {
  width: number;
  height: number;
  /** The plot area inside the axes and the legend. */
  plot: { left: number; right: number; top: number; bottom: number };
}

export const CHART_COLOURS = {
  easy: '#2f9e6e',
  grey: '#9aa3ad',
  high: '#d9534f',
  other: '#8fb8de',
  load: '#c9d3f5',
  loadCurrent: '#5b6bd6',
  fitness: '#1f5fbf',
  fatigue: '#e08a1e',
  form: '#8a4fbf',
  text: '#374151',
  axis: '#9ca3af',
  grid: '#e8eaee',
} as const;

const AXIS_FONT_SIZE = 13;
const LEGEND_FONT_SIZE = 14;

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A number for an SVG attribute: two decimals are below a pixel's hundredth. */
export const px = (value: number) => String(Math.round(value * 100) / 100);

/**
 * Text whose middle (not baseline) sits at `y`, as labels beside an axis or under a tick need, drawn as
 * its glyphs' outline (chart-font.ts says why). `data-label` keeps the words readable in the SVG.
 */
export function label(
  text: string,
  at: { x: number; y: number; anchor?: 'start' | 'middle' | 'end'; colour?: string; size?: number },
): string {
  const size = at.size ?? AXIS_FONT_SIZE;
  const outline = textOutline(text, size);
  const shift = { start: 0, middle: outline.width / 2, end: outline.width }[at.anchor ?? 'middle'];
  return `<path data-label="${escapeXml(text)}" transform="translate(${px(at.x - shift)} ${px(at.y + size * 0.35)})" d="${outline.path}" fill="${at.colour ?? CHART_COLOURS.text}"/>`;
}

/**
 * A value axis: its ticks as labels on one side, grid lines across the plot (or none), and its name above.
 * `scale` maps values to y pixels.
 */
export function valueAxis(
  frame: ChartFrame,
  axis: {
    scale: (value: number) => number;
    ticks: number[];
    side: 'left' | 'right';
    name: string;
    gridLines: boolean;
  },
): string {
  const { plot } = frame;
  const parts: string[] = [];
  const x = axis.side === 'left' ? plot.left - 8 : plot.right + 8;
  const anchor = axis.side === 'left' ? 'end' : 'start';
  for (const tick of axis.ticks) {
    const y = axis.scale(tick);
    if (axis.gridLines) {
      parts.push(
        `<line x1="${px(plot.left)}" x2="${px(plot.right)}" y1="${px(y)}" y2="${px(y)}" stroke="${CHART_COLOURS.grid}" stroke-width="1"/>`,
      );
    }
    parts.push(label(String(tick), { x, y, anchor }));
  }
  const nameX = axis.side === 'left' ? plot.left - 34 : plot.right + 6;
  parts.push(
    label(axis.name, { x: nameX, y: plot.top - 22, anchor: axis.side === 'left' ? 'start' : 'end' }),
  );
  return parts.join('');
}

/** The baseline the category labels hang from. */
export function categoryAxisLine(frame: ChartFrame, y: number): string {
  const { plot } = frame;
  return `<line x1="${px(plot.left)}" x2="${px(plot.right)}" y1="${px(y)}" y2="${px(y)}" stroke="${CHART_COLOURS.axis}" stroke-width="1"/>`;
}

export interface LegendEntry {
  name: string;
  colour: string;
  shape: 'box' | 'line' | 'dashed';
}

/** Legend entries in one centred row along the bottom. */
export function legend(frame: ChartFrame, entries: readonly LegendEntry[]): string {
  const icon = 16;
  const gap = 14;
  const widths = entries.map((entry) => icon + 5 + textOutline(entry.name, LEGEND_FONT_SIZE).width);
  const total = widths.reduce((sum, width) => sum + width, 0) + gap * (entries.length - 1);
  let x = (frame.width - total) / 2;
  const y = frame.height - 14;
  const parts: string[] = [];
  entries.forEach((entry, index) => {
    if (entry.shape === 'box') {
      parts.push(
        `<rect x="${px(x)}" y="${px(y - 5)}" width="${icon - 2}" height="10" rx="2" fill="${entry.colour}"/>`,
      );
    } else {
      const dash = entry.shape === 'dashed' ? ' stroke-dasharray="4 3"' : '';
      parts.push(
        `<line x1="${px(x)}" x2="${px(x + icon)}" y1="${px(y)}" y2="${px(y)}" stroke="${entry.colour}" stroke-width="2.5"${dash}/>`,
      );
    }
    parts.push(label(entry.name, { x: x + icon + 5, y, anchor: 'start', size: LEGEND_FONT_SIZE }));
    x += widths[index]! + gap;
  });
  return parts.join('');
}

export function svgDocument(frame: ChartFrame, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${frame.width}" height="${frame.height}" viewBox="0 0 ${frame.width} ${frame.height}"><rect width="100%" height="100%" fill="#ffffff"/>${body}</svg>`;
}
