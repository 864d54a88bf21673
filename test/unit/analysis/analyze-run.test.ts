import { describe, expect, test } from 'vitest';
import { analyzeActivity } from '../../../src/analysis/analyze-run.ts';
import { RULE_SET_V1 } from '../../../src/analysis/rule-set.ts';
import { activity, analyze, athlete, NO_HISTORY } from './builders.ts';
import { streams } from './stream-builder.ts';

// The default athlete: LTHR 170 (set). Z1 < 153, Z2 153–169, Z3 ≥ 170; recovery (Friel Z1) < 144.5.

describe('time in zones', () => {
  test('from the samples, a 60-s pause not counted', () => {
    const run = analyze(streams().minutes(20, 140).pause(60).minutes(10, 160).minutes(5, 175));
    expect(run.movingTimeS).toBe(35 * 60);
    expect(run.pausedS).toBe(60);
    expect(run.timeInZonesS).toEqual({ z1: 1200, z2: 600, z3: 300 });
    expect(run.unzonedS).toBe(0);
  });

  test('dropouts are moving time without a zone', () => {
    const run = analyze(streams().minutes(20, 140).segment(90, null).minutes(10, 140));
    expect(run.timeInZonesS.z1).toBe(1800);
    expect(run.unzonedS).toBe(90);
    expect(run.heartRateQuality?.dropouts).toBe(1);
  });

  test('Friel five zones from LTHR', () => {
    const run = analyze(
      streams().minutes(1, 140).minutes(2, 150).minutes(3, 158).minutes(4, 165).minutes(5, 172),
    );
    expect(run.fiveZonesS).toEqual({ z1: 60, z2: 120, z3: 180, z4: 240, z5: 300 });
    expect(run.timeInZonesS).toEqual({ z1: 180, z2: 420, z3: 300 });
  });

  test('a value holds until the next sample (5-s recording)', () => {
    const run = analyze(streams().minutes(10, 140).minutes(10, 160), { intervalS: 5 });
    expect(run.timeInZonesS).toEqual({ z1: 600, z2: 600, z3: 0 });
  });
});

describe('intensity class (DOMAIN.md default rules)', () => {
  test.each([
    ['8 min in Z3 is hard', streams().minutes(10, 130).minutes(8, 175).minutes(10, 130), 'hard', 'z3_time'],
    [
      '7:59 in Z3 is not',
      streams().minutes(10, 130).segment(479, 175).minutes(10, 130),
      'easy',
      'easy_default',
    ],
    [
      '20 min in Z2–Z3 within the work part is hard',
      streams().minutes(10, 130).minutes(20, 160).minutes(10, 130),
      'hard',
      'work_z2_z3_time',
    ],
    [
      'Z2 during the warm-up is not work: moderate, not hard',
      streams().minutes(20, 160).minutes(25, 130),
      'moderate',
      'z2_share',
    ],
    [
      '20% of the time in Z2 is moderate',
      streams().minutes(24, 130).minutes(12, 160).minutes(24, 130),
      'moderate',
      'z2_share',
    ],
    [
      '19% in Z2 stays easy',
      streams().segment(1458, 130).segment(684, 160).segment(1458, 130),
      'easy',
      'easy_default',
    ],
    ['30 min low in Z1 is recovery', streams().minutes(30, 130), 'recovery', 'recovery_low_z1'],
    ['40 min low in Z1 is easy (too long for recovery)', streams().minutes(40, 130), 'easy', 'easy_default'],
    ['30 min high in Z1 is easy', streams().minutes(30, 148), 'easy', 'easy_default'],
  ])('%s', (_name, builder, expected, rule) => {
    const run = analyze(builder);
    expect(run.class).toBe(expected);
    expect(run.classEvidence.rule).toBe(rule);
  });

  test('the evidence says why', () => {
    const run = analyze(streams().minutes(10, 130).minutes(9, 175).minutes(10, 130));
    expect(run.classEvidence.detail).toBe('9 min in Z3 (hard from 8 min)');
  });

  test('a different rule set changes the class without touching the engine', () => {
    const strict = {
      ...RULE_SET_V1,
      version: 'coach-strict',
      classification: { ...RULE_SET_V1.classification, hardZ3MinS: 5 * 60 },
    };
    const builder = streams().minutes(10, 130).minutes(6, 175).minutes(10, 130);
    expect(analyze(builder).class).toBe('easy');
    const run = analyze(builder, { ruleSet: strict });
    expect(run.class).toBe('hard');
    expect(run.ruleSetVersion).toBe('coach-strict');
  });
});

