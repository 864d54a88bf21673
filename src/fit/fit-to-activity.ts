import type { ExpandedSpeedDistance } from './compressed-speed-distance.ts';
import type { DecodedFitActivity } from './fit-activity-types.ts';
import { toJsonSafe } from './fit-json.ts';
import { type FitMessage, readEnum, readNumber } from './fit-message.ts';
import {
  MAX_ACTIVITY_SECONDS,
  plausibleDistance,
  plausibleElapsed,
  plausibleMoving,
  type TotalsReport,
} from './fit-plausible-totals.ts';
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
  /** How many sessions the file's activities come from: warnings name the session when there are several. */
  sessionCount: number;
  /** The file's warnings, for what a session's values needed (implausible totals, heart-rate dropouts). */
  warnings: string[];
}

/** Gaps longer than this between samples are pauses when moving time has to be derived. */
const MAX_MOVING_GAP_S = 15;
/** Heart-rate dropouts are worth a warning once they are this share of the samples, not for a few zeros. */
const REPORTED_DROPOUT_SHARE = 0.05;

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
  const report: TotalsReport = {
    subject: context.sessionCount > 1 ? `session ${window.sessionIndex + 1}` : 'the session',
    warnings: context.warnings,
  };
  reportDropouts(samples.rejectedHeartRates, samples.timesMs.length, report);
  if (window.openEnded && session && samples.timesMs.length > 0) {
    report.warnings.push(`${report.subject} says it lasted 0 s: its duration was taken from its records`);
  }
  const elapsedTimeS = elapsedSeconds(session, window, samples, report);
  // An open-ended session's 0 s of timer time is as wrong as its duration.
  const recordedTimerS = window.openEnded ? Number.NaN : readNumber(session, 'total_timer_time');
  const movingTimeS =
    plausibleMoving(recordedTimerS, elapsedTimeS, report) ?? deriveMovingSeconds(samples.timesMs);
  return {
    sport,
    subSport,
    startTime: new Date(window.startMs + context.clockShiftMs),
    utcOffsetS: context.utcOffsetS,
    elapsedTimeS,
    movingTimeS,
    distanceM: distanceOf(session, samples, elapsedTimeS, report),
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
  report: TotalsReport,
): number {
  const recorded = window.openEnded
    ? null
    : plausibleElapsed(readNumber(session, 'total_elapsed_time'), report);
  if (recorded !== null) return recorded;
  const times = samples.timesMs;
  const sampleSpan = times.length > 0 ? (times[times.length - 1]! - window.startMs) / 1000 : 0;
  // The window spans what the session's end timestamp says, unless that is as impossible as its duration.
  const windowSpan = (window.endMs - window.startMs) / 1000;
  return Math.max(0, windowSpan <= MAX_ACTIVITY_SECONDS ? windowSpan : 0, sampleSpan);
}

/** The session's total distance when possible, else the records' (when possible), else none. */
function distanceOf(
  session: FitMessage | undefined,
  samples: RecordSamples,
  elapsedS: number,
  report: TotalsReport,
): number | null {
  const recorded = nonNegative(readNumber(session, 'total_distance'));
  const total = plausibleDistance(recorded, elapsedS, 'a total distance', report);
  if (total !== null) return total;
  return plausibleDistance(deriveDistance(samples.distanceM), elapsedS, "the records' distance", report);
}

function reportDropouts(rejected: number, sampleCount: number, report: TotalsReport): void {
  if (rejected === 0 || rejected < sampleCount * REPORTED_DROPOUT_SHARE) return;
  // Indoor apps (Zwift, Onelap) write 0 bpm in every record when no strap is paired.
  const what =
    rejected === sampleCount
      ? 'every heart-rate sample is 0 bpm or 250+ bpm: read as no heart rate (no strap paired?)'
      : `${rejected} of ${sampleCount} heart-rate samples were 0 bpm or 250+ bpm: treated as sensor dropouts`;
  report.warnings.push(`${report.subject}: ${what}`);
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
