import { describe, expect, it } from 'vitest';
import { mapStravaActivity } from '../../../../src/providers/strava/map-strava-activity.ts';
import { parseStravaActivity } from '../../../../src/providers/strava/strava.schemas.ts';
import { parseStravaTimeZone } from '../../../../src/providers/strava/strava-time-zone.ts';
import { stravaActivityJson } from './strava-activity-builder.ts';

function mapped(overrides: Record<string, unknown> = {}) {
  const warnings: string[] = [];
  const activity = mapStravaActivity(parseStravaActivity(stravaActivityJson(overrides)), (message) =>
    warnings.push(message),
  );
  return { activity, warnings };
}

describe('mapStravaActivity', () => {
  it('maps a run to our fields and keeps what only Strava tells', () => {
    const { activity, warnings } = mapped();
    expect(activity).toEqual({
      externalId: '15000000001',
      name: 'Morning Run',
      sport: 'running',
      subSport: null,
      startTime: new Date('2026-07-14T05:30:00Z'),
      utcOffsetS: 7200,
      timeZone: 'Europe/Paris',
      elapsedTimeS: 3105,
      movingTimeS: 3010,
      distanceM: 10012.4,
      avgHeartRate: 148.3,
      maxHeartRate: 171,
      device: 'Garmin Forerunner 265',
      manual: false,
      private: false,
      trainer: false,
      hasHeartRate: true,
      streams: null,
    });
    expect(warnings).toEqual([]);
  });

  it.each([
    ['Run', false, 'running', null],
    ['Run', true, 'running', 'treadmill'],
    ['TrailRun', false, 'running', 'trail'],
    ['TrailRun', true, 'running', 'trail'],
    ['VirtualRun', false, 'running', 'virtual'],
    ['VirtualRun', true, 'running', 'virtual'],
    ['Ride', false, 'cycling', null],
    ['Ride', true, 'cycling', 'indoor_cycling'],
    ['VirtualRide', true, 'cycling', 'virtual'],
    ['GravelRide', false, 'cycling', 'gravel_cycling'],
    ['MountainBikeRide', false, 'cycling', 'mountain'],
    ['EBikeRide', false, 'cycling', 'e_bike'],
    ['EMountainBikeRide', false, 'cycling', 'e_bike'],
    ['Swim', false, 'swimming', null],
    ['Walk', false, 'walking', null],
    ['Walk', true, 'walking', 'indoor_walking'],
    ['Hike', false, 'hiking', null],
    ['WeightTraining', false, 'strength', null],
    ['Crossfit', false, 'strength', 'crossfit'],
    ['Yoga', false, 'mobility', 'yoga'],
    ['Pilates', false, 'mobility', 'pilates'],
    ['AlpineSki', false, 'other', 'alpine_ski'],
    ['InlineSkate', false, 'other', 'inline_skate'],
    ['HighIntensityIntervalTraining', false, 'other', 'high_intensity_interval_training'],
    ['Workout', true, 'other', 'workout'],
    ['constructor', false, 'other', 'constructor'],
    ['!!!', false, 'other', null],
  ] as const)('sport_type %s (trainer %s) → %s/%s', (sportType, trainer, sport, subSport) => {
    const { activity } = mapped({ sport_type: sportType, type: 'Workout', trainer });
    expect({ sport: activity.sport, subSport: activity.subSport }).toEqual({ sport, subSport });
  });

  it('falls back to the deprecated `type` of activities recorded before sport_type existed', () => {
    expect(mapped({ sport_type: undefined, type: 'Hike' }).activity.sport).toBe('hiking');
    expect(mapped({ sport_type: null, type: 'Swim' }).activity.sport).toBe('swimming');
  });

  it('flags manual entries, private and indoor activities', () => {
    const { activity } = mapped({ manual: true, private: true, trainer: true, has_heartrate: false });
    expect(activity).toMatchObject({ manual: true, private: true, trainer: true, hasHeartRate: false });
  });

  it('takes null where Strava sends null', () => {
    const { activity } = mapped({
      moving_time: null,
      distance: null,
      average_heartrate: null,
      max_heartrate: undefined,
      device_name: null,
      name: null,
      timezone: null,
      manual: null,
      workout_type: null,
    });
    expect(activity).toMatchObject({
      movingTimeS: null,
      distanceM: null,
      avgHeartRate: null,
      maxHeartRate: null,
      device: null,
      name: null,
      timeZone: null,
      manual: false,
    });
  });

  it('drops heart rates no human has, as the FIT path does', () => {
    const zero = mapped({ average_heartrate: 0, max_heartrate: 0 });
    expect([zero.activity.avgHeartRate, zero.activity.maxHeartRate]).toEqual([null, null]);
    expect(zero.warnings).toEqual([]);
    const noise = mapped({ max_heartrate: 255 });
    expect(noise.activity.maxHeartRate).toBeNull();
    expect(noise.warnings).toEqual([
      'Strava activity 15000000001: max_heartrate 255 bpm is not a heart rate: ignored',
    ]);
  });

  it('keeps a Strava id sent as a string, and long names cut to 500 characters', () => {
    const { activity } = mapped({ id: '16181809559', name: 'x'.repeat(100_000) });
    expect(activity.externalId).toBe('16181809559');
    expect(activity.name).toHaveLength(500);
  });
});