describe('the long flag', () => {
  test.each([
    ['90 min is long', 90, null, true],
    ['89 min without history is not', 89, null, false],
    ['61 min is long against a 40-min median', 61, 40, true],
    ['59 min is never long by the median rule', 59, 30, false],
    ['65 min against a 50-min median is not', 65, 50, false],
  ])('%s', (_name, minutes, median, long) => {
    const run = analyze(streams().minutes(minutes, 135), {
      history: { medianRunTimeS: median === null ? null : median * 60 },
    });
    expect(run.long).toBe(long);
  });

  test('only runs are long', () => {
    const ride = analyze(streams().minutes(120, 135), { sport: 'cycling' });
    expect(ride.long).toBe(false);
    expect(ride.purpose).toBeNull();
  });
});

describe('long run: decoupling and fade', () => {
  test('steady heart rate at steady pace: no drift, progression', () => {
    const run = analyze(streams().minutes(10, 130, 3).minutes(90, 140, 3));
    expect(run.longRun?.decouplingPct).toBeCloseTo(0, 9);
    expect(run.longRun?.fadePct).toBeCloseTo(0, 9);
    expect(run.longRun?.survival).toBe(false);
  });

  test('heart rate drifting up at the same pace: decoupling, survival', () => {
    const run = analyze(streams().minutes(10, 130, 3).minutes(45, 140, 3).minutes(45, 150, 3));
    expect(run.longRun?.decouplingPct).toBeCloseTo((1 - 140 / 150) * 100, 6);
    expect(run.longRun?.survival).toBe(true);
  });

  test('4% drift is still progression', () => {
    const run = analyze(streams().minutes(10, 130, 3).minutes(45, 144, 3).minutes(45, 150, 3));
    expect(run.longRun?.decouplingPct).toBeCloseTo(4, 6);
    expect(run.longRun?.survival).toBe(false);
  });

  test('pace falling apart at the end: late fade, survival', () => {
    // HR falls with the pace, so decoupling stays small: the fade alone makes it survival.
    const run = analyze(streams().minutes(10, 130, 3).minutes(65, 145, 3).minutes(25, 126.9, 2.625));
    expect(run.longRun?.fadePct).toBeCloseTo(12.5, 6);
    expect(run.longRun?.decouplingPct ?? Number.NaN).toBeLessThan(5);
    expect(run.longRun?.survival).toBe(true);
  });

  test('a negative split is progression', () => {
    const run = analyze(streams().minutes(10, 130, 3).minutes(45, 140, 3).minutes(45, 147, 3.15));
    expect(run.longRun?.fadePct ?? Number.NaN).toBeLessThan(0);
    expect(run.longRun?.survival).toBe(false);
  });

  test('without heart rate, decoupling is unknown but the fade is still told', () => {
    const run = analyze(streams().minutes(100, null, 3), { history: { medianRunSpeedMps: 3 } });
    expect(run.longRun?.decouplingPct).toBeNull();
    expect(run.longRun?.fadePct).toBeCloseTo(0, 9);
  });

  test('up a climb and back down: the halves are not comparable, nothing is judged', () => {
    const run = analyze(streams().minutes(10, 130, 3).minutes(45, 150, 2.5, 5).minutes(45, 135, 3.4, -5));
    expect(run.longRun).toMatchObject({
      decouplingPct: null,
      fadePct: null,
      survival: null,
      terrainComparable: false,
    });
    expect(run.longRun?.gradePct?.firstHalfPct).toBeCloseTo(5, 6);
    expect(run.longRun?.gradePct?.secondHalfPct).toBeCloseTo(-5, 6);
  });

  test('rolling ground with the same net grade in both halves is compared', () => {
    const builder = streams().minutes(10, 130, 3);
    for (let lap = 0; lap < 6; lap++) builder.minutes(7.5, 145, 2.9, 3).minutes(7.5, 145, 2.9, -3);
    const run = analyze(builder);
    expect(run.longRun?.terrainComparable).toBe(true);
    expect(run.longRun?.decouplingPct).toBeCloseTo(0, 6);
    expect(run.longRun?.survival).toBe(false);
  });

  test('an interval session that is also long: drift told, not judged', () => {
    const builder = streams().minutes(20, 135);
    for (let rep = 0; rep < 8; rep++) builder.minutes(5, 176, 4.4).minutes(3, 140, 2.8);
    const run = analyze(builder.minutes(10, 135));
    expect(run.long).toBe(true);
    expect(run.purpose).toBe('intervals');
    expect(run.longRun?.decouplingPct).not.toBeNull();
    expect(run.longRun?.survival).toBeNull();
  });

  test('short runs have no long-run facts', () => {
    expect(analyze(streams().minutes(45, 140)).longRun).toBeNull();
  });
});

