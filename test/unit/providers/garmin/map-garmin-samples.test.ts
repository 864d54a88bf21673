import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GarminPayloadError } from '../../../../src/providers/garmin/garmin.schemas.ts';
import { mapGarminSamples } from '../../../../src/providers/garmin/map-garmin-samples.ts';
import { garminSamples } from './garmin-payload-builder.ts';

const START_S = 1_784_180_000;
const start = new Date(START_S * 1000);

describe('mapGarminSamples', () => {
  it('places each sample by its own time, on seconds since the activity’s start', () => {
    const streams = mapGarminSamples(garminSamples(START_S + 5, 3), start, 'details')!;
    expect([...streams.timeS]).toEqual([5, 6, 7]);
    expect([...streams.heartRate!]).toEqual([120, 121, 122]);
    expect([...streams.distanceM!]).toEqual([0, 3.1, 6.2]);
    expect([...streams.speedMps!]).toEqual([3.1, 3.1, 3.1]);
    expect([...streams.altitudeM!]).toEqual([40, 40, 40]);
    // Garmin's run cadence is steps of both legs already: not doubled.
    expect([...streams.cadence!]).toEqual([172, 172, 172]);
  });

  it('sorts samples sent out of order, merges those of one second, drops those before the start', () => {
    const warnings: string[] = [];
    const streams = mapGarminSamples(
      [
        { startTimeInSeconds: START_S + 2, heartRate: 130 },
        { startTimeInSeconds: START_S - 3, heartRate: 99 },
        { startTimeInSeconds: START_S, heartRate: 128 },
        { startTimeInSeconds: START_S + 2, speedMetersPerSecond: 3 },
        { heartRate: 150 },
      ],
      start,
      'details of 7',
      (message) => warnings.push(message),
    )!;
    expect([...streams.timeS]).toEqual([0, 2]);
    expect([...streams.heartRate!]).toEqual([128, 130]);
    expect([...streams.speedMps!].map(String)).toEqual(['NaN', '3']);
    expect(warnings).toEqual([
      'details of 7: 1 sample(s) without startTimeInSeconds ignored',
      "details of 7: 1 sample(s) before the activity's start ignored",
    ]);
  });

  it('turns noise into gaps (NaN), never into values, and leaves out a stream with nothing in it', () => {
    const streams = mapGarminSamples(
      garminSamples(START_S, 4, (second) => ({
        heartRate: [0, 251, 140, -5][second],
        speedMetersPerSecond: [150, 3, 3, 3][second],
        elevationInMeters: [20_000, 10, 11, 12][second],
      })),
      start,
      'details',
    )!;
    expect([...streams.heartRate!].map(String)).toEqual(['NaN', 'NaN', '140', 'NaN']);
    expect([...streams.speedMps!].map(String)).toEqual(['NaN', '3', '3', '3']);
    expect([...streams.altitudeM!].map(String)).toEqual(['NaN', '10', '11', '12']);
    expect(streams.distanceM).toBeUndefined();
    expect(streams.cadence).toBeUndefined();
  });

  it('is null without samples, or with time alone', () => {
    expect(mapGarminSamples([], start, 'details')).toBeNull();
    expect(mapGarminSamples([{ startTimeInSeconds: START_S }], start, 'details')).toBeNull();
  });

  it.each([
    ['a sample that is not an object', [42], /details: samples\[0\] should be an object/],
    [
      'a time as text',
      [{ startTimeInSeconds: 'now' }],
      /samples\[0\]\.startTimeInSeconds should be a number/,
    ],
    [
      'a heart rate as text',
      [{ startTimeInSeconds: START_S }, { startTimeInSeconds: START_S + 1, heartRate: 'fast' }],
      /samples\[1\]\.heartRate should be a number/,
    ],
  ])('refuses %s, saying where', (_case, samples, expected) => {
    expect(() => mapGarminSamples(samples, start, 'details')).toThrow(GarminPayloadError);
    expect(() => mapGarminSamples(samples, start, 'details')).toThrow(expected);
  });

  it('always gives aligned streams on a strictly ascending time from 0 on, whatever the order and gaps', () => {
    const sample = fc.record(
      {
        startTimeInSeconds: fc.integer({ min: START_S - 100, max: START_S + 20_000 }),
        heartRate: fc.oneof(fc.integer({ min: -10, max: 300 }), fc.constant(null)),
        speedMetersPerSecond: fc.double({ min: -1, max: 200, noNaN: true }),
        totalDistanceInMeters: fc.double({ min: -10, max: 50_000, noNaN: true }),
      },
      { requiredKeys: ['startTimeInSeconds'] },
    );
    fc.assert(
      fc.property(fc.array(sample, { maxLength: 300 }), (samples) => {
        const streams = mapGarminSamples(samples, start, 'details');
        if (!streams) return;
        const { timeS, ...others } = streams;
        expect(timeS[0]).toBeGreaterThanOrEqual(0);
        for (let index = 1; index < timeS.length; index++)
          expect(timeS[index]).toBeGreaterThan(timeS[index - 1]!);
        for (const values of Object.values(others)) expect(values!.length).toBe(timeS.length);
        for (const value of streams.heartRate ?? [])
          if (!Number.isNaN(value)) expect(value).toBeGreaterThan(0);
        for (const value of streams.speedMps ?? []) if (!Number.isNaN(value)) expect(value).toBeLessThan(100);
        const distinctSeconds = new Set(
          samples.map((each) => each.startTimeInSeconds).filter((time) => time >= START_S),
        );
        expect(timeS.length).toBe(distinctSeconds.size);
      }),
    );
  });
});
