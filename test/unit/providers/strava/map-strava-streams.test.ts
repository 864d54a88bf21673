import { describe, expect, it } from 'vitest';
import { mapStravaStreams } from '../../../../src/providers/strava/map-strava-streams.ts';
import { parseStravaStreams } from '../../../../src/providers/strava/strava.schemas.ts';

/** Streams as Strava sends them with key_by_type=true (hand-written, shaped like the recorded ones). */
function keyed(streams: Record<string, unknown[]>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(streams).map(([type, data]) => [
      type,
      { data, series_type: 'distance', original_size: data.length, resolution: 'high' },
    ]),
  );
}

function map(streams: Record<string, unknown[]>, running = true) {
  const warnings: string[] = [];
  const mapped = mapStravaStreams(parseStravaStreams(keyed(streams), '7'), running, (message) =>
    warnings.push(message),
  );
  return { mapped, warnings };
}

describe('mapStravaStreams', () => {
  it('maps each stream to ours, aligned on time', () => {
    const { mapped, warnings } = map({
      time: [0, 1, 2, 4],
      heartrate: [120, 122, 125, 126],
      distance: [0, 2.9, 5.9, 11.8],
      velocity_smooth: [0, 2.9, 3, 2.95],
      altitude: [35.2, 35.4, 35.4, 35.6],
      cadence: [0, 84, 86, 85],
      moving: [false, true, true, true],
      latlng: [
        [48.85, 2.35],
        [48.85, 2.35],
        [48.85, 2.35],
        [48.85, 2.35],
      ],
    });
    expect(warnings).toEqual([]);
    expect(mapped).toEqual({
      timeS: Float64Array.from([0, 1, 2, 4]),
      heartRate: Float64Array.from([120, 122, 125, 126]),
      distanceM: Float64Array.from([0, 2.9, 5.9, 11.8]),
      speedMps: Float64Array.from([0, 2.9, 3, 2.95]),
      altitudeM: Float64Array.from([35.2, 35.4, 35.4, 35.6]),
      // Strava counts a run's cadence per leg: steps per minute are twice that.
      cadence: Float64Array.from([0, 168, 172, 170]),
    });
  });

  it('keeps cadence as sent for other sports', () => {
    expect(map({ time: [0, 1], cadence: [80, 82] }, false).mapped!.cadence).toEqual(
      Float64Array.from([80, 82]),
    );
  });

  it('turns 0 bpm, noise and nulls into NaN, never 0', () => {
    const { mapped } = map({
      time: [0, 1, 2, 3, 4],
      heartrate: [0, 140, 251, null, -3],
      velocity_smooth: [3, 250, -1, 3, null],
      altitude: [12, 50_000, -5000, 13, 14],
    });
    expect([...mapped!.heartRate!]).toEqual([Number.NaN, 140, Number.NaN, Number.NaN, Number.NaN]);
    expect([...mapped!.speedMps!]).toEqual([3, Number.NaN, Number.NaN, 3, Number.NaN]);
    expect([...mapped!.altitudeM!]).toEqual([12, Number.NaN, Number.NaN, 13, 14]);
  });

  it('leaves out a stream without a single valid sample, and is null with only time left', () => {
    expect(map({ time: [0, 1, 2], heartrate: [0, 0, 0], distance: [0, 1, 2] }).mapped).toEqual({
      timeS: Float64Array.from([0, 1, 2]),
      distanceM: Float64Array.from([0, 1, 2]),
    });
    expect(map({ time: [0, 1, 2], heartrate: [0, 0, 0] }).mapped).toBeNull();
    expect(map({ time: [0, 1, 2] }).mapped).toBeNull();
  });

  it('is null for an activity without samples (Strava answers an empty list or object)', () => {
    expect(mapStravaStreams(parseStravaStreams([]), true)).toBeNull();
    expect(mapStravaStreams(parseStravaStreams({}), true)).toBeNull();
    expect(map({ time: [], heartrate: [] }).mapped).toBeNull();
  });

  it('aligns streams of another length on time: cut when longer, NaN when shorter, with a warning', () => {
    const { mapped, warnings } = map({
      time: [0, 1, 2, 3],
      heartrate: [120, 121, 122, 123, 124, 125],
      distance: [0, 3],
    });
    expect([...mapped!.heartRate!]).toEqual([120, 121, 122, 123]);
    expect([...mapped!.distanceM!]).toEqual([0, 3, Number.NaN, Number.NaN]);
    expect(mapped!.timeS).toHaveLength(4);
    expect(warnings).toEqual([
      'Strava heartrate stream has 6 samples for 4 times: aligned on time',
      'Strava distance stream has 2 samples for 4 times: aligned on time',
    ]);
  });

  it('reads the list form (without key_by_type) like the keyed one', () => {
    const listed = [
      { type: 'time', data: [0, 1, 2], series_type: 'distance', original_size: 3, resolution: 'high' },
      {
        type: 'heartrate',
        data: [100, 101, 102],
        series_type: 'distance',
        original_size: 3,
        resolution: 'high',
      },
    ];
    expect(mapStravaStreams(parseStravaStreams(listed), true)).toEqual(
      map({ time: [0, 1, 2], heartrate: [100, 101, 102] }).mapped,
    );
  });
});
