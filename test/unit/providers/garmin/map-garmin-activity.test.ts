import { describe, expect, it } from 'vitest';
import { mapFitSport } from '../../../../src/fit/fit-sport-map.ts';
import { parseGarminActivitySummary } from '../../../../src/providers/garmin/garmin.schemas.ts';
import { mapGarminSport } from '../../../../src/providers/garmin/garmin-sport-map.ts';
import { mapGarminActivity } from '../../../../src/providers/garmin/map-garmin-activity.ts';
import { mapStravaSport } from '../../../../src/providers/strava/strava-sport-map.ts';
import { garminSummaryJson } from './garmin-payload-builder.ts';

function mapped(overrides: Record<string, unknown> = {}) {
  const warnings: string[] = [];
  const activity = mapGarminActivity(parseGarminActivitySummary(garminSummaryJson(overrides)), (message) =>
    warnings.push(message),
  );
  return { mapped: activity, warnings };
}

describe('mapGarminActivity', () => {
  it('maps a run to our fields, keyed by Garmin’s activity id', () => {
    const { mapped: result, warnings } = mapped();
    expect(result).toEqual({
      externalId: '21000000042',
      summaryId: '21000000042',
      isParent: false,
      parentSummaryId: null,
      activity: {
        sport: 'running',
        subSport: null,
        startTime: new Date(1_784_180_000 * 1000),
        utcOffsetS: 7200,
        timeZone: null,
        elapsedTimeS: 3105,
        movingTimeS: null,
        distanceM: 10012.4,
        avgHeartRate: 148,
        maxHeartRate: 171,
        device: 'Forerunner 965',
        manual: false,
        name: 'Lunch Run',
      },
    });
    expect(warnings).toEqual([]);
  });

  it('drops an offset beyond ±14 h and a heart rate no human has, saying why', () => {
    const { mapped: result, warnings } = mapped({
      startTimeOffsetInSeconds: 15 * 3600,
      averageHeartRateInBeatsPerMinute: 0,
      maxHeartRateInBeatsPerMinute: 300,
    });
    expect(result.activity).toMatchObject({ utcOffsetS: null, avgHeartRate: null, maxHeartRate: null });
    expect(warnings).toEqual([
      'Garmin activity 21000000042: startTimeOffsetInSeconds 54000 s is beyond ±14 h: ignored',
      'Garmin activity 21000000042: maxHeartRate 300 bpm is not a heart rate: ignored',
    ]);
    // −12 h and +14 h are real zones (Baker Island, Kiribati).
    expect(mapped({ startTimeOffsetInSeconds: -12 * 3600 }).mapped.activity.utcOffsetS).toBe(-43200);
    expect(mapped({ startTimeOffsetInSeconds: 14 * 3600 }).mapped.activity.utcOffsetS).toBe(50400);
  });

  it('keeps a multisport parent and the leg that names it', () => {
    expect(mapped({ activityType: 'MULTI_SPORT', isParent: true }).mapped).toMatchObject({
      isParent: true,
      activity: { sport: 'multisport' },
    });
    expect(mapped({ activityType: 'CYCLING', parentSummaryId: '21000000040' }).mapped).toMatchObject({
      isParent: false,
      parentSummaryId: '21000000040',
      activity: { sport: 'cycling' },
    });
  });

  it('takes the moving time when Garmin gives one, and a manual entry as manual', () => {
    expect(mapped({ movingDurationInSeconds: 3000 }).mapped.activity.movingTimeS).toBe(3000);
    expect(mapped({ manual: true }).mapped.activity.manual).toBe(true);
  });
});

describe('mapGarminSport', () => {
  // Each Garmin type beside the FIT sport/sub-sport a Garmin device writes for it, and Strava's name.
  it.each([
    ['RUNNING', ['running', 'generic'], 'Run'],
    ['TRAIL_RUNNING', ['running', 'trail'], 'TrailRun'],
    ['TREADMILL_RUNNING', ['running', 'treadmill'], null],
    ['INDOOR_RUNNING', ['running', 'indoor_running'], null],
    ['TRACK_RUNNING', ['running', 'track'], null],
    ['STREET_RUNNING', ['running', 'street'], null],
    ['VIRTUAL_RUN', ['running', 'virtual_activity'], 'VirtualRun'],
    ['CYCLING', ['cycling', 'generic'], 'Ride'],
    ['MOUNTAIN_BIKING', ['cycling', 'mountain'], 'MountainBikeRide'],
    ['GRAVEL_CYCLING', ['cycling', 'gravel_cycling'], 'GravelRide'],
    ['INDOOR_CYCLING', ['cycling', 'indoor_cycling'], null],
    ['VIRTUAL_RIDE', ['cycling', 'virtual_activity'], 'VirtualRide'],
    ['LAP_SWIMMING', ['swimming', 'lap_swimming'], null],
    ['OPEN_WATER_SWIMMING', ['swimming', 'open_water'], null],
    ['WALKING', ['walking', 'generic'], 'Walk'],
    ['HIKING', ['hiking', 'generic'], 'Hike'],
    ['STRENGTH_TRAINING', ['training', 'strength_training'], 'WeightTraining'],
    ['YOGA', ['training', 'yoga'], 'Yoga'],
    ['PILATES', ['training', 'pilates'], 'Pilates'],
    ['TRANSITION', ['transition', 'generic'], null],
    ['MULTI_SPORT', ['multisport', 'generic'], null],
  ] as const)(
    '%s is what the FIT file and Strava call it',
    (garminType, [fitSport, fitSubSport], stravaType) => {
      const fromGarmin = mapGarminSport(garminType);
      expect(fromGarmin).toEqual(mapFitSport(fitSport, fitSubSport));
      if (stravaType) expect(fromGarmin.sport).toBe(mapStravaSport(stravaType, false).sport);
    },
  );

  it('keeps an unknown type as `other` with its name, as the FIT importer does', () => {
    expect(mapGarminSport('STAND_UP_PADDLEBOARDING')).toEqual({
      sport: 'other',
      subSport: 'stand_up_paddleboarding',
    });
    expect(mapGarminSport('  running ')).toEqual({ sport: 'running', subSport: null });
    expect(mapGarminSport('!!!')).toEqual({ sport: 'other', subSport: null });
  });
});
