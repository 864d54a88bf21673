import type { ActivityStreams } from '../../domain/activity.ts';
import { hasValue, sanitiseHeartRate } from '../../fit/fit-record-streams.ts';
import { GarminPayloadError } from './garmin-payload-error.ts';

/** The FIT importer's bounds (src/fit/fit-record-streams.ts): beyond them a sample is noise. */
const MAX_SPEED_MPS = 100;
const ALTITUDE_RANGE_M = [-1000, 10_000] as const;

/** The sample fields weekwise keeps, and where they go. Garmin's run cadence is steps, both legs. */
const FIELDS = {
  heartRate: 'heartRate',
  speedMetersPerSecond: 'speedMps',
  totalDistanceInMeters: 'distanceM',
  elevationInMeters: 'altitudeM',
  stepsPerMinute: 'cadence',
  bikeCadenceInRPM: 'cadence',
} as const satisfies Record<string, Exclude<keyof ActivityStreams, 'timeS'>>;
type SampleField = keyof typeof FIELDS;

const CLEAN: Record<Exclude<keyof ActivityStreams, 'timeS'>, (value: number) => number> = {
  heartRate: sanitiseHeartRate,
  speedMps: (value) => (value >= 0 && value < MAX_SPEED_MPS ? value : Number.NaN),
  distanceM: (value) => (value >= 0 ? value : Number.NaN),
  altitudeM: (value) => (value >= ALTITUDE_RANGE_M[0] && value <= ALTITUDE_RANGE_M[1] ? value : Number.NaN),
  cadence: (value) => (value >= 0 ? value : Number.NaN),
};

/**
 * Garmin's ~1 Hz detail samples → ActivityStreams, on seconds since `activityStart` (the stored
 * activity's start). Samples are placed by their own time, not their index (Garmin leaves out what a
 * second lacks); samples sharing a second are merged, out-of-order ones sorted, ones before the start
 * dropped. Implausible values become NaN as on the FIT path. A sample that is not an object, or a field
 * of the wrong type, is a broken body: GarminPayloadError saying where. Null when no stream beside time
 * is left.
 */
export function mapGarminSamples(
  samples: readonly unknown[],
  activityStart: Date,
  subject: string,
  warn: (message: string) => void = () => {},
): ActivityStreams | null {
  const startS = activityStart.getTime() / 1000;
  const bySecond = new Map<number, Partial<Record<SampleField, number>>>();
  let untimed = 0;
  let early = 0;
  for (let index = 0; index < samples.length; index++) {
    const sample = samples[index];
    if (typeof sample !== 'object' || sample === null || Array.isArray(sample)) {
      throw new GarminPayloadError(subject, [`samples[${index}] should be an object`]);
    }
    const record = sample as Record<string, unknown>;
    const time = record.startTimeInSeconds;
    if (time === undefined || time === null) {
      untimed++;
      continue;
    }
    if (typeof time !== 'number' || !Number.isFinite(time)) {
      throw new GarminPayloadError(subject, [`samples[${index}].startTimeInSeconds should be a number`]);
    }
    const offset = Math.round(time - startS);
    if (offset < 0) {
      early++;
      continue;
    }
    const merged = bySecond.get(offset) ?? {};
    for (const field of Object.keys(FIELDS) as SampleField[]) {
      const value = record[field];
      if (value === undefined || value === null) continue;
      if (typeof value !== 'number') {
        throw new GarminPayloadError(subject, [`samples[${index}].${field} should be a number`]);
      }
      merged[field] = value;
    }
    bySecond.set(offset, merged);
  }
  if (untimed) warn(`${subject}: ${untimed} sample(s) without startTimeInSeconds ignored`);
  if (early) warn(`${subject}: ${early} sample(s) before the activity's start ignored`);
  if (bySecond.size === 0) return null;

  const seconds = [...bySecond.keys()].sort((left, right) => left - right);
  const streams: ActivityStreams = { timeS: Float64Array.from(seconds) };
  for (const [field, target] of Object.entries(FIELDS) as Array<[SampleField, keyof typeof CLEAN]>) {
    if (streams[target]) continue; // steps, else bike cadence: one cadence stream
    const values = new Float64Array(seconds.length).fill(Number.NaN);
    seconds.forEach((second, index) => {
      const value = bySecond.get(second)![field];
      if (value !== undefined && Number.isFinite(value)) values[index] = CLEAN[target](value);
    });
    if (hasValue(values)) streams[target] = values;
  }
  return Object.keys(streams).length > 1 ? streams : null;
}
