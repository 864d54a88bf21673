import type { ActivityStreams, ImportedActivity } from '../domain/activity.ts';
import type { Sport } from '../domain/sport.ts';

export interface ActivitySummary {
  elapsedTimeS: number;
  movingTimeS: number;
  distanceM: number | null;
  /** Whole bpm, as a device writes them in a FIT session. */
  avgHeartRate: number | null;
  maxHeartRate: number | null;
}

/** The device name synthetic activities carry, so nobody mistakes them for real recordings. */
export const SYNTHETIC_DEVICE = 'weekwise synthetic';

/** Averages over the recorded samples, dropouts skipped and spikes kept, as a watch would report them. */
export function summarizeStreams(streams: ActivityStreams, movingTimeS: number): ActivitySummary {
  const { timeS, heartRate, distanceM } = streams;
  let sum = 0;
  let count = 0;
  let max = Number.NEGATIVE_INFINITY;
  if (heartRate) {
    for (const value of heartRate) {
      if (Number.isNaN(value)) continue;
      sum += value;
      count++;
      if (value > max) max = value;
    }
  }
  return {
    elapsedTimeS: timeS.length > 0 ? timeS[timeS.length - 1]! - timeS[0]! : 0,
    movingTimeS,
    distanceM: distanceM && distanceM.length > 0 ? distanceM[distanceM.length - 1]! : null,
    avgHeartRate: count > 0 ? Math.round(sum / count) : null,
    maxHeartRate: count > 0 ? max : null,
  };
}

export interface ActivityIdentity {
  sport: Sport;
  subSport: string | null;
  startTime: Date;
  utcOffsetS: number | null;
}

export function toImportedActivity(
  identity: ActivityIdentity,
  summary: ActivitySummary,
  streams: ActivityStreams | null,
): ImportedActivity {
  return {
    ...identity,
    elapsedTimeS: summary.elapsedTimeS,
    movingTimeS: summary.movingTimeS,
    distanceM: summary.distanceM,
    avgHeartRate: summary.avgHeartRate,
    maxHeartRate: summary.maxHeartRate,
    device: SYNTHETIC_DEVICE,
    manual: false,
    streams,
  };
}
