import type { ImportedActivity } from '../../domain/activity.ts';
import { sanitiseHeartRate } from '../../fit/fit-record-streams.ts';
import type { StravaActivity } from './strava.schemas.ts';
import { mapStravaSport } from './strava-sport-map.ts';
import { parseStravaTimeZone, stravaUtcOffsetSeconds } from './strava-time-zone.ts';

// The streams mapper is imported from here by the sync code; it lives in its own file.
export { mapStravaStreams } from './map-strava-streams.ts';

/** A Strava activity as weekwise stores it: our fields, plus what only Strava tells. */
export interface MappedStravaActivity extends ImportedActivity {
  /** Strava's activity id, the upsert key with provider 'strava'. */
  externalId: string;
  name: string | null;
  /** IANA zone, e.g. Europe/Paris; null when Strava's is missing or unknown to Intl. */
  timeZone: string | null;
  /** "Only me" on Strava. */
  private: boolean;
  /** Recorded indoors (treadmill, home trainer). */
  trainer: boolean;
  /** Recorded with a heart-rate sensor: its streams are worth fetching. */
  hasHeartRate: boolean;
  streams: null;
}

/**
 * Maps a parsed Strava activity onto weekwise's fields. Pure; `warn` hears what was dropped and why
 * (an absurd offset, a heart rate no human has). Samples come separately (mapStravaStreams).
 */
export function mapStravaActivity(
  activity: StravaActivity,
  warn: (message: string) => void = () => {},
): MappedStravaActivity {
  const say = (message: string) => warn(`Strava activity ${activity.id}: ${message}`);
  const { sport, subSport } = mapStravaSport(activity.sport_type, activity.trainer);
  return {
    externalId: activity.id,
    name: activity.name,
    sport,
    subSport,
    startTime: activity.start_date,
    utcOffsetS: stravaUtcOffsetSeconds(activity, say),
    timeZone: parseStravaTimeZone(activity.timezone),
    elapsedTimeS: activity.elapsed_time,
    movingTimeS: activity.moving_time ?? null,
    distanceM: activity.distance ?? null,
    avgHeartRate: heartRate(activity.average_heartrate, 'average_heartrate', say),
    maxHeartRate: heartRate(activity.max_heartrate, 'max_heartrate', say),
    device: activity.device_name,
    manual: activity.manual,
    private: activity.private,
    trainer: activity.trainer,
    hasHeartRate: activity.has_heartrate,
    streams: null,
  };
}

/** The FIT path's rule: 0 is a strap without contact, 250 or more is noise. */
function heartRate(
  value: number | null | undefined,
  field: string,
  warn: (message: string) => void,
): number | null {
  if (value === null || value === undefined) return null;
  const sane = sanitiseHeartRate(value);
  if (Number.isNaN(sane)) {
    if (value !== 0) warn(`${field} ${value} bpm is not a heart rate: ignored`);
    return null;
  }
  return sane;
}
