import { describe, expect, test } from 'vitest';
import { heartRateZoneModel, paceZoneModel, zoneOf } from '../../../src/analysis/hr-zones.ts';
import { RULE_SET_V1 } from '../../../src/analysis/rule-set.ts';
import { resolveThresholds } from '../../../src/analysis/thresholds.ts';
import type { DatedThreshold, ThresholdKind, ThresholdSource } from '../../../src/analysis/types.ts';
import { NO_HISTORY } from './builders.ts';

function given(...values: [ThresholdKind, number, ThresholdSource?][]): DatedThreshold[] {
  return values.map(([kind, value, source]) => ({
    kind,
    value,
    validFrom: '2025-01-01',
    source: source ?? 'set',
  }));
}

function modelFor(thresholds: DatedThreshold[]) {
  return heartRateZoneModel(resolveThresholds(thresholds, '2026-03-01', RULE_SET_V1), RULE_SET_V1);
}

describe('three zones (DOMAIN.md table)', () => {
  test.each([
    // LTHR 170: Z1 < 90% (153), Z3 ≥ 100% (170)
    ['LTHR', given(['lthr', 170]), 152.9, 1],
    ['LTHR', given(['lthr', 170]), 153, 2],
    ['LTHR', given(['lthr', 170]), 169.9, 2],
    ['LTHR', given(['lthr', 170]), 170, 3],
    // max HR 200 only: Z1 < 82% (164), Z3 > 87% (174)
    ['max HR', given(['max_hr', 200]), 163.9, 1],
    ['max HR', given(['max_hr', 200]), 164, 2],
    ['max HR', given(['max_hr', 200]), 174, 2],
    ['max HR', given(['max_hr', 200]), 174.1, 3],
    // HR reserve, max 190 rest 50 (reserve 140): Z1 < 70% (148), Z3 > 85% (169)
    ['HRR', given(['max_hr', 190], ['resting_hr', 50]), 147.9, 1],
    ['HRR', given(['max_hr', 190], ['resting_hr', 50]), 148, 2],
    ['HRR', given(['max_hr', 190], ['resting_hr', 50]), 169, 2],
    ['HRR', given(['max_hr', 190], ['resting_hr', 50]), 169.1, 3],
  ])('%s: %d bpm is Z%d', (_basis, thresholds, heartRate, zone) => {
    expect(zoneOf(heartRate as number, modelFor(thresholds as DatedThreshold[]))).toBe(zone);
  });

  test.each([
    ['LTHR wins over everything', given(['lthr', 170], ['max_hr', 200], ['resting_hr', 50]), 'lthr'],
    [
      'a real resting HR makes it Karvonen',
      given(['max_hr', 200], ['resting_hr', 50, 'provider']),
      'heart_rate_reserve',
    ],
    ['max HR alone', given(['max_hr', 200]), 'max_hr'],
    [
      'a default resting HR is not good enough for Karvonen',
      given(['max_hr', 200], ['resting_hr', 60, 'default']),
      'max_hr',
    ],
    ['nothing known: default max HR', [], 'max_hr'],
  ])('%s', (_name, thresholds, basis) => {
    expect(modelFor(thresholds as DatedThreshold[]).basis).toBe(basis);
  });

  test('confidence follows the source of the basis', () => {
    expect(modelFor(given(['lthr', 170])).confidence).toBe('high');
    expect(modelFor(given(['max_hr', 190, 'estimated'])).confidence).toBe('medium');
    expect(modelFor([]).confidence).toBe('low');
    expect(modelFor(given(['max_hr', 190], ['resting_hr', 50, 'estimated'])).confidence).toBe('medium');
  });
});

describe('Friel five zones', () => {
  test('from LTHR: <85, 85–89, 90–94, 95–99, ≥100%', () => {
    const model = modelFor(given(['lthr', 160]));
    expect(model.fiveZoneFrom).toEqual([136, 144, 152, 160]);
    expect(model.fiveZoneDerived).toBe(false);
    expect(model.recoveryBelow).toBe(136);
  });

  test('without LTHR they hang off the Z3 boundary and say so', () => {
    const model = modelFor(given(['max_hr', 200]));
    expect(model.fiveZoneDerived).toBe(true);
    expect(model.fiveZoneFrom?.[3]).toBe(174);
    expect(model.fiveZoneFrom?.[0]).toBeCloseTo(174 * 0.85, 6);
  });
});

describe('pace zones for runs without heart rate', () => {
  const thresholds = (pace?: number) =>
    resolveThresholds(pace ? given(['threshold_pace', pace]) : [], '2026-03-01', RULE_SET_V1);

  test('from threshold pace (4:00/km): Z3 at or faster, Z1 slower than 113%', () => {
    const model = paceZoneModel(thresholds(240), NO_HISTORY, RULE_SET_V1)!;
    expect(model.basis).toBe('threshold_pace');
    expect(model.unit).toBe('mps');
    expect(model.confidence).toBe('low');
    const speedAtPace = (secondsPerKm: number) => 1000 / secondsPerKm;
    expect(zoneOf(speedAtPace(240), model)).toBe(3);
    expect(zoneOf(speedAtPace(250), model)).toBe(2);
    expect(zoneOf(speedAtPace(240 * 1.12), model)).toBe(2);
    expect(zoneOf(speedAtPace(240 * 1.14), model)).toBe(1);
  });

  test("from the athlete's pace history when threshold pace is unknown", () => {
    const model = paceZoneModel(thresholds(), { ...NO_HISTORY, medianRunSpeedMps: 3 }, RULE_SET_V1)!;
    expect(model.basis).toBe('pace_history');
    expect(model.z3From).toBeCloseTo(3 * 1.25, 9);
    expect(zoneOf(3, model)).toBe(1);
  });

  test('no pace history and no threshold pace: no pace zones', () => {
    expect(paceZoneModel(thresholds(), NO_HISTORY, RULE_SET_V1)).toBeNull();
  });
});
