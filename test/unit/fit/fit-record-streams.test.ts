import { describe, expect, it } from 'vitest';
import { expandCompressedSpeedDistance } from '../../../src/fit/compressed-speed-distance.ts';
import type { FitMessage } from '../../../src/fit/fit-message.ts';
import {
  collectRecordSamples,
  sanitiseHeartRate,
  toActivityStreams,
  toStepsPerMinute,
} from '../../../src/fit/fit-record-streams.ts';

const T0 = Date.parse('2024-03-10T07:00:00Z');

function samplesOf(records: FitMessage[], stridesToSteps = false) {
  const times = Float64Array.from(records, (record) =>
    record.timestamp instanceof Date ? record.timestamp.getTime() : Number.NaN,
  );
  const indices = records.map((_, index) => index).filter((index) => !Number.isNaN(times[index]!));
  return collectRecordSamples(records, times, indices, {
    stridesToSteps,
    compressed: () => expandCompressedSpeedDistance(records),
  });
}

const at = (seconds: number) => new Date(T0 + seconds * 1000);

describe('sanitiseHeartRate', () => {
  it.each([
    [0, Number.NaN],
    [-5, Number.NaN],
    [250, Number.NaN],
    [255, Number.NaN],
    [Number.NaN, Number.NaN],
    [1, 1],
    [60, 60],
    [249, 249],
  ])('%s bpm → %s', (input, expected) => {
    expect(sanitiseHeartRate(input)).toBe(expected);
  });

  it('puts NaN in the stream and does not count implausible values', () => {
    const samples = samplesOf([
      { timestamp: at(0), heart_rate: 0 },
      { timestamp: at(1), heart_rate: 140 },
      { timestamp: at(2), heart_rate: 254 },
      { timestamp: at(3) },
    ]);
    expect(Array.from(samples.heartRate)).toEqual([Number.NaN, 140, Number.NaN, Number.NaN]);
  });
});

describe('running cadence', () => {
  it('doubles strides per minute into steps per minute, with the fractional part', () => {
    expect(toStepsPerMinute(85, 0.5)).toBe(171);
    expect(toStepsPerMinute(85, Number.NaN)).toBe(170);
    expect(toStepsPerMinute(0, 0)).toBe(0);
  });

  it('doubles for foot sports and leaves cycling revolutions alone', () => {
    const records = [{ timestamp: at(0), cadence: 88, fractional_cadence: 0.25 }];
    expect(samplesOf(records, true).cadence[0]).toBe(176.5);
    expect(samplesOf(records, false).cadence[0]).toBe(88);
  });
});

describe('collectRecordSamples', () => {
  it('merges records sharing a timestamp (position record + distance record of the Strava app)', () => {
    const samples = samplesOf([
      { timestamp: at(0), speed: 2.5, enhanced_speed: 2.6, altitude: 10 },
      { timestamp: at(0), distance: 0 },
      { timestamp: at(1), enhanced_speed: 2.8, enhanced_altitude: 11, altitude: 99 },
      { timestamp: at(1), distance: 2.8, speed: 9 },
    ]);
    expect(Array.from(samples.timesMs)).toEqual([T0, T0 + 1000]);
    expect(Array.from(samples.speedMps)).toEqual([2.6, 2.8]);
    expect(Array.from(samples.distanceM)).toEqual([0, 2.8]);
    expect(Array.from(samples.altitudeM)).toEqual([10, 11]);
  });

  it('sorts records that go back in time', () => {
    const samples = samplesOf([
      { timestamp: at(0), heart_rate: 100 },
      { timestamp: at(2), heart_rate: 120 },
      { timestamp: at(1), heart_rate: 110 },
    ]);
    expect(Array.from(samples.timesMs)).toEqual([T0, T0 + 1000, T0 + 2000]);
    expect(Array.from(samples.heartRate)).toEqual([100, 110, 120]);
  });

  it('turns negative distances and speeds into NaN', () => {
    const samples = samplesOf([
      { timestamp: at(0), distance: -3, speed: -1 },
      { timestamp: at(1), distance: 5, speed: 2 },
    ]);
    expect(Array.from(samples.distanceM)).toEqual([Number.NaN, 5]);
    expect(Array.from(samples.speedMps)).toEqual([Number.NaN, 2]);
  });
});

describe('toActivityStreams', () => {
  it('gives seconds since the start and omits streams without any value', () => {
    const streams = toActivityStreams(
      samplesOf([{ timestamp: at(5), heart_rate: 150 }, { timestamp: at(6) }]),
      T0,
    );
    expect(streams).not.toBeNull();
    expect(Array.from(streams!.timeS)).toEqual([5, 6]);
    expect(Array.from(streams!.heartRate!)).toEqual([150, Number.NaN]);
    expect(Object.keys(streams!).sort()).toEqual(['heartRate', 'timeS']);
    expect(streams!.timeS).toBeInstanceOf(Float64Array);
  });

  it('is null when no record carries data', () => {
    expect(toActivityStreams(samplesOf([{ timestamp: at(0) }]), T0)).toBeNull();
  });
});

describe('expandCompressedSpeedDistance', () => {
  it('unpacks 12-bit speed (1/100 m/s) and 12-bit accumulated distance (1/16 m) with rollover', () => {
    const pack = (speedRaw: number, distanceRaw: number) => [
      speedRaw & 0xff,
      ((speedRaw >> 8) & 0x0f) | ((distanceRaw & 0x0f) << 4),
      (distanceRaw >> 4) & 0xff,
    ];
    const records: FitMessage[] = [
      { compressed_speed_distance: pack(250, 16) },
      { compressed_speed_distance: pack(300, 4080) },
      // The counter wrapped: 4080 → 32 is +48 counts (3 m).
      { compressed_speed_distance: pack(310, 32) },
      { distance: 5 },
      { compressed_speed_distance: [null, null, null] },
    ];
    const expanded = expandCompressedSpeedDistance(records)!;
    expect(Array.from(expanded.speedMps)).toEqual([2.5, 3, 3.1, Number.NaN, Number.NaN]);
    expect(Array.from(expanded.distanceM)).toEqual([1, 255, 258, Number.NaN, Number.NaN]);
  });

  it('is null when no record has the field', () => {
    expect(expandCompressedSpeedDistance([{ distance: 1 }])).toBeNull();
  });
});
