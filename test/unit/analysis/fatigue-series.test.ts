import { describe, expect, test } from 'vitest';
import { computeFatigueSeries } from '../../../src/analysis/fatigue-series.ts';
import { fosterMonotony } from '../../../src/analysis/load-stats.ts';
import { addDays } from '../../../src/analysis/local-week.ts';
import { RULE_SET_V1 } from '../../../src/analysis/rule-set.ts';

function daily(loads: number[], from = '2026-01-01') {
  return loads.map((load, index) => ({ date: addDays(from, index), load }));
}

describe('CTL, ATL and TSB', () => {
  test('X = X′ + (load − X′)(1 − e^(−1/N))', () => {
    const series = computeFatigueSeries(daily([100, 100, 0]), RULE_SET_V1, { start: 'zero' });
    const ctlStep = 1 - Math.exp(-1 / 42);
    const atlStep = 1 - Math.exp(-1 / 7);
    expect(series[0]?.ctl).toBeCloseTo(100 * ctlStep, 12);
    expect(series[0]?.atl).toBeCloseTo(100 * atlStep, 12);
    const ctl1 = 100 * ctlStep + (100 - 100 * ctlStep) * ctlStep;
    expect(series[1]?.ctl).toBeCloseTo(ctl1, 12);
    expect(series[2]?.ctl).toBeCloseTo(ctl1 * (1 - ctlStep), 12);
  });

  test("TSB is yesterday's CTL − ATL: today's session does not judge itself", () => {
    const series = computeFatigueSeries(daily([100, 100, 100]), RULE_SET_V1);
    expect(series[0]?.tsb).toBe(0);
    expect(series[1]?.tsb).toBeCloseTo(series[0]!.ctl - series[0]!.atl, 12);
    expect(series[2]?.tsb).toBeCloseTo(series[1]!.ctl - series[1]!.atl, 12);
  });

  test('a steady load converges: CTL and ATL meet, TSB goes to 0', () => {
    const series = computeFatigueSeries(daily(Array(600).fill(80)), RULE_SET_V1, { start: 'zero' });
    const last = series.at(-1)!;
    expect(last.ctl).toBeCloseTo(80, 2);
    expect(last.atl).toBeCloseTo(80, 6);
    expect(last.tsb).toBeCloseTo(0, 2);
  });

  test('ramp rate: CTL − CTL 7 days ago, unknown before', () => {
    const series = computeFatigueSeries(daily(Array(10).fill(50)), RULE_SET_V1);
    expect(series[6]?.rampRate).toBeNull();
    expect(series[7]?.rampRate).toBeCloseTo(series[7]!.ctl - series[0]!.ctl, 12);
  });
});

describe('ACWR (EWMA, Williams et al. 2017)', () => {
  test('λ = 2/(N+1), acute 7 over chronic 28, shown once the chronic window has filled', () => {
    const loads = Array.from({ length: 40 }, (_, index) => (index % 3 === 0 ? 0 : 60 + index));
    const series = computeFatigueSeries(daily(loads), RULE_SET_V1, { start: 'zero' });
    let acute = 0;
    let chronic = 0;
    loads.forEach((load, index) => {
      acute = (2 / 8) * load + (1 - 2 / 8) * acute;
      chronic = (2 / 29) * load + (1 - 2 / 29) * chronic;
      if (index < 27) expect(series[index]?.acwr).toBeNull();
      else expect(series[index]?.acwr).toBeCloseTo(acute / chronic, 12);
    });
  });

  test('a sudden jump after steady weeks lifts it above 1.5', () => {
    const series = computeFatigueSeries(daily([...Array(42).fill(50), ...Array(7).fill(150)]), RULE_SET_V1);
    expect(series.at(-1)?.acwr ?? 0).toBeGreaterThan(1.5);
  });

  test('seeded by default: a steady athlete imported mid-training is in balance from day one', () => {
    const series = computeFatigueSeries(daily(Array(60).fill(70)), RULE_SET_V1);
    for (const day of series) {
      expect(day.ctl).toBeCloseTo(70, 9);
      expect(day.tsb).toBeCloseTo(0, 9);
    }
    const cold = computeFatigueSeries(daily(Array(60).fill(70)), RULE_SET_V1, { start: 'zero' });
    expect(cold[20]!.tsb).toBeLessThan(-20);
  });

  test('a warm start (a stored state) gives it at once', () => {
    const series = computeFatigueSeries(daily([50]), RULE_SET_V1, {
      start: { ctl: 50, atl: 50, acuteEwma: 50, chronicEwma: 50 },
    });
    expect(series[0]?.acwr).toBeCloseTo(1, 12);
    expect(series[0]?.tsb).toBe(0);
  });
});

describe('monotony and strain (Foster 1998)', () => {
  test('mean over population SD of the 7 days, rest days as 0', () => {
    const week = [100, 0, 80, 0, 120, 0, 150];
    const mean = 450 / 7;
    const sd = Math.sqrt(week.reduce((sum, load) => sum + (load - mean) ** 2, 0) / 7);
    expect(fosterMonotony(week, 10)).toBeCloseTo(mean / sd, 12);
    const series = computeFatigueSeries(daily(week), RULE_SET_V1);
    expect(series[5]?.monotony).toBeNull();
    expect(series[6]?.monotony).toBeCloseTo(mean / sd, 12);
    expect(series[6]?.strain).toBeCloseTo(450 * (mean / sd), 9);
  });

  test('the same load every day: capped, still a number', () => {
    expect(fosterMonotony(Array(7).fill(60), 10)).toBe(10);
    expect(fosterMonotony(Array(7).fill(0), 10)).toBeNull();
  });
});

describe('days', () => {
  test('missing dates are rest days; loads on one date add up', () => {
    const series = computeFatigueSeries(
      [
        { date: '2026-03-01', load: 40 },
        { date: '2026-03-04', load: 70 },
        { date: '2026-03-04', load: 30 },
      ],
      RULE_SET_V1,
    );
    expect(series.map((day) => [day.date, day.load])).toEqual([
      ['2026-03-01', 40],
      ['2026-03-02', 0],
      ['2026-03-03', 0],
      ['2026-03-04', 100],
    ]);
  });

  test('across the daylight-saving change a day is a day', () => {
    const series = computeFatigueSeries(daily([10, 10, 10], '2026-03-28'), RULE_SET_V1);
    expect(series.map((day) => day.date)).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
  });

  test('a range extends the series over rest days', () => {
    const series = computeFatigueSeries([{ date: '2026-03-02', load: 10 }], RULE_SET_V1, {
      range: { from: '2026-03-01', to: '2026-03-05' },
    });
    expect(series).toHaveLength(5);
  });

  test('nothing given: nothing returned; the output is plain JSON', () => {
    expect(computeFatigueSeries([], RULE_SET_V1)).toEqual([]);
    const series = computeFatigueSeries(daily([0, 0, 10]), RULE_SET_V1);
    expect(JSON.parse(JSON.stringify(series))).toEqual(series);
  });
});
