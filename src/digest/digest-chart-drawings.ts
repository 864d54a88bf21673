import { scaleBand, scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { addDays } from '../analysis/index.ts';
import {
  CHART_COLOURS,
  type ChartFrame,
  categoryAxisLine,
  type LegendEntry,
  label,
  legend,
  px,
  svgDocument,
  valueAxis,
} from './chart-svg.ts';
import type { DigestChartData } from './digest-content.ts';

/** What the two digest charts show and how, as SVG (rasterised by digest-charts.ts). */

/** A value scale from 0 (or below, for negative values) to a round number above the largest value. */
function valueScale(min: number, max: number, pixels: { bottom: number; top: number }, minStep = 1) {
  const scale = scaleLinear()
    .domain([Math.min(0, min), Math.max(max * 1.08, minStep * 2)])
    .range([pixels.bottom, pixels.top])
    .nice(4);
  const ticks = scale.ticks(4).filter((tick) => Number.isInteger(tick / minStep));
  return { scale, ticks };
}

export function weekIntensitySvg(
  data: DigestChartData['weekIntensity'],
  size: { width: number; height: number },
): string {
  const frame: ChartFrame = {
    ...size,
    plot: { left: 40, right: size.width - 8, top: 30, bottom: size.height - 66 },
  };
  const { plot } = frame;
  const showOther = data.days.some((day) => day.otherMin > 0);
  const totals = data.days.map((day) => day.easyMin + day.greyMin + day.highMin + day.otherMin);
  const { scale: y, ticks } = valueScale(0, Math.max(...totals), plot, 10);
  const x = scaleBand<number>()
    .domain(data.days.map((_, index) => index))
    .range([plot.left, plot.right]);
  const barWidth = x.bandwidth() * 0.58;
  const parts = [
    valueAxis(frame, { scale: y, ticks, side: 'left', name: 'minutes', gridLines: true }),
    categoryAxisLine(frame, plot.bottom),
  ];
  data.days.forEach((day, index) => {
    const centre = x(index)! + x.bandwidth() / 2;
    const [weekday, date] = day.label.split(' ');
    parts.push(label(weekday ?? day.label, { x: centre, y: plot.bottom + 14 }));
    if (date) parts.push(label(date, { x: centre, y: plot.bottom + 29 }));
    if (totals[index] === 0) {
      // A day without training says so, rather than leaving a gap that reads like missing data.
      parts.push(label('rest', { x: centre, y: plot.bottom - 12, colour: CHART_COLOURS.axis }));
      return;
    }
    let stacked = 0;
    const segments: Array<[number, string]> = [
      [day.easyMin, CHART_COLOURS.easy],
      [day.greyMin, CHART_COLOURS.grey],
      [day.highMin, CHART_COLOURS.high],
      [day.otherMin, CHART_COLOURS.other],
    ];
    for (const [minutes, colour] of segments) {
      if (minutes <= 0) continue;
      const top = y(stacked + minutes);
      parts.push(
        `<rect x="${px(centre - barWidth / 2)}" y="${px(top)}" width="${px(barWidth)}" height="${px(y(stacked) - top)}" fill="${colour}"/>`,
      );
      stacked += minutes;
    }
  });
  const entries: LegendEntry[] = [
    { name: 'Easy (Z1)', colour: CHART_COLOURS.easy, shape: 'box' },
    { name: 'Grey (Z2)', colour: CHART_COLOURS.grey, shape: 'box' },
    { name: 'Hard (Z3)', colour: CHART_COLOURS.high, shape: 'box' },
  ];
  if (showOther) entries.push({ name: 'Other sport', colour: CHART_COLOURS.other, shape: 'box' });
  parts.push(legend(frame, entries));
  return svgDocument(frame, parts.join(''));
}

export function loadTrendSvg(
  data: DigestChartData['loadTrend'],
  size: { width: number; height: number },
): string {
  const frame: ChartFrame = {
    ...size,
    plot: { left: 44, right: size.width - 36, top: 30, bottom: size.height - 54 },
  };
  const { plot } = frame;
  // Bars per week, lines per day: 8 weeks and 56 days span the same width, so each week's bar stands
  // under its own seven days.
  const firstDay = data.weeks[0]!.weekStart;
  const byDate = new Map(data.days.map((day) => [day.date, day]));
  const dates = Array.from({ length: data.weeks.length * 7 }, (_, index) => addDays(firstDay, index));
  const weekly = valueScale(0, Math.max(...data.weeks.map((week) => week.load)), plot);
  const daily = data.days.flatMap((day) => [day.fitness, day.fatigue, day.form]);
  const perDay = valueScale(Math.min(...daily, 0), Math.max(...daily, 0), plot);
  const weekX = scaleBand<number>()
    .domain(data.weeks.map((_, index) => index))
    .range([plot.left, plot.right]);
  const dayWidth = (plot.right - plot.left) / dates.length;
  const parts = [
    valueAxis(frame, { ...weekly, side: 'left', name: 'load / week', gridLines: true }),
    valueAxis(frame, { ...perDay, side: 'right', name: 'per day', gridLines: false }),
    categoryAxisLine(frame, weekly.scale(0)),
  ];
  const barWidth = weekX.bandwidth() * 0.62;
  data.weeks.forEach((week, index) => {
    const centre = weekX(index)! + weekX.bandwidth() / 2;
    const top = weekly.scale(week.load);
    const colour = week.current ? CHART_COLOURS.loadCurrent : CHART_COLOURS.load;
    parts.push(
      `<rect x="${px(centre - barWidth / 2)}" y="${px(top)}" width="${px(barWidth)}" height="${px(weekly.scale(0) - top)}" fill="${colour}"/>`,
      label(week.label, { x: centre, y: plot.bottom + 14 }),
    );
  });
  const series: Array<[keyof Omit<DigestChartData['loadTrend']['days'][number], 'date'>, string, boolean]> = [
    ['fitness', CHART_COLOURS.fitness, false],
    ['fatigue', CHART_COLOURS.fatigue, false],
    ['form', CHART_COLOURS.form, true],
  ];
  for (const [field, colour, dashed] of series) {
    // A day without a figure breaks the line rather than bridging the gap.
    const path = line<string>()
      .digits(1)
      .defined((date) => byDate.has(date))
      .x((_, index) => plot.left + (index + 0.5) * dayWidth)
      .y((date) => perDay.scale(byDate.get(date)![field]))(dates);
    if (!path) continue;
    const dash = dashed ? ' stroke-dasharray="6 4"' : '';
    parts.push(
      `<path d="${path}" fill="none" stroke="${colour}" stroke-width="2.5" stroke-linejoin="round"${dash}/>`,
    );
  }
  parts.push(
    legend(frame, [
      { name: 'Weekly load', colour: CHART_COLOURS.load, shape: 'box' },
      { name: 'Fitness', colour: CHART_COLOURS.fitness, shape: 'line' },
      { name: 'Fatigue', colour: CHART_COLOURS.fatigue, shape: 'line' },
      { name: 'Form', colour: CHART_COLOURS.form, shape: 'dashed' },
    ]),
  );
  return svgDocument(frame, parts.join(''));
}
