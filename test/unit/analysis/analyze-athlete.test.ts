import { describe, expect, test } from 'vitest';
import { analyzeAthlete } from '../../../src/analysis/analyze-athlete.ts';
import { RULE_SET_V1 } from '../../../src/analysis/rule-set.ts';
import type { ActivityInput } from '../../../src/analysis/types.ts';
import { weekToJson } from '../../../src/analysis/week-json.ts';
import { activity, athlete } from './builders.ts';
import { streams } from './stream-builder.ts';

const intervals = () =>
  streams()
    .minutes(15, 135, 3)
    .minutes(4, 176, 4.4)
    .minutes(2, 140, 2.8)
    .minutes(4, 176, 4.4)
    .minutes(2, 140, 2.8)
    .minutes(4, 176, 4.4)
    .minutes(2, 140, 2.8)
    .minutes(4, 176, 4.4)
    .minutes(10, 135, 3);
const tempo = () => streams().minutes(15, 135, 3).minutes(20, 165, 3.9).minutes(10, 135, 3);
const easy = (minutes: number) => streams().minutes(minutes, 142, 3);
const long = () => streams().minutes(10, 135, 3).minutes(95, 143, 3.1);

/** Eight weeks of a sound plan from Monday 2026-01-05, then a week that doubles the load. */
function plan(): ActivityInput[] {
  const activities: ActivityInput[] = [];
  const add = (
    day: number,
    builder: ReturnType<typeof streams> | null,
    extra: Parameters<typeof activity>[1] = {},
  ) => {
    const start = new Date(Date.UTC(2026, 0, 5 + day, 7));
    activities.push(
      activity(builder, { start: start.toISOString(), id: `d${day}-${activities.length}`, ...extra }),
    );
  };
  for (let week = 0; week < 9; week++) {
    const base = week * 7;
    const spike = week === 8;
    add(base, easy(40));
    add(base + 1, intervals());
    add(base + 2, easy(45));
    add(base + 2, null, { sport: 'strength', manual: true, movingTimeS: 1800 });
    add(base + 3, tempo());
    add(base + 4, easy(40));
    add(base + 6, long());
    if (spike) {
      add(base + 2, intervals());
      add(base + 4, tempo());
      add(base + 5, easy(80));
    }
  }
  return activities;
}

describe('one athlete, end to end', () => {
  const report = analyzeAthlete(athlete(), plan(), { from: '2026-02-02', to: '2026-03-08' }, RULE_SET_V1);

  test('weeks, days and fatigue cover the range', () => {
    expect(report.weeks.map((week) => week.weekStart)).toEqual([
      '2026-02-02',
      '2026-02-09',
      '2026-02-16',
      '2026-02-23',
      '2026-03-02',
    ]);
    expect(report.days).toHaveLength(35);
    expect(report.fatigue.map((day) => day.date)).toEqual(report.days.map((day) => day.date));
    expect(report.analyses.every((analysis) => analysis.ruleSetVersion === '2026.1')).toBe(true);
  });

  test('a sound week is balanced', () => {
    const week = report.weeks[1]!;
    expect(week.runs.map((run) => run.purpose)).toEqual([
      'aerobic',
      'intervals',
      'aerobic',
      'tempo',
      'aerobic',
      'long',
    ]);
    expect(week.facts.hardSessions).toBe(2);
    expect(week.judgement.flags).toEqual([]);
    expect(week.judgement.verdict).toBe('balanced');
    expect(week.facts.loadRatio).toBeCloseTo(1, 6);
  });

  test('the doubled week is a load spike with hard days packed, and the coach sees it only then', () => {
    const week = report.weeks[4]!;
    expect(week.judgement.flags).toEqual([
      'load_spike',
      'too_many_hard',
      'hard_days_packed',
      'high_monotony',
    ]);
    expect(week.judgement.verdict).toBe('load spike');
    expect(new Set(report.alerts.map((alert) => alert.code))).toEqual(
      new Set(['hard_days_cluster', 'high_monotony']),
    );
    for (const alert of report.alerts) expect(alert.from >= '2026-03-02').toBe(true);
  });

  test("every week renders to the CLI's JSON, and the whole report is plain JSON", () => {
    for (const week of report.weeks) {
      const json = weekToJson(week);
      expect(json.weekStart).toBe(week.weekStart);
    }
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});
