import { describe, expect, test } from 'vitest';
import { RULE_SET_V1 } from '../../../src/analysis/rule-set.ts';
import { observeMaxHr, resolveThresholds, thresholdInForce } from '../../../src/analysis/thresholds.ts';
import type { DatedThreshold } from '../../../src/analysis/types.ts';

const history: DatedThreshold[] = [
  { kind: 'lthr', value: 165, validFrom: '2025-01-01', source: 'set' },
  { kind: 'lthr', value: 170, validFrom: '2025-06-01', source: 'set' },
  { kind: 'lthr', value: 175, validFrom: '2025-09-01', source: 'provider' },
  { kind: 'max_hr', value: 188, validFrom: '2025-01-01', source: 'provider' },
  { kind: 'max_hr', value: 192, validFrom: '2025-03-01', source: 'estimated' },
];

describe('the value in force on a date', () => {
  test.each([
    ['before any value', 'lthr', '2024-12-31', null],
    ['on its first day', 'lthr', '2025-01-01', 165],
    ['the latest of a source replaces the earlier', 'lthr', '2025-06-01', 170],
    ['a set value beats a newer provider value', 'lthr', '2025-10-01', 170],
    ['a provider value beats an estimate', 'max_hr', '2025-04-01', 188],
  ] as const)('%s', (_name, kind, date, value) => {
    expect(thresholdInForce(history, kind, date)?.value ?? null).toBe(value);
  });

  test('a run is analysed with the values of its own date', () => {
    expect(resolveThresholds(history, '2025-05-31', RULE_SET_V1).lthr?.value).toBe(165);
    expect(resolveThresholds(history, '2025-06-01', RULE_SET_V1).lthr?.value).toBe(170);
  });

  test('sources carry their confidence', () => {
    const resolved = resolveThresholds(history, '2025-10-01', RULE_SET_V1);
    expect(resolved.lthr).toMatchObject({ source: 'set', confidence: 'high', validFrom: '2025-06-01' });
    expect(resolved.restingHr).toMatchObject({ source: 'default', confidence: 'low', value: 60 });
  });
});

describe('max HR when nobody set it', () => {
  test('nothing known: the population default, with low confidence', () => {
    const resolved = resolveThresholds([], '2026-01-01', RULE_SET_V1);
    expect(resolved.maxHr).toMatchObject({ value: 185, source: 'default', confidence: 'low' });
    expect(resolved.notes.join()).toContain('population default');
  });

  test.each([
    ['a peak above the default is a lower bound: used at once', 195, 1, 195, 'low'],
    ['a peak below the default from few runs is not trusted', 175, 4, 185, 'low'],
    ['a peak below the default from enough runs is used', 175, 5, 175, 'low'],
    ['many runs give medium confidence', 178, 10, 178, 'medium'],
  ])('%s', (_name, peak, runs, value, confidence) => {
    const resolved = resolveThresholds([], '2026-01-01', RULE_SET_V1, {
      value: peak,
      runsWithHeartRate: runs,
    });
    expect(resolved.maxHr.value).toBe(value);
    expect(resolved.maxHr.confidence).toBe(confidence);
  });

  test('a stored estimate stands unless the athlete has since gone higher', () => {
    const stored: DatedThreshold[] = [
      { kind: 'max_hr', value: 190, validFrom: '2025-01-01', source: 'estimated' },
    ];
    expect(
      resolveThresholds(stored, '2026-01-01', RULE_SET_V1, { value: 186, runsWithHeartRate: 30 }).maxHr.value,
    ).toBe(190);
    expect(
      resolveThresholds(stored, '2026-01-01', RULE_SET_V1, { value: 194, runsWithHeartRate: 30 }).maxHr.value,
    ).toBe(194);
  });

  test('a set max HR is kept even below an observed peak, with a note', () => {
    const set: DatedThreshold[] = [{ kind: 'max_hr', value: 185, validFrom: '2025-01-01', source: 'set' }];
    const resolved = resolveThresholds(set, '2026-01-01', RULE_SET_V1, { value: 193, runsWithHeartRate: 3 });
    expect(resolved.maxHr.value).toBe(185);
    expect(resolved.notes.join()).toContain('out of date');
  });

  test('an implausible resting HR falls back to the default', () => {
    const bad: DatedThreshold[] = [
      { kind: 'max_hr', value: 180, validFrom: '2025-01-01', source: 'set' },
      { kind: 'resting_hr', value: 170, validFrom: '2025-01-01', source: 'provider' },
    ];
    const resolved = resolveThresholds(bad, '2026-01-01', RULE_SET_V1);
    expect(resolved.restingHr.source).toBe('default');
  });
});

describe('observed max HR over the last 365 days', () => {
  const peaks = [
    { localDate: '2025-01-01', peak30sHr: 199 },
    { localDate: '2025-06-01', peak30sHr: 190 },
    { localDate: '2025-12-31', peak30sHr: 186 },
    { localDate: '2026-01-02', peak30sHr: 197 },
    { localDate: '2025-12-30', peak30sHr: null },
  ];

  test.each([
    ['the window ends on the date (included)', '2025-12-31', 199, 3],
    ['a peak 365 days old has left the window', '2026-01-01', 190, 2],
    ['later runs are not seen', '2025-06-01', 199, 2],
  ])('%s', (_name, date, value, runs) => {
    expect(observeMaxHr(peaks, date, RULE_SET_V1)).toEqual({ value, runsWithHeartRate: runs });
  });

  test('no heart rate at all: nothing observed', () => {
    expect(
      observeMaxHr([{ localDate: '2026-01-01', peak30sHr: null }], '2026-01-01', RULE_SET_V1),
    ).toBeNull();
  });
});
