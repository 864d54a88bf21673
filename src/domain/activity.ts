import type { Sport } from './sport.ts';

/**
 * Sample streams of one activity, all of the same length and aligned on `timeS`.
 * A missing value inside a stream is NaN (a sensor dropout), never 0: 0 bpm is not a heart rate.
 * A stream the recording lacks entirely is absent.
 */
export interface ActivityStreams {
  /** Seconds since the activity's start time, ascending. */
  timeS: Float64Array;
  heartRate?: Float64Array;
  /** Cumulative distance in metres. */
  distanceM?: Float64Array;
  /** Metres per second. */
  speedMps?: Float64Array;
  altitudeM?: Float64Array;
  /** Steps (running) or revolutions (cycling) per minute; running cadence is steps, both legs. */
  cadence?: Float64Array;
}

export type StreamType = 'time' | 'heart_rate' | 'distance' | 'speed' | 'altitude' | 'cadence';

/** An activity as an importer delivers it, before it is stored. */
export interface ImportedActivity {
  sport: Sport;
  /** Normalised, snake_case (e.g. `trail`, `treadmill`, `indoor_cycling`), or null when generic. */
  subSport: string | null;
  startTime: Date;
  /** Local time minus UTC at the start, in seconds, when the recording says so. */
  utcOffsetS: number | null;
  elapsedTimeS: number;
  movingTimeS: number | null;
  distanceM: number | null;
  avgHeartRate: number | null;
  maxHeartRate: number | null;
  device: string | null;
  manual: boolean;
  streams: ActivityStreams | null;
}
