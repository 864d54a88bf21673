import { describe, expect, test } from 'vitest';
import { judgeWeek } from '../../../src/analysis/judge-week.ts';
import { RULE_SET_V1 } from '../../../src/analysis/rule-set.ts';
import type { WeekFacts, WeekFlag } from '../../../src/analysis/week-types.ts';

/** A balanced week: Tue and Thu hard, Sun long, mostly easy, steady load. */
function facts(overrides: Partial<WeekFacts> = {}): WeekFacts {
  const previousWeekLoads = overrides.previousWeekLoads ?? [500, 500, 500, 500];
  const mean = previousWeekLoads.reduce((a, b) => a + b, 0) / previousWeekLoads.length;
  const loadRatio = overrides.loadRatio === undefined ? 1 : overrides.loadRatio;
  return {
    runCount: 5,
    runningTimeS: 5 * 3600,
    zones: { z1: 15300, z2: 1440, z3: 1260 },
    zonedRunningTimeS: 18000,
    easyShare: 0.85,
    greyShare: 0.08,
    highShare: 0.07,
    heartRateCoverage: 1,
    lowConfidenceZoneShare: 0,
    highConfidenceZoneShare: 1,
    hardSessions: 2,
    moderateRuns: 0,
    junkRuns: 0,
    stressSessions: [
      { activityId: 'tue', localDate: '2026-03-03' },
      { activityId: 'thu', localDate: '2026-03-05' },
      { activityId: 'sun', localDate: '2026-03-08' },
    ],
    previousStressDay: null,
    stressDaysWithoutRecovery: [],
    longRun: {
      activityId: 'sun',
      localDate: '2026-03-08',
      movingTimeS: 5400,
      share: 0.3,
      decouplingPct: 2,
      fadePct: 1,
      survival: false,
      terrainComparable: true,
    },
    load: loadRatio === null ? 500 : loadRatio * mean,
    dailyLoads: [0, 120, 60, 110, 50, 0, 160],
    previousWeekLoads,
    monotony: 1.2,
    strain: 600,
    restDays: 2,
    strengthSessions: 1,
    sessionsBySport: { running: 5, strength: 1 },
    sessionsWithoutLoad: 1,
    easyCeilingBpm: 153,
    complete: true,
    ...overrides,
    loadRatio,
  };
}

function flagsOf(overrides: Partial<WeekFacts>): WeekFlag[] {
  return judgeWeek(facts(overrides), RULE_SET_V1).flags;
}

describe('a balanced week', () => {
  test('raises nothing and says so', () => {
    const judgement = judgeWeek(facts(), RULE_SET_V1);
    expect(judgement.flags).toEqual([]);
    expect(judgement.verdict).toBe('balanced');
    expect(judgement.recommendation).toContain('Repeat this week');
    expect(judgement.confidence).toBe('high');
  });

  test('every rule is stated with its evidence', () => {
    const judgement = judgeWeek(facts(), RULE_SET_V1);
    expect(judgement.rules.map((rule) => rule.rule)).toEqual([
      'hard_sessions',
      'easy_share',
      'grey_zone',
      'spacing',
      'recovery_day',
      'long_run',
      'load_ratio',
      'monotony',
    ]);
    for (const rule of judgement.rules) {
      expect(rule.status).toBe('pass');
      expect(rule.evidence.length).toBeGreaterThan(10);
    }
  });
});

