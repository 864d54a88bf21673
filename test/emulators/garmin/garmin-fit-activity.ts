import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { DecodedFitActivity } from '../../../src/fit/decode-fit-file.ts';
import { decodeFitFile } from '../../../src/fit/decode-fit-file.ts';
import { readWithFitFileParser } from '../../../src/fit/read-fit-file-parser.ts';
import type { GarminDetailSample } from './garmin-emulator.types.ts';

/** A real FIT file as weekwise's own decoder reads it: one part per session, and the laps' start times. */
export interface FitFileReading {
  path: string;
  parts: DecodedFitActivity[];
  multisport: boolean;
  /** Unix milliseconds at which each lap starts, ascending. */
  lapStartsMs: number[];
}

/**
 * Reads a FIT file with weekwise's decoder, so the summaries the emulator pushes agree with what weekwise
 * will make of the same file when it downloads it through a ping.
 */
export async function readFitFileForGarmin(path: string): Promise<FitFileReading> {
  const bytes = await readFile(path);
  const decoded = await decodeFitFile(bytes);
  if (decoded.status !== 'activity') {
    throw new Error(`Garmin emulator: ${basename(path)} holds no activity (${decoded.reason})`);
  }
  return {
    path,
    parts: decoded.activities,
    multisport: decoded.activities.some((part) => part.multisport),
    lapStartsMs: await readLapStarts(bytes),
  };
}

/** The decoder keeps no laps; the parser beneath it does. Files it cannot read get one lap per activity. */
async function readLapStarts(bytes: Uint8Array): Promise<number[]> {
  try {
    const content = await readWithFitFileParser(bytes);
    return content.laps
      .map((lap) => lap.start_time)
      .filter((start): start is Date => start instanceof Date)
      .map((start) => start.getTime())
      .sort((left, right) => left - right);
  } catch {
    return [];
  }
}

/** Gaps longer than this between two records are pauses: the timer did not run (as weekwise assumes). */
const PAUSE_GAP_S = 15;

/** The activity's records as Garmin's ~1 Hz detail samples (records sharing a second are merged). */
export function samplesFromFitPart(part: DecodedFitActivity, footSport: boolean): GarminDetailSample[] {
  const streams = part.streams;
  if (!streams) return [];
  const startS = part.startTime.getTime() / 1000;
  const samples: GarminDetailSample[] = [];
  let previousSecond = Number.NaN;
  let previousOffset = 0;
  let timerS = 0;
  for (let index = 0; index < streams.timeS.length; index++) {
    const offset = streams.timeS[index]!;
    const second = Math.round(startS + offset);
    if (second === previousSecond) continue;
    const gap = offset - previousOffset;
    if (samples.length > 0 && gap <= PAUSE_GAP_S) timerS += gap;
    previousSecond = second;
    previousOffset = offset;
    samples.push(
      withoutMissing({
        startTimeInSeconds: second,
        heartRate: streams.heartRate?.[index],
        speedMetersPerSecond: rounded(streams.speedMps?.[index], 3),
        totalDistanceInMeters: rounded(streams.distanceM?.[index], 2),
        timerDurationInSeconds: Math.round(timerS),
        clockDurationInSeconds: Math.round(offset),
        elevationInMeters: rounded(streams.altitudeM?.[index], 1),
        stepsPerMinute: footSport ? streams.cadence?.[index] : undefined,
      }),
    );
  }
  return samples;
}

/** Laps of one part: those that start inside it; at least one, at its start. */
export function lapsOfPart(
  part: DecodedFitActivity,
  lapStartsMs: readonly number[],
): Array<{ startTimeInSeconds: number }> {
  const startMs = part.startTime.getTime();
  const endMs = startMs + part.elapsedTimeS * 1000;
  const inside = lapStartsMs.filter((lapStart) => lapStart >= startMs && lapStart < endMs);
  const starts = inside.length > 0 ? inside : [startMs];
  return starts.map((lapStart) => ({ startTimeInSeconds: Math.floor(lapStart / 1000) }));
}

function rounded(value: number | undefined, decimals: number): number | undefined {
  if (value === undefined || Number.isNaN(value)) return undefined;
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

/** Garmin leaves out what a sample lacks rather than sending null (a dropout is not 0 bpm). */
function withoutMissing(sample: GarminDetailSample): GarminDetailSample {
  const entries = Object.entries(sample).filter(([, value]) => value !== undefined && !Number.isNaN(value));
  return Object.fromEntries(entries) as unknown as GarminDetailSample;
}