describe('purpose from structure', () => {
  test.each([
    [
      'repeated Z3 blocks with recoveries: intervals',
      streams()
        .minutes(10, 130)
        .minutes(4, 175)
        .minutes(2, 140)
        .minutes(4, 175)
        .minutes(2, 140)
        .minutes(4, 175)
        .minutes(10, 130),
      'intervals',
    ],
    [
      'one sustained Z2–Z3 block: tempo',
      streams().minutes(10, 130).minutes(20, 165).minutes(10, 130),
      'tempo',
    ],
    ['nearly all in Z2–Z3, mostly Z3: race', streams().minutes(2, 150).segment(2400, [168, 182]), 'race'],
    [
      'a 5K after a warm-up: one unbroken Z3 block of 15+ min is a race effort',
      streams().minutes(10, 135).minutes(19, 176).minutes(6, 135),
      'race',
    ],
    ['a long easy run: long', streams().minutes(100, 140), 'long'],
    ['short and low: recovery', streams().minutes(30, 130), 'recovery'],
    ['easy: aerobic', streams().minutes(50, 148), 'aerobic'],
  ])('%s', (_name, builder, purpose) => {
    const run = analyze(builder);
    expect(run.purpose).toBe(purpose);
    expect(run.purposeSource).toBe('structure');
    expect(run.junk).toBe(false);
  });

  test('a brief dip does not split an interval (hysteresis)', () => {
    const run = analyze(
      streams().minutes(10, 130).minutes(3, 175).segment(20, 160).minutes(3, 175).minutes(10, 130),
    );
    expect(run.structure.z3Blocks).toBe(1);
  });

  test('two hard blocks on a hard day are intervals; two on an easy day are not', () => {
    const session = analyze(
      streams().minutes(10, 130).minutes(5, 175).minutes(3, 135).minutes(5, 175).minutes(10, 130),
    );
    expect(session.purpose).toBe('intervals');
    const hills = analyze(
      streams().minutes(20, 140).minutes(1.5, 172).minutes(20, 140).minutes(1.5, 172).minutes(20, 140),
    );
    expect(hills.class).toBe('easy');
    expect(hills.purpose).toBe('aerobic');
  });

  test('a moderate run that is neither easy nor a session is junk', () => {
    const run = analyze(streams().minutes(15, 135).minutes(14, 160).minutes(16, 135));
    expect(run.class).toBe('moderate');
    expect(run.purpose).toBeNull();
    expect(run.junk).toBe(true);
  });

  test('what the athlete declared wins', () => {
    const run = analyze(streams().minutes(40, 140), { declaredPurpose: 'race' });
    expect(run.purpose).toBe('race');
    expect(run.purposeSource).toBe('declared');
  });
});

describe('runs without heart rate, and without samples', () => {
  test('no heart rate: classified from pace against threshold pace, low confidence', () => {
    const profile = athlete({
      lthr: null,
      thresholds: [{ kind: 'threshold_pace', value: 240, validFrom: '2025-01-01', source: 'set' }],
    });
    const run = analyze(streams().minutes(10, null, 3).minutes(10, null, 4.3).minutes(10, null, 3), {
      athlete: profile,
    });
    expect(run.signal).toBe('pace');
    expect(run.zones?.basis).toBe('threshold_pace');
    expect(run.timeInZonesS).toEqual({ z1: 1200, z2: 0, z3: 600 });
    expect(run.class).toBe('hard');
    expect(run.confidence).toBe('low');
    expect(run.trimp).toBeNull();
    expect(run.heartRateQuality?.grade).toBe('none');
  });

  test("no heart rate and no threshold pace: against the athlete's pace history", () => {
    const run = analyze(streams().minutes(30, null, 3.1), {
      heartRate: false,
      pace: 'distance',
      history: { medianRunSpeedMps: 3 },
    });
    expect(run.zones?.basis).toBe('pace_history');
    expect(run.class).toBe('easy');
    expect(run.confidence).toBe('low');
    expect(run.heartRateQuality).toBeNull();
  });

  test('no heart rate and nothing to compare pace with: unknown, moving time still known', () => {
    const run = analyze(streams().minutes(30, null, 3), { heartRate: false });
    expect(run.class).toBe('unknown');
    expect(run.classEvidence.rule).toBe('no_usable_signal');
    expect(run.movingTimeS).toBe(1800);
    expect(run.unzonedS).toBe(1800);
    expect(run.confidence).toBe('none');
  });

  test('patchy heart rate with a pace stream: judged on pace', () => {
    const run = analyze(streams().minutes(12, 140, 3).minutes(18, null, 3), {
      history: { medianRunSpeedMps: 3 },
    });
    expect(run.signal).toBe('pace');
  });

  test('a few seconds of heart rate are not enough to classify', () => {
    const run = analyze(streams().minutes(3, 140).minutes(27, null), { pace: 'none' });
    expect(run.class).toBe('unknown');
    expect(run.signal).toBe('none');
    expect(run.trimp).toBeGreaterThan(0);
  });

  test('patchy heart rate without pace: judged on what heart rate there is, low confidence', () => {
    const run = analyze(streams().minutes(12, 140).minutes(18, null), { pace: 'none' });
    expect(run.signal).toBe('heart_rate');
    expect(run.confidence).toBe('low');
    expect(run.confidenceReasons.join()).toContain('heart rate covers 40%');
  });

  test('a manual entry: duration only, class unknown', () => {
    const run = analyze(null, { manual: true, movingTimeS: 2700, avgHeartRate: 150 });
    expect(run).toMatchObject({
      class: 'unknown',
      movingTimeS: 2700,
      trimp: null,
      purpose: null,
      confidence: 'none',
      signal: 'none',
      timeInZonesS: { z1: 0, z2: 0, z3: 0 },
    });
    expect(run.classEvidence.rule).toBe('no_samples');
  });

  test("a summary-only upload keeps its load from the average heart rate (Banister's original)", () => {
    const run = analyze(null, { movingTimeS: 3600, avgHeartRate: 150 });
    expect(run.class).toBe('unknown');
    expect(run.trimpMethod).toBe('average');
    expect(run.trimp).toBeGreaterThan(0);
  });

  test('a manual long run is still long (a duration fact)', () => {
    expect(analyze(null, { manual: true, movingTimeS: 100 * 60 }).long).toBe(true);
  });
});

