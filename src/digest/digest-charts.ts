import { existsSync } from 'node:fs';
import { type ResvgRenderOptions, renderAsync } from '@resvg/resvg-js';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { type ChartOption, loadTrendOption, weekIntensityOption } from './digest-chart-options.ts';
import type { DigestChartData, DigestChartId } from './digest-content.ts';
import { encodePng } from './encode-png.ts';

// Only what the two charts use: the full echarts bundle costs startup time and memory in every worker.
use([BarChart, LineChart, GridComponent, LegendComponent, SVGRenderer]);

export interface DigestChartImage {
  id: DigestChartId;
  /** The Content-ID the HTML refers to (`cid:…`). */
  cid: string;
  filename: string;
  png: Buffer;
  /** CSS pixels the image is shown at (the PNG has more, for sharp high-density screens). */
  width: number;
  height: number;
}

export const CHART_CIDS: Record<DigestChartId, string> = {
  week_intensity: 'week-intensity@weekwise',
  load_trend: 'load-trend@weekwise',
};
/**
 * Charts are laid out 480 px wide and shown 560 px wide (the 600-px email column less its padding): on a
 * phone, where the image shrinks to the screen, the labels stay legible. The PNG has twice the layout's
 * pixels, sharp on high-density screens.
 */
export const CHART_LAYOUT_WIDTH = 480;
export const CHART_DISPLAY_WIDTH = 560;
export const CHART_SCALE = 2;
const LAYOUT_HEIGHTS: Record<DigestChartId, number> = { week_intensity: 240, load_trend: 270 };

/**
 * A system font, found once per process: resvg draws no text without one, and loading every system font
 * for each image costs more than drawing it. Liberation Sans (metric-compatible with Arial, which the
 * email's text uses) parses three times faster than DejaVu Sans; either is a standard Debian package.
 */
const FONT_CANDIDATES = [
  { family: 'Liberation Sans', file: '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf' },
  { family: 'DejaVu Sans', file: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf' },
];
let setup: { fontFamily: string; resvg: ResvgRenderOptions } | null = null;

function renderSetup(): { fontFamily: string; resvg: ResvgRenderOptions } {
  if (!setup) {
    const font = FONT_CANDIDATES.find((candidate) => existsSync(candidate.file));
    setup = {
      fontFamily: font?.family ?? 'sans-serif',
      resvg: {
        fitTo: { mode: 'zoom', value: CHART_SCALE },
        background: '#ffffff',
        font: font
          ? { loadSystemFonts: false, fontFiles: [font.file], defaultFontFamily: font.family }
          : { loadSystemFonts: true },
        logLevel: 'off',
      },
    };
  }
  return setup;
}

/**
 * The digest's two images, drawn server-side: echarts lays the chart out as SVG (no browser, no canvas)
 * and resvg rasterises it on libuv's thread pool, so both images render while the caller's thread moves on.
 */
export async function renderDigestCharts(data: DigestChartData): Promise<DigestChartImage[]> {
  const { fontFamily, resvg } = renderSetup();
  const charts: Array<{ id: DigestChartId; option: ChartOption }> = [
    { id: 'week_intensity', option: weekIntensityOption(data.weekIntensity, fontFamily) },
    { id: 'load_trend', option: loadTrendOption(data.loadTrend, fontFamily) },
  ];
  return Promise.all(
    charts.map(async ({ id, option }) => {
      const svg = renderSvg(option, LAYOUT_HEIGHTS[id]);
      const image = await renderAsync(svg, resvg);
      const png = await encodePng({ width: image.width, height: image.height, pixels: image.pixels });
      return {
        id,
        cid: CHART_CIDS[id],
        filename: `${id.replace('_', '-')}.png`,
        png,
        width: CHART_DISPLAY_WIDTH,
        height: Math.round((LAYOUT_HEIGHTS[id] * CHART_DISPLAY_WIDTH) / CHART_LAYOUT_WIDTH),
      };
    }),
  );
}

function renderSvg(option: ChartOption, height: number): string {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width: CHART_LAYOUT_WIDTH, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    // Also stops zrender's animation timer, which would keep the process alive.
    chart.dispose();
  }
}
