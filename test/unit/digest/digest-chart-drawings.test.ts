import { describe, expect, it } from 'vitest';
import { CHART_COLOURS } from '../../../src/digest/chart-svg.ts';
import { composeChartData } from '../../../src/digest/digest-chart-data.ts';
import { loadTrendSvg, weekIntensitySvg } from '../../../src/digest/digest-chart-drawings.ts';
import { fixtureWeek } from './digest-fixture-weeks.ts';

const SIZE = { width: 480, height: 240 };
const texts = (svg: string) => [...svg.matchAll(/data-label="([^"]*)"/g)].map((match) => match[1]);
const rects = (svg: string, colour: string) =>
  [...svg.matchAll(new RegExp(`<rect [^>]*height="([\\d.]+)" fill="${colour}"`, 'g'))].map((match) =>
    Number(match[1]),
  );

describe('the digest charts, drawn as SVG', () => {
  const data = composeChartData(fixtureWeek('balanced'));

  it('stacks each day’s minutes by zone, says "rest" on a day without training, names every day', () => {
    const svg = weekIntensitySvg(data.weekIntensity, SIZE);
    const labels = texts(svg);
    for (const day of data.weekIntensity.days) {
      for (const part of day.label.split(' ')) expect(labels).toContain(part);
    }
    const restDays = data.weekIntensity.days.filter(
      (day) => day.easyMin + day.greyMin + day.highMin + day.otherMin === 0,
    );
    expect(labels.filter((text) => text === 'rest')).toHaveLength(restDays.length);
    // One bar segment per non-zero minute count, heights in proportion to the minutes.
    const easy = data.weekIntensity.days.map((day) => day.easyMin).filter((minutes) => minutes > 0);
    const heights = rects(svg, CHART_COLOURS.easy);
    expect(heights).toHaveLength(easy.length);
    const pixelsPerMinute = heights[0]! / easy[0]!;
    for (const [index, height] of heights.entries()) {
      expect(height).toBeCloseTo(easy[index]! * pixelsPerMinute, 1);
    }
    expect(labels).toEqual(expect.arrayContaining(['minutes', 'Easy (Z1)', 'Grey (Z2)', 'Hard (Z3)']));
  });

  it('names "Other sport" in the legend only when the week has some', () => {
    const withOther = weekIntensitySvg(data.weekIntensity, SIZE);
    const runsOnly = weekIntensitySvg(
      { ...data.weekIntensity, days: data.weekIntensity.days.map((day) => ({ ...day, otherMin: 0 })) },
      SIZE,
    );
    expect(texts(withOther).includes('Other sport')).toBe(
      data.weekIntensity.days.some((day) => day.otherMin > 0),
    );
    expect(texts(runsOnly)).not.toContain('Other sport');
  });

  it('draws eight weekly loads (this week darker) under fitness, fatigue and a dashed form line', () => {
    const svg = loadTrendSvg(data.loadTrend, { width: 480, height: 270 });
    const labels = texts(svg);
    for (const week of data.loadTrend.weeks) expect(labels).toContain(week.label);
    const loaded = data.loadTrend.weeks.filter((week) => week.load > 0);
    expect(rects(svg, CHART_COLOURS.loadCurrent)).toHaveLength(1);
    expect(rects(svg, CHART_COLOURS.load)).toHaveLength(data.loadTrend.weeks.length - 1);
    expect(loaded.length).toBeGreaterThan(0);
    for (const colour of [CHART_COLOURS.fitness, CHART_COLOURS.fatigue, CHART_COLOURS.form]) {
      expect(svg).toMatch(new RegExp(`<path d="M[^"]+" fill="none" stroke="${colour}"`));
    }
    expect(svg).toMatch(new RegExp(`stroke="${CHART_COLOURS.form}"[^>]*stroke-dasharray`));
    expect(labels).toEqual(expect.arrayContaining(['load / week', 'per day', 'Fitness', 'Fatigue', 'Form']));
  });

  it('escapes what it writes as text', () => {
    const days = data.weekIntensity.days.map((day, index) =>
      index === 0 ? { ...day, label: '<b>Mon 1' } : day,
    );
    const svg = weekIntensitySvg({ ...data.weekIntensity, days }, SIZE);
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&#60;b&#62;Mon');
  });
});
