import { describe, expect, test } from 'vitest';
import { type AlertCode, detectAlerts } from '../../../src/analysis/alerts.ts';
import type { FatigueDay } from '../../../src/analysis/fatigue-series.ts';
import { addDays } from '../../../src/analysis/local-week.ts';
import { RULE_SET_V1 } from '../../../src/analysis/rule-set.ts';
import type { ActivityAnalysis } from '../../../src/analysis/types.ts';
import type { DaySummary } from '../../../src/analysis/week-types.ts';
import { analyze } from './builders.ts';
import { streams } from './stream-builder.ts';

const FROM = '2026-03-01';

function series(values: Partial<FatigueDay>[]): FatigueDay[] {
  return values.map((value, index) => ({
    date: addDays(FROM, index),
    load: 50,
    ctl: 50,
    atl: 50,
    tsb: 0,
    rampRate: 0,
    acwr: 1,
    monotony: 1.2,
    strain: 400,
    ...value,
  }));
}

function days(hardDays: number[], length = 14): DaySummary[] {
  return Array.from({ length }, (_, index) => ({
    date: addDays(FROM, index),
    load: 0,
    sessions: hardDays.includes(index) ? 1 : 0,
    runs: hardDays.includes(index) ? 1 : 0,
    runningTimeS: 0,
    zones: { z1: 0, z2: 0, z3: 0 },
    hardRuns: hardDays.includes(index) ? 1 : 0,
    longRun: false,
    stress: hardDays.includes(index),
    rest: !hardDays.includes(index),
    easy: !hardDays.includes(index),
    rolling7: {
      load: 0,
      runs: 0,
      runningTimeS: 0,
      hardDays: 0,
      zones: { z1: 0, z2: 0, z3: 0 },
      easyShare: null,
    },
  }));
}

function codes(input: {
  series?: FatigueDay[];
  days?: DaySummary[];
  analyses?: ActivityAnalysis[];
}): AlertCode[] {
  return detectAlerts(
    { series: input.series ?? [], days: input.days ?? [], analyses: input.analyses ?? [] },
    RULE_SET_V1,
  ).map((alert) => alert.code);
}

describe('daily alerts, raised and not raised', () => {
  test.each<[AlertCode, string, Partial<FatigueDay>, boolean]>([
    ['low_form', 'TSB −31', { tsb: -31 }, true],
    ['low_form', 'TSB −30', { tsb: -30 }, false],
    ['acwr_high', 'ACWR 1.51', { acwr: 1.51 }, true],
    ['acwr_high', 'ACWR 1.5', { acwr: 1.5 }, false],
    ['acwr_high', 'ACWR unknown', { acwr: null }, false],
    ['high_monotony', 'monotony 2.01', { monotony: 2.01 }, true],
    ['high_monotony', 'monotony 2.0', { monotony: 2 }, false],
  ])('%s: %s → %s', (code, _name, day, raised) => {
    expect(codes({ series: series([{}, day, {}]) }).includes(code)).toBe(raised);
  });

  test('consecutive days make one episode, with its worst day and evidence', () => {
    const alerts = detectAlerts(
      {
        series: series([{ tsb: -31 }, { tsb: -35 }, { tsb: -32 }, { tsb: -10 }, { tsb: -40 }]),
        days: [],
        analyses: [],
      },
      RULE_SET_V1,
    );
    expect(alerts.map((alert) => [alert.from, alert.to, alert.worstDate, alert.value])).toEqual([
      ['2026-03-01', '2026-03-03', '2026-03-02', -35],
      ['2026-03-05', '2026-03-05', '2026-03-05', -40],
    ]);
    expect(alerts[0]?.evidence).toBe(
      'form (TSB) down to -35 from 2026-03-01 to 2026-03-03 (alert below -30)',
    );
    expect(alerts[0]?.caveat).toContain('guide');
  });
});

describe('3+ hard days in any 7', () => {
  test.each([
    ['three within 7 days', [0, 2, 6], true],
    ['three spread over 8 days', [0, 3, 7], false],
    ['two', [0, 2], false],
  ])('%s', (_name, hardDays, raised) => {
    expect(codes({ days: days(hardDays) }).includes('hard_days_cluster')).toBe(raised);
  });
});

describe('long run survival', () => {
  const base = analyze(streams().minutes(10, 130).minutes(45, 140).minutes(45, 150));

  test('raised for a survival long run, with its figures', () => {
    const alerts = detectAlerts({ series: [], days: [], analyses: [base] }, RULE_SET_V1);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ code: 'long_run_survival', activityId: base.activityId, threshold: 5 });
    expect(alerts[0]?.evidence).toContain('decoupling 6.7%');
  });

  test('not raised for a progression long run', () => {
    const steady = analyze(streams().minutes(100, 140));
    expect(codes({ analyses: [steady] })).toEqual([]);
  });
});

describe('heart rate at pace drifting on easy runs', () => {
  const template = analyze(streams().minutes(45, 145));
  const easyRun = (dayIndex: number, efficiencyFactor: number): ActivityAnalysis => ({
    ...template,
    activityId: `run-${dayIndex}`,
    localDate: addDays(FROM, dayIndex),
    startTime: `${addDays(FROM, dayIndex)}T07:00:00.000Z`,
    efficiencyFactor,
  });
  const baseline = [0, 4, 8, 12, 16, 20, 24].map((day) => easyRun(day, 1.5));

  test('raised when recent easy runs cover 5%+ less ground per beat', () => {
    const recent = [29, 31, 33].map((day) => easyRun(day, 1.4));
    const alerts = detectAlerts({ series: [], days: [], analyses: [...baseline, ...recent] }, RULE_SET_V1);
    expect(alerts.map((alert) => alert.code)).toEqual(['heart_rate_at_pace_drift']);
    expect(alerts[0]?.value).toBeCloseTo((0.1 / 1.5) * 100, 6);
    expect(alerts[0]?.evidence).toContain('less ground per heartbeat');
  });

  test('not raised for a small change', () => {
    const recent = [29, 31, 33].map((day) => easyRun(day, 1.45));
    expect(codes({ analyses: [...baseline, ...recent] })).toEqual([]);
  });

  test('not raised on too few runs', () => {
    const recent = [31, 33].map((day) => easyRun(day, 1.3));
    expect(codes({ analyses: [...baseline, ...recent] })).toEqual([]);
  });
});
