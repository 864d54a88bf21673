import { describe, expect, test } from 'vitest';
import {
  heartRateQuality,
  SAMPLE_DROPOUT,
  SAMPLE_SPIKE,
  SAMPLE_VALID,
  scanSamples,
} from '../../../src/analysis/hr-quality.ts';
import { RULE_SET_V1 } from '../../../src/analysis/rule-set.ts';
import { streams } from './stream-builder.ts';

function scan(builder: ReturnType<typeof streams>, intervalS = 1) {
  const built = builder.build({ intervalS });
  const result = scanSamples(built.timeS, built.heartRate, RULE_SET_V1);
  return { ...result, flagList: Array.from(result.flags.subarray(0, result.sampleCount)), built };
}

describe('moving time and pauses', () => {
  test('a 60-s gap is a pause, not moving time', () => {
    const result = scan(streams().minutes(10, 140).pause(60).minutes(10, 140));
    expect(result.movingTimeS).toBe(1200);
    expect(result.pausedS).toBe(60);
  });

  test.each([
    [15, 'a gap of exactly 15 s is still moving', 1215, 0],
    [16, 'a gap of 16 s is a pause', 1200, 16],
  ])('gap %d s: %s', (gap, _name, moving, paused) => {
    const result = scan(streams().minutes(10, 140).pause(gap).minutes(10, 140));
    expect(result.movingTimeS).toBe(moving);
    expect(result.pausedS).toBe(paused);
  });

  test('repeated or backward timestamps add nothing', () => {
    const timeS = Float64Array.from([0, 1, 1, 2, 1.5, 3]);
    const heartRate = Float64Array.from([140, 140, 140, 140, 140, 140]);
    expect(scanSamples(timeS, heartRate, RULE_SET_V1).movingTimeS).toBe(3.5);
  });
});

describe('heart-rate samples', () => {
  test('dropouts (NaN) are counted as episodes and time', () => {
    const result = scan(
      streams().minutes(5, 140).segment(30, null).minutes(5, 140).segment(10, null).minutes(1, 140),
    );
    expect(result.dropouts).toBe(2);
    expect(result.dropoutS).toBe(40);
    expect(result.validS).toBe(660);
  });

  test('a short excursion that comes back is a spike, left out', () => {
    const result = scan(streams().minutes(10, 140).spike(300, 3, 215));
    expect(result.spikes).toBe(1);
    expect(result.spikeS).toBe(3);
    expect(result.flagList.slice(299, 304)).toEqual([
      SAMPLE_VALID,
      SAMPLE_SPIKE,
      SAMPLE_SPIKE,
      SAMPLE_SPIKE,
      SAMPLE_VALID,
    ]);
  });

  test('a downward spike (strap contact lost) is a spike too', () => {
    const result = scan(streams().minutes(10, 150).spike(120, 2, 90));
    expect(result.spikeS).toBe(2);
  });

  test('a jump that stays is a real change of level, not a spike', () => {
    const result = scan(streams().minutes(5, 130).minutes(5, 172));
    expect(result.spikes).toBe(0);
    expect(result.validS).toBe(600);
  });

  test.each([
    ['below the plausible range', 20],
    ['above the plausible range', 250],
  ])('a value %s is a spike', (_name, value) => {
    const result = scan(streams().minutes(2, value).minutes(2, 140));
    expect(result.spikeS).toBe(120);
    expect(result.flagList[0]).toBe(SAMPLE_SPIKE);
  });

  test('a spike next to a dropout keeps the dropout a dropout', () => {
    const result = scan(streams().minutes(2, 140).segment(2, null).minutes(2, 140).spike(122, 3, 220));
    expect(result.flagList[120]).toBe(SAMPLE_DROPOUT);
    expect(result.flagList[122]).toBe(SAMPLE_SPIKE);
  });
});

describe('30-s peak (max HR evidence)', () => {
  test('the highest 30-s rolling average', () => {
    const result = scan(streams().minutes(5, 150).segment(40, 190).minutes(5, 150));
    expect(result.peak30sHr).toBe(190);
  });

  test('a spike does not raise the peak', () => {
    const result = scan(streams().minutes(5, 150).spike(100, 5, 229));
    expect(result.peak30sHr).toBe(150);
  });

  test('a 20-s burst is averaged over 30 s', () => {
    const result = scan(streams().minutes(5, 150).segment(20, 180).minutes(5, 150));
    expect(result.peak30sHr).toBe(170);
  });

  test('a pause breaks the window', () => {
    const result = scan(
      streams().minutes(5, 150).segment(20, 180).pause(60).segment(20, 180).minutes(5, 150),
    );
    expect(result.peak30sHr).toBeCloseTo(170, 6);
  });

  test('no heart rate: no peak', () => {
    const built = streams().minutes(5, null).build();
    expect(scanSamples(built.timeS, built.heartRate, RULE_SET_V1).peak30sHr).toBeNull();
  });
});

describe('quality grade', () => {
  test.each([
    ['full, clean coverage', streams().minutes(60, 140), 'high'],
    ['90% coverage', streams().minutes(54, 140).minutes(6, null), 'medium'],
    ['70% coverage', streams().minutes(42, 140).minutes(18, null), 'low'],
    ['no heart rate at all', streams().minutes(60, null), 'none'],
  ])('%s → %s', (_name, builder, grade) => {
    const result = scan(builder);
    expect(heartRateQuality(result, RULE_SET_V1).grade).toBe(grade);
  });

  test('many spikes cap the grade at medium', () => {
    const builder = streams().minutes(60, 140);
    for (let minute = 1; minute < 59; minute++) builder.spike(minute * 60, 2, 225);
    const quality = heartRateQuality(scan(builder), RULE_SET_V1);
    expect(quality.coverage).toBeGreaterThan(0.95);
    expect(quality.grade).toBe('medium');
  });
});
