import { sanitiseHeartRate } from '../../fit/fit-record-streams.ts';
import type { ProviderActivity } from '../../ingest/provider-activity.store.ts';
import type { GarminActivitySummary } from './garmin.schemas.ts';
import { mapGarminSport } from './garmin-sport-map.ts';

/** Zones span UTC−12 to UTC+14: an offset beyond is a bug in the data, not a place. */
export const MAX_UTC_OFFSET_S = 14 * 3600;

/** A Garmin activity as weekwise stores it: our fields, plus what only Garmin tells. */
export interface MappedGarminActivity {
  /** Garmin's activity id: the upsert key with provider 'garmin', shared by summary, details and file. */
  externalId: string;
  summaryId: string;
  /** A multisport activity: its legs point at it with parentSummaryId. */
  isParent: boolean;
  parentSummaryId: string | null;
  activity: ProviderActivity;
}

/**
 * Maps a parsed Garmin summary onto weekwise's fields. Pure; `warn` hears what was dropped and why (an
 * absurd offset, a heart rate no human has). Garmin names no IANA zone: the offset is all it tells.
 */
export function mapGarminActivity(
  summary: GarminActivitySummary,
  warn: (message: string) => void = () => {},
): MappedGarminActivity {
  const say = (message: string) => warn(`Garmin activity ${summary.activityId}: ${message}`);
  const { sport, subSport } = mapGarminSport(summary.activityType);
  return {
    externalId: summary.activityId,
    summaryId: summary.summaryId,
    isParent: summary.isParent,
    parentSummaryId: summary.parentSummaryId,
    activity: {
      sport,
      subSport,
      startTime: new Date(summary.startTimeInSeconds * 1000),
      utcOffsetS: utcOffset(summary.startTimeOffsetInSeconds, say),
      timeZone: null,
      elapsedTimeS: summary.durationInSeconds,
      movingTimeS: summary.movingDurationInSeconds ?? null,
      distanceM: summary.distanceInMeters ?? null,
      avgHeartRate: heartRate(summary.averageHeartRateInBeatsPerMinute, 'averageHeartRate', say),
      maxHeartRate: heartRate(summary.maxHeartRateInBeatsPerMinute, 'maxHeartRate', say),
      device: summary.deviceName,
      manual: summary.manual,
      name: summary.activityName,
    },
  };
}

function utcOffset(offset: number | null | undefined, warn: (message: string) => void): number | null {
  if (offset === null || offset === undefined) return null;
  if (Number.isFinite(offset) && Math.abs(offset) <= MAX_UTC_OFFSET_S) return Math.round(offset);
  warn(`startTimeOffsetInSeconds ${offset} s is beyond ±14 h: ignored`);
  return null;
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
