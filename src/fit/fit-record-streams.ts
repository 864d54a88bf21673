import type { ActivityStreams } from '../domain/activity.ts';
import type { ExpandedSpeedDistance } from './compressed-speed-distance.ts';
import type { FitMessage } from './fit-message.ts';
import { MAX_DISTANCE_M } from './fit-plausible-totals.ts';

/** Samples of one activity on an absolute time axis, before they become `ActivityStreams`. */
export interface RecordSamples {
  /** Unix milliseconds, strictly ascending (records sharing a timestamp are merged into one sample). */
  timesMs: Float64Array;
  heartRate: Float64Array;
  distanceM: Float64Array;
  speedMps: Float64Array;
  altitudeM: Float64Array;
  cadence: Float64Array;
  /** Heart rates the records hold that no human has (0 bpm, 250+): dropped as sensor dropouts. */
  rejectedHeartRates: number;
}

export interface SampleOptions {
  /** Foot sports: FIT cadence counts strides of one leg; we store steps of both. */
  stridesToSteps: boolean;
  /** Expanded on first use: only records without plain speed/distance ask for it. */
  compressed: () => ExpandedSpeedDistance | null;
}

const MAX_HEART_RATE = 250;
const MAX_SPEED_MPS = 100;
const ALTITUDE_RANGE_M = [-1000, 10_000] as const;

/** A heart rate a human can have: 0 bpm is a strap that lost contact, 250+ is noise. */
export function sanitiseHeartRate(value: number): number {
  return value > 0 && value < MAX_HEART_RATE ? value : Number.NaN;
}

/** FIT cadence of a foot sport is strides per minute (one leg); steps per minute = 2 × strides. */
export function toStepsPerMinute(cadence: number, fractionalCadence: number): number {
  return (cadence + (Number.isNaN(fractionalCadence) ? 0 : fractionalCadence)) * 2;
}

/**
 * Builds the samples of the given records (indices into `records`), sorted by time. Devices such as the
 * Strava Android app write two records per second (position and speed, then distance): they are merged.
 */
export function collectRecordSamples(
  records: readonly FitMessage[],
  recordTimes: Float64Array,
  indices: readonly number[],
  options: SampleOptions,
): RecordSamples {
  const order = sortByTime(indices, recordTimes);
  const count = countDistinctTimes(order, recordTimes);
  const samples: RecordSamples = {
    timesMs: new Float64Array(count),
    heartRate: new Float64Array(count).fill(Number.NaN),
    distanceM: new Float64Array(count).fill(Number.NaN),
    speedMps: new Float64Array(count).fill(Number.NaN),
    altitudeM: new Float64Array(count).fill(Number.NaN),
    cadence: new Float64Array(count).fill(Number.NaN),
    rejectedHeartRates: 0,
  };
  let slot = -1;
  let slotTime = Number.NaN;
  let rejectedSlot = -1;
  for (const index of order) {
    const time = recordTimes[index]!;
    if (time !== slotTime) {
      slot++;
      slotTime = time;
      samples.timesMs[slot] = time;
    }
    const rejected = fillSample(samples, slot, records[index]!, index, options);
    // Counted per sample, and only when no other record of the same second had a usable one.
    if (rejected && rejectedSlot !== slot) {
      rejectedSlot = slot;
      samples.rejectedHeartRates++;
    } else if (rejectedSlot === slot && !Number.isNaN(samples.heartRate[slot]!)) {
      rejectedSlot = -1;
      samples.rejectedHeartRates--;
    }
  }
  return samples;
}

