import { describe, expect, test } from 'vitest';
import { buildWeeks } from '../../../src/analysis/build-weeks.ts';
import { RULE_SET_V1 } from '../../../src/analysis/rule-set.ts';
import { weekToJson } from '../../../src/analysis/week-json.ts';
import { WEEK_FLAGS } from '../../../src/analysis/week-types.ts';
import { analyze, athlete } from './builders.ts';
import { streams } from './stream-builder.ts';

describe("the CLI's week JSON", () => {
  const profile = athlete();
  const analyses = [
    analyze(streams().minutes(10, 130).minutes(10, 175).minutes(10, 130), {
      start: '2026-03-03T17:00:00Z',
      id: 'tue',
    }),
    analyze(streams().minutes(100, 140.5), { start: '2026-03-08T08:00:00Z', id: 'sun' }),
    analyze(null, { start: '2026-03-05T08:00:00Z', id: 'manual', manual: true, movingTimeS: 1800 }),
  ];
  const [week] = buildWeeks(analyses, profile, { from: '2026-03-02', to: '2026-03-08' }, RULE_SET_V1).weeks;
  const json = weekToJson(week!);

  test('has exactly the agreed keys, in order', () => {
    expect(Object.keys(json)).toEqual([
      'weekStart',
      'runs',
      'runningTimeS',
      'hardSessions',
      'easyShare',
      'greyShare',
      'highShare',
      'longRun',
      'load',
      'acwr',
      'monotony',
      'verdict',
      'recommendation',
      'confidence',
      'flags',
    ]);
    expect(Object.keys(json.runs[0]!)).toEqual([
      'activityId',
      'class',
      'long',
      'purpose',
      'timeInZonesS',
      'trimp',
      'confidence',
    ]);
    expect(Object.keys(json.longRun!)).toEqual(['activityId', 'share', 'decouplingPct', 'survival']);
  });

  test('states the week', () => {
    expect(json).toMatchObject({
      weekStart: '2026-03-02',
      runningTimeS: (30 + 100 + 30) * 60,
      hardSessions: 1,
      longRun: { activityId: 'sun', share: 0.625, decouplingPct: 0, survival: false },
      confidence: expect.any(String),
    });
    expect(json.runs.map((run) => [run.class, run.long, run.purpose])).toEqual([
      ['hard', false, 'tempo'],
      ['unknown', false, null],
      ['easy', true, 'long'],
    ]);
    expect(json.runs[0]?.timeInZonesS).toEqual({ z1: 1200, z2: 0, z3: 600 });
    expect(json.runs[1]?.trimp).toBeNull();
  });

  test('rounds for reading and uses only the agreed flag codes', () => {
    expect(Number.isInteger(json.runningTimeS)).toBe(true);
    expect(json.easyShare! * 1000).toBeCloseTo(Math.round(json.easyShare! * 1000), 9);
    expect(json.load * 10).toBeCloseTo(Math.round(json.load * 10), 9);
    for (const flag of json.flags) expect(WEEK_FLAGS).toContain(flag);
    expect(json.flags).toContain('long_run_too_big');
  });

  test('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
