import type { ActivityStreams } from '../../domain/activity.ts';
import { hasValue, sanitiseHeartRate } from '../../fit/fit-record-streams.ts';
import type { StravaStreamKey, StravaStreams } from './strava-streams.schemas.ts';

/** The FIT importer's bounds (src/fit/fit-record-streams.ts): beyond them a sample is noise. */
const MAX_SPEED_MPS = 100;
const ALTITUDE_RANGE_M = [-1000, 10_000] as const;

type OptionalStream = Exclude<keyof ActivityStreams, 'timeS'>;

/**
 * Parsed Strava streams → ActivityStreams, aligned on Strava's time stream. Implausible samples become NaN
 * as on the FIT path (0 bpm is a strap without contact). Strava counts a run's cadence per leg: doubled
 * to steps per minute when `cadencePerLeg` (the caller passes true for runs). A stream longer than time
 * is cut to it, a shorter one padded with NaN (Strava sends them index-aligned; `warn` hears of any
 * mismatch). A stream with no valid sample is left out; null when no stream beside time is left, or
 * when there is no time stream at all (an activity without samples).
 */
export function mapStravaStreams(
  streams: StravaStreams,
  cadencePerLeg: boolean,
  warn: (message: string) => void = () => {},
): ActivityStreams | null {
  const time = streams.time;
  if (!time || time.length === 0) return null;
  const mapped: ActivityStreams = { timeS: time };
  const add = (key: StravaStreamKey, field: OptionalStream, clean: (value: number) => number) => {
    const values = streams[key];
    if (!values) return;
    if (values.length !== time.length) {
      warn(`Strava ${key} stream has ${values.length} samples for ${time.length} times: aligned on time`);
    }
    const aligned = new Float64Array(time.length).fill(Number.NaN);
    const shared = Math.min(values.length, time.length);
    for (let index = 0; index < shared; index++) aligned[index] = clean(values[index]!);
    if (hasValue(aligned)) mapped[field] = aligned;
  };
  add('heartrate', 'heartRate', sanitiseHeartRate);
  add('distance', 'distanceM', (value) => (value >= 0 ? value : Number.NaN));
  add('velocity_smooth', 'speedMps', (value) => (value >= 0 && value < MAX_SPEED_MPS ? value : Number.NaN));
  add('altitude', 'altitudeM', (value) =>
    value >= ALTITUDE_RANGE_M[0] && value <= ALTITUDE_RANGE_M[1] ? value : Number.NaN,
  );
  add('cadence', 'cadence', (value) => (value >= 0 ? (cadencePerLeg ? value * 2 : value) : Number.NaN));
  return Object.keys(mapped).length > 1 ? mapped : null;
}