/** Fills what the slot still lacks from one record; true when the record's heart rate was not a human's. */
function fillSample(
  samples: RecordSamples,
  slot: number,
  record: FitMessage,
  index: number,
  options: SampleOptions,
): boolean {
  let rejectedHeartRate = false;
  if (Number.isNaN(samples.heartRate[slot]!)) {
    const recorded = numberOf(record.heart_rate);
    const heartRate = sanitiseHeartRate(recorded);
    rejectedHeartRate = Number.isNaN(heartRate) && !Number.isNaN(recorded);
    samples.heartRate[slot] = heartRate;
  }
  if (Number.isNaN(samples.distanceM[slot]!)) {
    let distance = numberOf(record.distance);
    if (Number.isNaN(distance) && record.compressed_speed_distance !== undefined) {
      distance = options.compressed()?.distanceM[index] ?? Number.NaN;
    }
    // Beyond the furthest activity is a negative distance written unsigned (-5 m reads 42,949 km).
    samples.distanceM[slot] = distance >= 0 && distance <= MAX_DISTANCE_M ? distance : Number.NaN;
  }
  if (Number.isNaN(samples.speedMps[slot]!)) {
    let speed = numberOf(record.enhanced_speed);
    if (Number.isNaN(speed)) speed = numberOf(record.speed);
    if (Number.isNaN(speed) && record.compressed_speed_distance !== undefined) {
      speed = options.compressed()?.speedMps[index] ?? Number.NaN;
    }
    samples.speedMps[slot] = speed >= 0 && speed < MAX_SPEED_MPS ? speed : Number.NaN;
  }
  if (Number.isNaN(samples.altitudeM[slot]!)) {
    let altitude = numberOf(record.enhanced_altitude);
    if (Number.isNaN(altitude)) altitude = numberOf(record.altitude);
    samples.altitudeM[slot] =
      altitude >= ALTITUDE_RANGE_M[0] && altitude <= ALTITUDE_RANGE_M[1] ? altitude : Number.NaN;
  }
  if (Number.isNaN(samples.cadence[slot]!)) {
    const cadence = numberOf(record.cadence);
    const value = options.stridesToSteps
      ? toStepsPerMinute(cadence, numberOf(record.fractional_cadence))
      : cadence;
    samples.cadence[slot] = value >= 0 ? value : Number.NaN;
  }
  return rejectedHeartRate;
}

function numberOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : Number.NaN;
}

function sortByTime(indices: readonly number[], recordTimes: Float64Array): readonly number[] {
  for (let position = 1; position < indices.length; position++) {
    if (recordTimes[indices[position]!]! < recordTimes[indices[position - 1]!]!) {
      // Rare (a clock correction mid-activity): a stable sort keeps file order among equal times.
      return [...indices].sort((left, right) => recordTimes[left]! - recordTimes[right]!);
    }
  }
  return indices;
}

function countDistinctTimes(order: readonly number[], recordTimes: Float64Array): number {
  let count = 0;
  let previous = Number.NaN;
  for (const index of order) {
    const time = recordTimes[index]!;
    if (time !== previous) count++;
    previous = time;
  }
  return count;
}

/** Seconds since `startMs`; streams without a single valid value are left out; null when none has one. */
export function toActivityStreams(samples: RecordSamples, startMs: number): ActivityStreams | null {
  const optional = {
    heartRate: samples.heartRate,
    distanceM: samples.distanceM,
    speedMps: samples.speedMps,
    altitudeM: samples.altitudeM,
    cadence: samples.cadence,
  };
  const timeS = new Float64Array(samples.timesMs.length);
  for (let index = 0; index < timeS.length; index++)
    timeS[index] = (samples.timesMs[index]! - startMs) / 1000;
  const streams: ActivityStreams = { timeS };
  let kept = 0;
  for (const [name, values] of Object.entries(optional) as Array<[keyof typeof optional, Float64Array]>) {
    if (hasValue(values)) {
      streams[name] = values;
      kept++;
    }
  }
  return kept > 0 ? streams : null;
}

export function hasValue(values: Float64Array): boolean {
  for (const value of values) if (!Number.isNaN(value)) return true;
  return false;
}

export function countValues(values: Float64Array): number {
  let count = 0;
  for (const value of values) if (!Number.isNaN(value)) count++;
  return count;
}
