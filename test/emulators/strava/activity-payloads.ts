import { fromTemplate, type StravaTemplates } from './strava-fixture-templates.ts';
import type { EmulatedActivity } from './strava-model.ts';
import {
  altitudeProfile,
  availableStreams,
  type GeneratedStreams,
  STREAM_KEYS,
  type StreamKey,
} from './stream-generator.ts';
import {
  stravaLocalTimestamp,
  stravaTimestamp,
  stravaTimeZoneLabel,
  utcOffsetSeconds,
} from './time-zones.ts';

/** `type` is deprecated but still sent: the newer sport types fold into the older, coarser ones. */
const LEGACY_TYPES: Record<string, string> = {
  TrailRun: 'Run',
  MountainBikeRide: 'Ride',
  GravelRide: 'Ride',
  EMountainBikeRide: 'EBikeRide',
};

/** Fields of the recorded runs that describe things the emulator does not model (weather, GPS, social). */
const NOT_EMULATED = ['average_temp', 'location_city', 'location_state', 'location_country'];

/** SummaryActivity (GET /athlete/activities), on the recorded summary of a real run. */
export function summaryActivityPayload(templates: StravaTemplates, activity: EmulatedActivity): object {
  return fromTemplate(templates.summaryActivity, summaryFields(activity), omittedFields(activity));
}

/** DetailedActivity (GET /activities/{id}), on the recorded detailed run; efforts, laps and splits left empty. */
export function detailedActivityPayload(templates: StravaTemplates, activity: EmulatedActivity): object {
  const omit = [...omittedFields(activity), 'gear', 'similar_activities'];
  return fromTemplate(
    templates.detailedActivity,
    {
      ...summaryFields(activity),
      resource_state: 3,
      description: null,
      calories: Math.round(
        (activity.movingSeconds / 60) * (activity.sportType === 'WeightTraining' ? 6 : 11),
      ),
      segment_efforts: [],
      splits_metric: [],
      splits_standard: [],
      laps: [],
      best_efforts: [],
      photos: { primary: null, count: 0 },
      device_name: activity.deviceName,
      embed_token: (activity.streamSeed >>> 0).toString(16).padStart(8, '0').repeat(5),
      available_zones: activity.hasHeartRate ? ['heartrate'] : [],
    },
    activity.deviceName === null ? [...omit, 'device_name'] : omit,
  );
}

function summaryFields(activity: EmulatedActivity): Record<string, unknown> {
  const { startDate, timeZone } = activity;
  const hasStreams = !activity.manual;
  const hills = altitudeProfile(activity);
  const averageSpeed = activity.movingSeconds > 0 ? activity.distanceMeters / activity.movingSeconds : 0;
  return {
    id: activity.id,
    athlete: { id: activity.athleteId, resource_state: 1 },
    name: activity.name,
    distance: activity.distanceMeters,
    moving_time: activity.movingSeconds,
    elapsed_time: activity.elapsedSeconds,
    total_elevation_gain: activity.elevationGainMeters,
    type: LEGACY_TYPES[activity.sportType] ?? activity.sportType,
    sport_type: activity.sportType,
    workout_type: activity.workoutType,
    start_date: stravaTimestamp(startDate),
    start_date_local: stravaLocalTimestamp(timeZone, startDate),
    timezone: stravaTimeZoneLabel(timeZone, startDate),
    utc_offset: utcOffsetSeconds(timeZone, startDate),
    achievement_count: 0,
    kudos_count: 0,
    comment_count: 0,
    athlete_count: 1,
    photo_count: 0,
    total_photo_count: 0,
    pr_count: 0,
    // No GPS track is emulated: the map is empty, as for an indoor or manual activity.
    map: { id: `a${activity.id}`, summary_polyline: activity.manual ? null : '', resource_state: 2 },
    start_latlng: [],
    end_latlng: [],
    trainer: activity.trainer,
    commute: activity.commute,
    manual: activity.manual,
    private: activity.private,
    visibility: activity.private ? 'only_me' : 'everyone',
    flagged: false,
    gear_id: null,
    average_speed: round(averageSpeed, 3),
    max_speed: hasStreams ? round(averageSpeed * 1.35, 1) : 0,
    has_heartrate: activity.hasHeartRate,
    average_heartrate: activity.averageHeartRate,
    max_heartrate: activity.maxHeartRate,
    average_cadence: activity.averageCadence,
    elev_high: round(hills.base + hills.amplitude, 1),
    elev_low: round(hills.base - hills.amplitude, 1),
    upload_id: hasStreams ? activity.id + 1_100_000_000 : null,
    upload_id_str: hasStreams ? String(activity.id + 1_100_000_000) : null,
    external_id: hasStreams ? `emulated_${activity.id}.fit` : null,
    has_kudoed: false,
    suffer_score: activity.hasHeartRate ? Math.round(activity.movingSeconds / 60) : null,
  };
}

/** Strava leaves out, rather than nulls, the heart-rate, cadence and upload fields an activity lacks. */
function omittedFields(activity: EmulatedActivity): string[] {
  const omit = [...NOT_EMULATED];
  if (!activity.hasHeartRate) omit.push('average_heartrate', 'max_heartrate', 'suffer_score');
  if (activity.averageCadence === null) omit.push('average_cadence');
  if (!availableStreams(activity).includes('altitude')) omit.push('elev_high', 'elev_low');
  if (activity.manual) omit.push('upload_id', 'upload_id_str');
  return omit;
}

/**
 * GET /activities/{id}/streams. With key_by_type=true, an object keyed by stream type whose entries have no
 * `type` (as recorded by strava-ruby-client); otherwise an array of entries carrying `type` (as recorded by
 * Elevate and in Strava's own example). Strava adds the distance stream (the series everything is indexed
 * on) even when not asked for, and leaves out the streams the activity lacks.
 */
export function streamsPayload(
  templates: StravaTemplates,
  activity: EmulatedActivity,
  streams: GeneratedStreams | null,
  requested: string[],
  keyByType: boolean,
): object {
  const available = new Set(availableStreams(activity));
  const wanted = new Set(
    requested.filter((key): key is StreamKey => (STREAM_KEYS as readonly string[]).includes(key)),
  );
  wanted.add('distance');
  const keys = STREAM_KEYS.filter((key) => wanted.has(key) && available.has(key) && streams?.[key]);
  const entry = (key: StreamKey) => {
    const data = streams![key]!;
    return { data, series_type: 'distance', original_size: data.length, resolution: 'high' };
  };
  if (keyByType) {
    return Object.fromEntries(keys.map((key) => [key, fromTemplate(templates.keyedStream, entry(key))]));
  }
  return keys.map((key) => fromTemplate(templates.listedStream, { type: key, ...entry(key) }));
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