describe('the offset and zone of a Strava activity', () => {
  it.each([
    ['a Paris run in July (summer time)', '2026-07-14T05:30:00Z', '2026-07-14T07:30:00Z', 7200],
    ['a Paris run in January', '2026-01-14T06:30:00Z', '2026-01-14T07:30:00Z', 3600],
    ['a Paris run on the morning clocks went forward', '2026-03-29T06:00:00Z', '2026-03-29T08:00:00Z', 7200],
  ])('%s', (_, startDate, startDateLocal, offset) => {
    const utcOffset = mapped({ start_date: startDate, start_date_local: startDateLocal }).activity;
    expect(utcOffset.timeZone).toBe('Europe/Paris');
    const fromOffset = mapped({
      start_date: startDate,
      start_date_local: startDateLocal,
      utc_offset: offset,
    });
    expect(fromOffset.activity.utcOffsetS).toBe(offset);
    // Without utc_offset (activities of 2013), the local start tells the same.
    const derived = mapped({
      start_date: startDate,
      start_date_local: startDateLocal,
      utc_offset: undefined,
    });
    expect(derived.activity.utcOffsetS).toBe(offset);
    expect(derived.warnings).toEqual([]);
  });

  it('drops an absurd utc_offset with a warning and falls back to the local start', () => {
    const { activity, warnings } = mapped({ utc_offset: 9_999_999 });
    expect(activity.utcOffsetS).toBe(7200);
    expect(warnings).toEqual(['Strava activity 15000000001: utc_offset 9999999 s is beyond ±14 h: ignored']);
  });

  it('has no offset when neither utc_offset nor the local start is sane', () => {
    const { activity, warnings } = mapped({ utc_offset: -86_400, start_date_local: '2026-07-20T07:30:00Z' });
    expect(activity.utcOffsetS).toBeNull();
    expect(warnings).toHaveLength(2);
    expect(activity.timeZone).toBe('Europe/Paris');
  });

  it('accepts the extremes of real zones: Kiribati (+14 h) and Baker Island (−12 h)', () => {
    expect(mapped({ utc_offset: 50_400 }).activity.utcOffsetS).toBe(50_400);
    expect(mapped({ utc_offset: -43_200 }).activity.utcOffsetS).toBe(-43_200);
  });

  it.each([
    ['(GMT+01:00) Europe/Paris', 'Europe/Paris'],
    ['(GMT-05:00) America/New_York', 'America/New_York'],
    ['(GMT-03:00) America/Argentina/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
    ['(GMT+05:30) Asia/Kolkata', 'Asia/Kolkata'],
    ['(GMT+00:00) UTC', 'UTC'],
    ['(GMT-08:00) America/Port-au-Prince', 'America/Port-au-Prince'],
    ['Europe/Paris', 'Europe/Paris'],
    ['(GMT+01:00) europe/paris', 'Europe/Paris'],
    ['(GMT+01:00) Europe/Atlantis', null],
    ['(GMT+01:00)', null],
    ['GMT+1', null],
    ['(GMT+01:00) Europe/Paris; DROP TABLE activity', null],
    ['', null],
    [null, null],
  ])('reads the zone of %j as %j', (timezone, zone) => {
    expect(parseStravaTimeZone(timezone)).toBe(zone);
  });
});
