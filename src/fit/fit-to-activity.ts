import type { ExpandedSpeedDistance } from './compressed-speed-distance.ts';
import type { DecodedFitActivity } from './fit-activity-types.ts';
import { toJsonSafe } from './fit-json.ts';
import { type FitMessage, readEnum, readNumber } from './fit-message.ts';
import {
  collectRecordSamples,
  countValues,
  type RecordSamples,
  sanitiseHeartRate,
  toActivityStreams,
} from './fit-record-streams.ts';
import type { SessionWindow } from './fit-session-windows.ts';
import { countsStrides, mapFitSport } from './fit-sport-map.ts';
import { mergeStrapHeartBeats, type StrapHeartBeats } from './fit-strap-heart-rate.ts';

/** What every activity of a file shares. */
export interface FileContext {
  records: readonly FitMessage[];
  /** Unix ms of each record, NaN when it has none. */
  recordTimes: Float64Array;
  /** compressed_speed_distance of every record, expanded once on first use (older Forerunners only). */
  compressed: () => ExpandedSpeedDistance | null;
  strapBeats: StrapHeartBeats | null;
  /** Where the sport comes from when there is no session: the `sport` message, else the first lap. */
  fallbackSportMessage: FitMessage | undefined;
  device: string | null;
  utcOffsetS: number | null;
  /** Added to every time: non-zero only when a watch without a set clock is placed by its local time. */
  clockShiftMs: number;
  multisport: boolean;
}

/** Gaps longer than this between samples are pauses when moving time has to be derived. */
const MAX_MOVING_GAP_S = 15;

export function buildActivity(window: SessionWindow, context: FileContext): DecodedFitActivity {
  const session = window.session ?? undefined;
  const sportSource = readEnum(session, 'sport') !== undefined ? session : context.fallbackSportMessage;
  const { sport, subSport } = mapFitSport(readEnum(sportSource, 'sport'), readEnum(sportSource, 'sub_sport'));
  const samples = collectRecordSamples(context.records, context.recordTimes, window.recordIndices, {
    stridesToSteps: countsStrides(sport),
    compressed: context.compressed,
  });
  if (context.strapBeats) mergeStrapHeartBeats(samples.timesMs, samples.heartRate, context.strapBeats);
  const streams = toActivityStreams(samples, window.startMs);
  const heartRateSamples = streams?.heartRate ? countValues(streams.heartRate) : 0;
  const elapsedTimeS = elapsedSeconds(session, window, samples);
  return {
    sport,
    subSport,
    startTime: new Date(window.startMs + context.clockShiftMs),
    utcOffsetS: context.utcOffsetS,
    elapsedTimeS,
    movingTimeS: nonNegative(readNumber(session, 'total_timer_time')) ?? deriveMovingSeconds(samples.timesMs),
    distanceM: nonNegative(readNumber(session, 'total_distance')) ?? deriveDistance(samples.distanceM),
    avgHeartRate: plausibleHeartRate(readNumber(session, 'avg_heart_rate')) ?? averageOf(streams?.heartRate),
    maxHeartRate: plausibleHeartRate(readNumber(session, 'max_heart_rate')) ?? maximumOf(streams?.heartRate),
    device: context.device,
    manual: false,
    streams,
    sessionIndex: window.sessionIndex,
    multisport: context.multisport,
    recordCount: window.recordIndices.length + window.untimedRecords,
    heartRateSamples,
    rawSession: session ? (toJsonSafe(session) as Record<string, unknown>) : null,
  };
}

function elapsedSeconds(
  session: FitMessage | undefined,
  window: SessionWindow,
  samples: RecordSamples,
): number {
  const recorded = nonNegative(readNumber(session, 'total_elapsed_time'));
  if (recorded !== null) return recorded;
  const times = samples.timesMs;
  const sampleSpan = times.length > 0 ? (times[times.length - 1]! - window.startMs) / 1000 : 0;
  return Math.max(0, (window.endMs - window.startMs) / 1000, sampleSpan);
}

function deriveMovingSeconds(timesMs: Float64Array): number | null {
  if (timesMs.length < 2) return null;
  let moving = 0;
  for (let index = 1; index < timesMs.length; index++) {
    const gap = (timesMs[index]! - timesMs[index - 1]!) / 1000;
    if (gap <= MAX_MOVING_GAP_S) moving += gap;
  }
  return moving;
}

/** Record distance is cumulative over the file, so a session's share is its last value minus its first. */
function deriveDistance(distances: Float64Array): number | null {
  let first = Number.NaN;
  let last = Number.NaN;
  for (const value of distances) {
    if (Number.isNaN(value)) continue;
    if (Number.isNaN(first)) first = value;
    last = value;
  }
  return Number.isNaN(first) ? null : Math.max(0, last - first);
}

function nonNegative(value: number): number | null {
  return value >= 0 ? value : null;
}

function plausibleHeartRate(value: number): number | null {
  const sane = sanitiseHeartRate(value);
  return Number.isNaN(sane) ? null : sane;
}

function averageOf(values: Float64Array | undefined): number | null {
  if (!values) return null;
  let sum = 0;
  let count = 0;
  for (const value of values) {
    if (Number.isNaN(value)) continue;
    sum += value;
    count++;
  }
  return count > 0 ? Math.round((sum / count) * 10) / 10 : null;
}

function maximumOf(values: Float64Array | undefined): number | null {
  if (!values) return null;
  let maximum = Number.NEGATIVE_INFINITY;
  for (const value of values) if (value > maximum) maximum = value;
  return maximum === Number.NEGATIVE_INFINITY ? null : maximum;
}