describe('confidence', () => {
  test('clean heart rate with set zones: high', () => {
    expect(analyze(streams().minutes(40, 140)).confidence).toBe('high');
  });

  test('zones on a population default: low, and it says why', () => {
    const run = analyze(streams().minutes(40, 140), { athlete: athlete({ lthr: null }) });
    expect(run.zones?.basis).toBe('max_hr');
    expect(run.confidence).toBe('low');
    expect(run.confidenceReasons.join()).toContain('population default');
  });

  test("the run's own 30-s peak lifts a default max HR that it proves too low", () => {
    const run = analyze(streams().minutes(20, 140).minutes(2, 196).minutes(20, 140), {
      athlete: athlete({ lthr: null }),
    });
    expect(run.thresholds.maxHr).toMatchObject({ value: 196, source: 'estimated' });
  });
});

describe('local date', () => {
  test('a run across midnight belongs to the day it started', () => {
    // 22:30 UTC = 23:30 in Paris (winter), ends after midnight.
    const run = analyze(streams().minutes(60, 140), { start: '2026-03-07T22:30:00Z' });
    expect(run.localDate).toBe('2026-03-07');
    expect(run.utcOffsetS).toBe(3600);
  });

  test("a traveller's run takes the date of where it was run (recorded offset)", () => {
    // 04:30 UTC is 23:30 the day before in New York (UTC−5), 05:30 in Paris.
    const abroad = analyze(streams().minutes(30, 140), {
      start: '2026-03-07T04:30:00Z',
      utcOffsetS: -5 * 3600,
    });
    expect(abroad.localDate).toBe('2026-03-06');
    const home = analyze(streams().minutes(30, 140), { start: '2026-03-07T04:30:00Z' });
    expect(home.localDate).toBe('2026-03-07');
  });

  test("the activity's own zone when a source names one and no offset", () => {
    const run = analyze(streams().minutes(30, 140), {
      start: '2026-03-07T04:30:00Z',
      timeZone: 'America/New_York',
    });
    expect(run.localDate).toBe('2026-03-06');
  });
});

describe('defensive input', () => {
  test('a stream not aligned with the time stream is left out, and said so', () => {
    const input = activity(streams().minutes(30, 140));
    const broken = {
      ...input,
      streams: { ...input.streams!, heartRate: input.streams!.heartRate!.subarray(0, 100) },
    };
    const run = analyzeActivity(broken, { athlete: athlete(), history: NO_HISTORY }, RULE_SET_V1);
    expect(run.heartRateQuality).toBeNull();
    expect(run.confidenceReasons.join()).toContain('heartRate left out');
  });

  test('a single sample is treated as no samples', () => {
    const input = activity(null, { movingTimeS: 600 });
    const single = {
      ...input,
      streams: { timeS: Float64Array.from([0]), heartRate: Float64Array.from([150]) },
    };
    expect(analyzeActivity(single, { athlete: athlete(), history: NO_HISTORY }, RULE_SET_V1).class).toBe(
      'unknown',
    );
  });
});

describe('output', () => {
  test('plain JSON: survives a round trip unchanged', () => {
    const run = analyze(streams().minutes(10, 130).minutes(80, 150).segment(30, null).minutes(10, 175));
    expect(JSON.parse(JSON.stringify(run))).toEqual(run);
  });

  test('carries the rule-set version', () => {
    expect(analyze(streams().minutes(10, 130)).ruleSetVersion).toBe(RULE_SET_V1.version);
  });
});
