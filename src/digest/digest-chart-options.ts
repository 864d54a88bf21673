import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { addDays } from '../analysis/index.ts';
import type { DigestChartData } from './digest-content.ts';

/** What the two digest charts show and how: echarts options, no rendering. */
export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption
>;

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

function baseOption(fontFamily: string): ChartOption {
  return {
    animation: false,
    textStyle: { fontFamily, fontSize: 14, color: CHART_COLOURS.text },
    legend: {
      // A still image: no toggling, hover or emphasis states to compute (a fifth of echarts' time).
      selectedMode: false,
      bottom: 2,
      left: 'center',
      itemWidth: 14,
      itemHeight: 10,
      itemGap: 14,
      textStyle: { fontFamily, fontSize: 14, color: CHART_COLOURS.text },
    },
  };
}

const STILL = { silent: true, emphasis: { disabled: true }, select: { disabled: true } } as const;
const axisLabel = (fontFamily: string) => ({ fontFamily, fontSize: 13, color: CHART_COLOURS.text });
const splitLine = { lineStyle: { color: CHART_COLOURS.grid } };

export function weekIntensityOption(data: DigestChartData['weekIntensity'], fontFamily: string): ChartOption {
  type BarValue = number | { value: number; label: BarSeriesOption['label'] };
  const bar = (name: string, color: string, values: BarValue[]): BarSeriesOption => ({
    name,
    type: 'bar',
    ...STILL,
    stack: 'minutes',
    barWidth: '58%',
    itemStyle: { color },
    data: values,
  });
  // A day without training says so, rather than leaving a gap that reads like missing data.
  const rest = {
    show: true,
    position: 'top',
    formatter: 'rest',
    ...axisLabel(fontFamily),
    color: CHART_COLOURS.axis,
  } as const;
  const series = [
    bar(
      'Easy (Z1)',
      CHART_COLOURS.easy,
      data.days.map((day) =>
        day.easyMin + day.greyMin + day.highMin + day.otherMin === 0
          ? { value: 0, label: rest }
          : day.easyMin,
      ),
    ),
    bar(
      'Grey (Z2)',
      CHART_COLOURS.grey,
      data.days.map((day) => day.greyMin),
    ),
    bar(
      'Hard (Z3)',
      CHART_COLOURS.high,
      data.days.map((day) => day.highMin),
    ),
  ];
  if (data.days.some((day) => day.otherMin > 0)) {
    series.push(
      bar(
        'Other sport',
        CHART_COLOURS.other,
        data.days.map((day) => day.otherMin),
      ),
    );
  }
  return {
    ...baseOption(fontFamily),
    grid: { left: 40, right: 8, top: 30, bottom: 66 },
    xAxis: {
      type: 'category',
      data: data.days.map((day) => day.label.replace(' ', '\n')),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: CHART_COLOURS.axis } },
      axisLabel: { ...axisLabel(fontFamily), lineHeight: 15 },
    },
    yAxis: {
      type: 'value',
      name: 'minutes',
      nameTextStyle: { ...axisLabel(fontFamily), align: 'left' },
      minInterval: 10,
      boundaryGap: [0, '8%'],
      splitLine,
      axisLabel: axisLabel(fontFamily),
    },
    series,
  };
}

export function loadTrendOption(data: DigestChartData['loadTrend'], fontFamily: string): ChartOption {
  // Bars per week on one axis, lines per day on a hidden one: 8 weeks and 56 days span the same width,
  // so each week's bar stands under its own seven days.
  const firstDay = data.weeks[0]!.weekStart;
  const byDate = new Map(data.days.map((day) => [day.date, day]));
  const dates = Array.from({ length: data.weeks.length * 7 }, (_, index) => addDays(firstDay, index));
  const round = (value: number | undefined) => (value === undefined ? null : Math.round(value * 10) / 10);
  const line = (
    name: string,
    color: string,
    pick: (day: DigestChartData['loadTrend']['days'][number]) => number,
    dashed = false,
  ): LineSeriesOption => ({
    name,
    type: 'line',
    ...STILL,
    xAxisIndex: 1,
    yAxisIndex: 1,
    showSymbol: false,
    itemStyle: { color },
    lineStyle: { color, width: 2.5, type: dashed ? 'dashed' : 'solid' },
    data: dates.map((date) => {
      const day = byDate.get(date);
      return round(day ? pick(day) : undefined);
    }),
  });
  return {
    ...baseOption(fontFamily),
    grid: { left: 44, right: 36, top: 30, bottom: 54 },
    xAxis: [
      {
        type: 'category',
        data: data.weeks.map((week) => week.label),
        axisTick: { show: false },
        axisLine: { lineStyle: { color: CHART_COLOURS.axis } },
        // Every week named, the current one included: they fit, though echarts would thin them out.
        axisLabel: { ...axisLabel(fontFamily), interval: 0 },
      },
      { type: 'category', data: dates, show: false },
    ],
    yAxis: [
      {
        type: 'value',
        name: 'load / week',
        nameTextStyle: { ...axisLabel(fontFamily), align: 'left' },
        min: 0,
        splitLine,
        axisLabel: axisLabel(fontFamily),
      },
      {
        type: 'value',
        name: 'per day',
        nameTextStyle: { ...axisLabel(fontFamily), align: 'right' },
        splitLine: { show: false },
        axisLabel: axisLabel(fontFamily),
      },
    ],
    series: [
      {
        name: 'Weekly load',
        type: 'bar',
        ...STILL,
        barWidth: '62%',
        itemStyle: { color: CHART_COLOURS.load },
        data: data.weeks.map((week) => ({
          value: Math.round(week.load),
          itemStyle: { color: week.current ? CHART_COLOURS.loadCurrent : CHART_COLOURS.load },
        })),
      },
      line('Fitness', CHART_COLOURS.fitness, (day) => day.fitness),
      line('Fatigue', CHART_COLOURS.fatigue, (day) => day.fatigue),
      line('Form', CHART_COLOURS.form, (day) => day.form, true),
    ],
  };
}
