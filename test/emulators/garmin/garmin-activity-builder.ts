import type { DecodedFitActivity } from '../../../src/fit/decode-fit-file.ts';
import type {
  GarminActivity,
  GarminActivitySpec,
  GarminActivitySummaryFields,
  GarminDetailSample,
} from './garmin-emulator.types.ts';
import {
  type FitFileReading,
  lapsOfPart,
  readFitFileForGarmin,
  samplesFromFitPart,
} from './garmin-fit-activity.ts';
import { activityTypeFor } from './garmin-payloads.ts';

const FOOT_SPORTS = new Set(['running', 'walking', 'hiking']);
const FOOT_ACTIVITY_TYPES = /RUN|WALK|HIK/;

/** Builds the activities the emulator holds, numbering them the way Garmin does (numeric ids). */
export class GarminActivityBuilder {
  /** Garmin activity ids are 10–11 digit numbers; the summary id of an activity is its id as text. */
  private nextActivityId = 21_000_000_000;
  private readonly readings = new Map<string, Promise<FitFileReading>>();

  async build(userId: string, spec: GarminActivitySpec, now: Date): Promise<GarminActivity> {
    if (spec.fitFile) return this.buildFromFitFile(userId, spec.fitFile, spec);
    return this.buildFromValues(userId, spec, now);
  }

  private async buildFromFitFile(
    userId: string,
    path: string,
    spec: GarminActivitySpec,
  ): Promise<GarminActivity> {
    let reading = this.readings.get(path);
    if (!reading) {
      reading = readFitFileForGarmin(path);
      this.readings.set(path, reading);
      reading.catch(() => this.readings.delete(path));
    }
    const { parts, multisport, lapStartsMs } = await reading;
    const deliver = { details: spec.deliver?.details ?? true, file: spec.deliver?.file ?? true };
    const fromPart = (part: DecodedFitActivity, parentSummaryId?: string): GarminActivity => ({
      userId,
      summary: this.summaryFromPart(part, spec, parentSummaryId),
      samples: samplesFromFitPart(part, FOOT_SPORTS.has(part.sport)),
      laps: lapsOfPart(part, lapStartsMs),
      // Garmin serves one file per recording: a multisport file belongs to the parent, not its legs.
      fitFile: parentSummaryId ? null : path,
      deliver: parentSummaryId ? { ...deliver, file: false } : deliver,
      children: [],
    });
    if (!multisport) return fromPart(parts[0]!);

    const parent = this.multisportParent(userId, parts, spec, path, deliver);
    parent.children = parts.map((part) => fromPart(part, parent.summary.summaryId));
    parent.samples = parent.children.flatMap((child) => child.samples);
    parent.laps = parent.children.flatMap((child) => child.laps);
    return parent;
  }

  private summaryFromPart(
    part: DecodedFitActivity,
    spec: GarminActivitySpec,
    parentSummaryId: string | undefined,
  ): GarminActivitySummaryFields {
    const activityType = activityTypeFor(part.sport, part.subSport);
    const activityId = this.nextActivityId++;
    const movingS = part.movingTimeS ?? part.elapsedTimeS;
    return withoutUndefined({
      summaryId: String(activityId),
      activityId,
      activityName: parentSummaryId ? nameOf(activityType) : (spec.activityName ?? nameOf(activityType)),
      activityType,
      startTimeInSeconds: Math.floor(part.startTime.getTime() / 1000),
      startTimeOffsetInSeconds: part.utcOffsetS ?? 0,
      durationInSeconds: Math.round(part.elapsedTimeS),
      distanceInMeters: part.distanceM === null ? undefined : round(part.distanceM, 2),
      averageHeartRateInBeatsPerMinute:
        part.avgHeartRate === null ? undefined : Math.round(part.avgHeartRate),
      maxHeartRateInBeatsPerMinute: part.maxHeartRate === null ? undefined : Math.round(part.maxHeartRate),
      averageSpeedInMetersPerSecond:
        part.distanceM !== null && movingS > 0 ? round(part.distanceM / movingS, 3) : undefined,
      deviceName: spec.deviceName ?? part.device ?? undefined,
      manual: false,
      parentSummaryId,
    });
  }