describe('each flag, raised and not raised', () => {
  test.each<[WeekFlag, string, Partial<WeekFacts>, boolean]>([
    ['no_hard', 'no hard session', { hardSessions: 0, stressSessions: [] }, true],
    ['no_hard', 'one hard session is enough', { hardSessions: 1 }, false],
    ['no_hard', 'a recovery week needs none', { hardSessions: 0, loadRatio: 0.6 }, false],
    ['no_hard', 'not judged before the week is over', { hardSessions: 0, complete: false }, false],
    ['too_many_hard', 'three hard sessions', { hardSessions: 3 }, true],
    ['too_many_hard', 'two hard sessions', { hardSessions: 2 }, false],
    ['too_little_easy', '74% easy', { easyShare: 0.74 }, true],
    ['too_little_easy', '75% easy', { easyShare: 0.75 }, false],
    ['grey_zone', '16% in Z2', { greyShare: 0.16 }, true],
    ['grey_zone', '15% in Z2', { greyShare: 0.15 }, false],
    ['grey_zone', 'three moderate runs', { moderateRuns: 3 }, true],
    ['grey_zone', 'two moderate runs', { moderateRuns: 2 }, false],
    [
      'hard_days_packed',
      'hard days back to back',
      {
        stressSessions: [
          { activityId: 'tue', localDate: '2026-03-03' },
          { activityId: 'wed', localDate: '2026-03-04' },
        ],
      },
      true,
    ],
    [
      'hard_days_packed',
      'two hard sessions on one day',
      {
        stressSessions: [
          { activityId: 'am', localDate: '2026-03-03' },
          { activityId: 'pm', localDate: '2026-03-03' },
        ],
      },
      true,
    ],
    [
      'hard_days_packed',
      "Sunday's long run then Monday's intervals, across the week boundary",
      { previousStressDay: '2026-03-01', stressSessions: [{ activityId: 'mon', localDate: '2026-03-02' }] },
      true,
    ],
    ['hard_days_packed', 'a day between each', {}, false],
    ['no_long_run', 'no long run', { longRun: null }, true],
    ['no_long_run', 'not judged before the week is over', { longRun: null, complete: false }, false],
    ['no_long_run', 'a recovery week needs none', { longRun: null, loadRatio: 0.5 }, false],
    ['no_long_run', 'a long run', {}, false],
    ['long_run_too_big', '36% of the week', { longRun: { ...facts().longRun!, share: 0.36 } }, true],
    ['long_run_too_big', '35% of the week', { longRun: { ...facts().longRun!, share: 0.35 } }, false],
    ['long_run_survival', 'a survival long run', { longRun: { ...facts().longRun!, survival: true } }, true],
    ['long_run_survival', 'a progression long run', {}, false],
    ['long_run_survival', 'drift unknown', { longRun: { ...facts().longRun!, survival: null } }, false],
    [
      'long_run_survival',
      'a hilly long run: drift not judged',
      { longRun: { ...facts().longRun!, survival: null, decouplingPct: null, terrainComparable: false } },
      false,
    ],
    ['load_spike', 'ratio 1.31', { loadRatio: 1.31 }, true],
    ['load_spike', 'ratio 1.30', { loadRatio: 1.3 }, false],
    ['load_spike', 'no earlier weeks to compare', { loadRatio: null, previousWeekLoads: [] }, false],
    ['high_monotony', 'monotony 2.01', { monotony: 2.01 }, true],
    ['high_monotony', 'monotony 2.0', { monotony: 2.0 }, false],
    ['not_enough_data', 'heart rate on 69% of running time', { heartRateCoverage: 0.69 }, true],
    ['not_enough_data', 'heart rate on 70%', { heartRateCoverage: 0.7 }, false],
    ['not_enough_data', 'zones mostly on a default max HR', { lowConfidenceZoneShare: 0.6 }, true],
    [
      'not_enough_data',
      'half the zoned time on low-confidence zones',
      { lowConfidenceZoneShare: 0.5 },
      false,
    ],
    ['not_enough_data', 'no runs', { runCount: 0, runningTimeS: 0, heartRateCoverage: null }, true],
  ])('%s: %s → %s', (flag, _name, overrides, raised) => {
    expect(flagsOf(overrides).includes(flag)).toBe(raised);
  });
});

describe('verdict and the one change that helps most', () => {
  test.each<[string, Partial<WeekFacts>, string, string]>([
    ['load spike first', { loadRatio: 1.5, greyShare: 0.3 }, 'load spike', 'previous weeks averaged 500'],
    ['too many hard', { hardSessions: 3 }, 'too many hard sessions', 'Keep 2 hard sessions'],
    [
      'packed',
      {
        stressSessions: [
          { activityId: 'a', localDate: '2026-03-03' },
          { activityId: 'b', localDate: '2026-03-04' },
        ],
      },
      'hard days packed together',
      'easy day or a rest day between',
    ],
    ['grey zone, with the Z1 ceiling', { greyShare: 0.25 }, 'too much grey zone', 'below 153 bpm'],
    ['too little easy', { easyShare: 0.6 }, 'not enough easy running', 'aim for 80%'],
    [
      'survival',
      { longRun: { ...facts().longRun!, survival: true } },
      'long run was survival, not progression',
      'slower',
    ],
    [
      'too big',
      { longRun: { ...facts().longRun!, share: 0.5 } },
      'long run too big a share of the week',
      '35%',
    ],
    ['monotony', { monotony: 3 }, 'every day the same load', 'rest day'],
    ['no hard', { hardSessions: 0 }, 'no stimulus: no hard session', 'quality session'],
    ['no long', { longRun: null }, 'no long run', 'long run'],
  ])('%s', (_name, overrides, verdict, advice) => {
    const judgement = judgeWeek(facts(overrides), RULE_SET_V1);
    expect(judgement.verdict).toBe(verdict);
    expect(judgement.recommendation).toContain(advice);
  });

  test('flags come in priority order', () => {
    expect(flagsOf({ monotony: 3, loadRatio: 1.5, greyShare: 0.3 })).toEqual([
      'load_spike',
      'grey_zone',
      'high_monotony',
    ]);
  });
});

