import { describe, expect, test } from 'vitest';
import { RULE_SET_V1 } from '../../../src/analysis/rule-set.ts';
import {
  trimpCoefficients,
  trimpFromAverage,
  trimpPerMinute,
  trimpTable,
} from '../../../src/analysis/trimp.ts';
import { analyze, athlete } from './builders.ts';
import { streams } from './stream-builder.ts';

const base = { restingHr: 50, maxHr: 190 };

describe('Banister TRIMP', () => {
  test.each([
    ['male', 0.64, 1.92],
    ['female', 0.86, 1.67],
    [null, 0.75, 1.795],
  ] as const)('coefficients for %s: k = %d, c = %d', (sex, k, c) => {
    const coefficients = trimpCoefficients(sex, RULE_SET_V1);
    expect(coefficients.k).toBeCloseTo(k, 9);
    expect(coefficients.c).toBeCloseTo(c, 9);
  });

  test('per minute: x · k · e^(c·x)', () => {
    // HR 155 with rest 50 and max 190: x = 0.75.
    expect(trimpPerMinute(155, { ...base, k: 0.64, c: 1.92 })).toBeCloseTo(
      0.75 * 0.64 * Math.exp(1.92 * 0.75),
      12,
    );
    expect(trimpPerMinute(155, { ...base, k: 0.86, c: 1.67 })).toBeCloseTo(
      0.75 * 0.86 * Math.exp(1.67 * 0.75),
      12,
    );
  });

  test('below resting heart rate there is no load', () => {
    expect(trimpPerMinute(45, { ...base, k: 0.64, c: 1.92 })).toBe(0);
    expect(trimpPerMinute(50, { ...base, k: 0.64, c: 1.92 })).toBe(0);
  });

  test('above max HR the load keeps growing (a stale max HR shows, it does not hide)', () => {
    const parameters = { ...base, k: 0.64, c: 1.92 };
    expect(trimpPerMinute(195, parameters)).toBeGreaterThan(trimpPerMinute(190, parameters));
  });

  test('a broken reserve (max ≤ rest) gives no load rather than nonsense', () => {
    expect(trimpPerMinute(150, { restingHr: 60, maxHr: 60, k: 0.64, c: 1.92 })).toBe(0);
  });

  test("Banister's average form for summary-only uploads", () => {
    const parameters = { ...base, k: 0.64, c: 1.92 };
    expect(trimpFromAverage(155, 60, parameters)).toBeCloseTo(60 * trimpPerMinute(155, parameters), 9);
  });

  test('the whole-bpm table equals the formula', () => {
    const parameters = { restingHr: 52, maxHr: 187, k: 0.75, c: 1.795 };
    const table = trimpTable(parameters);
    for (const heartRate of [0, 52, 100, 153, 187, 220]) {
      expect(table[heartRate]).toBeCloseTo(trimpPerMinute(heartRate, parameters), 12);
    }
  });
});

describe('TRIMP of a run, per sample', () => {
  const profile = athlete({ lthr: 170, maxHr: 190, restingHr: 50, sex: 'male' });

  test('60 min at 155 bpm: 60 × the per-minute load', () => {
    const run = analyze(streams().minutes(60, 155), { athlete: profile });
    expect(run.trimpMethod).toBe('samples');
    expect(run.trimp).toBeCloseTo(60 * trimpPerMinute(155, { ...base, k: 0.64, c: 1.92 }), 6);
  });

  test('two halves at different HR are not the same as their average (why samples, not averages)', () => {
    const split = analyze(streams().minutes(30, 130).minutes(30, 180), { athlete: profile });
    const steady = analyze(streams().minutes(60, 155), { athlete: profile });
    expect(split.trimp!).toBeGreaterThan(steady.trimp!);
  });

  test('non-integer heart rates (smoothed streams) use the formula', () => {
    const run = analyze(streams().minutes(10, 155.5), { athlete: profile });
    expect(run.trimp).toBeCloseTo(10 * trimpPerMinute(155.5, { ...base, k: 0.64, c: 1.92 }), 6);
  });

  test('pauses and dropouts carry no load', () => {
    const run = analyze(streams().minutes(30, 155).pause(600).segment(300, null).minutes(30, 155), {
      athlete: profile,
    });
    expect(run.trimp).toBeCloseTo(60 * trimpPerMinute(155, { ...base, k: 0.64, c: 1.92 }), 6);
  });

  test('sex changes the load: female coefficients', () => {
    const female = analyze(streams().minutes(60, 155), { athlete: { ...profile, sex: 'female' } });
    expect(female.trimp).toBeCloseTo(60 * trimpPerMinute(155, { ...base, k: 0.86, c: 1.67 }), 6);
  });
});