  private multisportParent(
    userId: string,
    parts: readonly DecodedFitActivity[],
    spec: GarminActivitySpec,
    path: string,
    deliver: GarminActivity['deliver'],
  ): GarminActivity {
    const activityId = this.nextActivityId++;
    const startMs = Math.min(...parts.map((part) => part.startTime.getTime()));
    const endMs = Math.max(...parts.map((part) => part.startTime.getTime() + part.elapsedTimeS * 1000));
    const distance = parts.reduce((sum, part) => sum + (part.distanceM ?? 0), 0);
    const withHeartRate = parts.filter((part) => part.avgHeartRate !== null);
    const heartRateSeconds = withHeartRate.reduce((sum, part) => sum + part.elapsedTimeS, 0);
    const averageHeartRate =
      heartRateSeconds > 0
        ? withHeartRate.reduce((sum, part) => sum + part.avgHeartRate! * part.elapsedTimeS, 0) /
          heartRateSeconds
        : undefined;
    const maxHeartRates = parts.flatMap((part) => (part.maxHeartRate === null ? [] : [part.maxHeartRate]));
    const summary = withoutUndefined({
      summaryId: String(activityId),
      activityId,
      activityName: spec.activityName ?? 'Multisport',
      activityType: 'MULTI_SPORT',
      startTimeInSeconds: Math.floor(startMs / 1000),
      startTimeOffsetInSeconds: parts[0]!.utcOffsetS ?? 0,
      durationInSeconds: Math.round((endMs - startMs) / 1000),
      distanceInMeters: round(distance, 2),
      averageHeartRateInBeatsPerMinute:
        averageHeartRate === undefined ? undefined : Math.round(averageHeartRate),
      maxHeartRateInBeatsPerMinute:
        maxHeartRates.length > 0 ? Math.round(Math.max(...maxHeartRates)) : undefined,
      deviceName: spec.deviceName ?? parts[0]!.device ?? undefined,
      manual: false,
      isParent: true,
    });
    return { userId, summary, samples: [], laps: [], fitFile: path, deliver, children: [] };
  }

  private buildFromValues(userId: string, spec: GarminActivitySpec, now: Date): GarminActivity {
    const activityId = this.nextActivityId++;
    const activityType = spec.activityType ?? (spec.isParent ? 'MULTI_SPORT' : 'RUNNING');
    const durationInSeconds = spec.durationInSeconds ?? 3600;
    const start = spec.startTime ?? new Date(now.getTime() - (durationInSeconds + 3600) * 1000);
    const distanceInMeters =
      spec.distanceInMeters ?? (FOOT_ACTIVITY_TYPES.test(activityType) ? 10_000 : undefined);
    const manual = spec.manual ?? false;
    const summary = withoutUndefined({
      summaryId: String(activityId),
      activityId,
      activityName: spec.activityName ?? nameOf(activityType),
      activityType,
      startTimeInSeconds: Math.floor(start.getTime() / 1000),
      startTimeOffsetInSeconds: spec.startTimeOffsetInSeconds ?? 0,
      durationInSeconds,
      distanceInMeters,
      averageHeartRateInBeatsPerMinute: spec.averageHeartRateInBeatsPerMinute ?? (manual ? undefined : 148),
      maxHeartRateInBeatsPerMinute: spec.maxHeartRateInBeatsPerMinute ?? (manual ? undefined : 171),
      averageSpeedInMetersPerSecond:
        distanceInMeters !== undefined && durationInSeconds > 0
          ? round(distanceInMeters / durationInSeconds, 3)
          : undefined,
      deviceName: spec.deviceName ?? (manual ? undefined : 'Forerunner 965'),
      manual,
      isParent: spec.isParent,
      parentSummaryId: spec.parentSummaryId,
    });
    // A manual entry or a multisport parent has no recording of its own.
    const recorded = !manual && !spec.isParent;
    return {
      userId,
      summary,
      samples: recorded ? syntheticSamples(summary) : [],
      laps: [{ startTimeInSeconds: summary.startTimeInSeconds }],
      fitFile: null,
      deliver: { details: spec.deliver?.details ?? recorded, file: false },
      children: [],
    };
  }
}

/**
 * One sample a second for an activity built from values: the heart rate swings gently around the average
 * (never above the maximum), the pace is even. Enough for an importer to store and analyse.
 */
function syntheticSamples(summary: GarminActivitySummaryFields): GarminDetailSample[] {
  const speed = summary.averageSpeedInMetersPerSecond;
  const average = summary.averageHeartRateInBeatsPerMinute;
  const swing =
    average === undefined ? 0 : Math.min(8, (summary.maxHeartRateInBeatsPerMinute ?? average) - average);
  const footSport = FOOT_ACTIVITY_TYPES.test(summary.activityType);
  const samples: GarminDetailSample[] = [];
  for (let second = 0; second < summary.durationInSeconds; second++) {
    samples.push(
      withoutUndefined({
        startTimeInSeconds: summary.startTimeInSeconds + second,
        heartRate: average === undefined ? undefined : Math.round(average + swing * Math.sin(second / 120)),
        speedMetersPerSecond: speed,
        totalDistanceInMeters: speed === undefined ? undefined : round(speed * second, 2),
        timerDurationInSeconds: second,
        clockDurationInSeconds: second,
        elevationInMeters: 35,
        stepsPerMinute: footSport ? 168 : undefined,
      }),
    );
  }
  return samples;
}

/** "TRAIL_RUNNING" → "Trail Running", the way Garmin Connect names an untitled activity. */
function nameOf(activityType: string): string {
  return activityType
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

function round(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