test('a hilly long run says why its drift was not judged', () => {
  const judgement = judgeWeek(
    facts({
      longRun: { ...facts().longRun!, survival: null, decouplingPct: null, terrainComparable: false },
    }),
    RULE_SET_V1,
  );
  expect(judgement.rules.find((rule) => rule.rule === 'long_run')?.evidence).toContain('different ground');
});

describe('withheld verdict', () => {
  test('says why, and keeps only what duration alone can tell', () => {
    const judgement = judgeWeek(
      facts({
        heartRateCoverage: 0.4,
        greyShare: 0.4,
        longRun: { ...facts().longRun!, share: 0.5, survival: true },
      }),
      RULE_SET_V1,
    );
    expect(judgement.flags).toEqual(['not_enough_data', 'long_run_too_big']);
    expect(judgement.verdict).toContain('not enough data: heart rate covers 40% of running time');
    expect(judgement.recommendation).toContain('wear the heart-rate sensor');
    expect(judgement.confidence).toBe('none');
    expect(judgement.withheldBecause).toHaveLength(1);
    expect(judgement.rules.find((rule) => rule.rule === 'grey_zone')?.status).toBe('withheld');
    expect(judgement.rules.find((rule) => rule.rule === 'long_run')?.status).toBe('fail');
  });

  test('low zone confidence asks for a max HR or LTHR', () => {
    const judgement = judgeWeek(facts({ lowConfidenceZoneShare: 1 }), RULE_SET_V1);
    expect(judgement.recommendation).toContain('set your max HR or LTHR');
  });

  test('a week without runs', () => {
    const judgement = judgeWeek(
      facts({ runCount: 0, runningTimeS: 0, heartRateCoverage: null, longRun: null, hardSessions: 0 }),
      RULE_SET_V1,
    );
    expect(judgement.flags).toEqual(['not_enough_data']);
    expect(judgement.verdict).toBe('not enough data: no runs this week');
  });
});

describe('confidence of the verdict', () => {
  test.each<[string, Partial<WeekFacts>, string]>([
    ['full coverage on set zones', {}, 'high'],
    ['85% coverage', { heartRateCoverage: 0.85 }, 'medium'],
    ['zones from an estimate', { highConfidenceZoneShare: 0 }, 'medium'],
    ['75% coverage', { heartRateCoverage: 0.75 }, 'low'],
    ['a third of the time on weak zones', { lowConfidenceZoneShare: 0.33 }, 'low'],
  ])('%s → %s', (_name, overrides, confidence) => {
    expect(judgeWeek(facts(overrides), RULE_SET_V1).confidence).toBe(confidence);
  });
});

describe('recovery after stress days', () => {
  test('is stated as evidence without a flag of its own', () => {
    const judgement = judgeWeek(facts({ stressDaysWithoutRecovery: ['2026-03-03'] }), RULE_SET_V1);
    const rule = judgement.rules.find((candidate) => candidate.rule === 'recovery_day');
    expect(rule?.status).toBe('fail');
    expect(rule?.evidence).toContain('2026-03-03');
    expect(judgement.flags).toEqual([]);
    expect(judgement.recommendation).toContain('the day after each hard session');
  });
});

describe('a recovery week', () => {
  test('is called one, and says how far the next week may climb without a load spike', () => {
    // Load 200 after four weeks of 500: next week is judged against (200 + 500 × 3) / 4 = 425, so at
    // most 1.3 × 425 ≈ 553 keeps it clear of a load spike.
    const judgement = judgeWeek(
      facts({ loadRatio: 0.4, hardSessions: 0, longRun: null, previousWeekLoads: [500, 500, 500, 500] }),
      RULE_SET_V1,
    );
    expect(judgement.flags).toEqual([]);
    expect(judgement.verdict).toBe('recovery week');
    expect(judgement.recommendation).toContain('40% of your usual load');
    expect(judgement.recommendation).toContain('under about 553');
    expect(judgement.recommendation).not.toMatch(/repeat this week/i);
  });

  test('with a flag raised is judged by the flag', () => {
    const judgement = judgeWeek(facts({ loadRatio: 0.5, greyShare: 0.4, moderateRuns: 3 }), RULE_SET_V1);
    expect(judgement.verdict).toBe('too much grey zone');
  });
});
