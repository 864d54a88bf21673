import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Sport } from '../domain/sport.ts';
import type { AthletePhysiology } from './athlete-physiology.ts';
import { encodeActivityFit } from './fit-writer.ts';
import { localStamp } from './local-time.ts';
import {
  generateSyntheticAthlete,
  type SessionGroundTruth,
  type SyntheticAthleteOptions,
  type WeekGroundTruth,
} from './synthetic-athlete.ts';
import { DEMO_WEEK_PATTERNS, type SessionKind, type WeekPattern } from './week-plans.ts';

export interface SyntheticFitFolderOptions {
  /** A count follows the demo story (DEMO_WEEK_PATTERNS, repeated); or name each week's pattern. */
  weeks: number | readonly WeekPattern[];
  seed: number;
  timeZone: string;
  /** Local Monday, 'YYYY-MM-DD'. */
  firstWeekStart: string;
  physiology?: AthletePhysiology;
  sampleIntervalS?: number;
  artifacts?: SyntheticAthleteOptions['artifacts'];
}

export interface SyntheticFitFile {
  /** `YYYY-MM-DD-HHMM-<kind>.fit`, local start time; null for a manual entry (no streams, no file). */
  fileName: string | null;
  sport: Sport;
  kind: SessionKind;
  startTime: Date;
  utcOffsetS: number | null;
  weekStart: string;
  truth: SessionGroundTruth;
}

export interface SyntheticFitFolder {
  physiology: AthletePhysiology;
  files: SyntheticFitFile[];
  weeks: WeekGroundTruth[];
}

/** The patterns a count of weeks stands for in the demo: the story, repeated when longer. */
export function demoWeekPatterns(weeks: number): WeekPattern[] {
  return Array.from({ length: weeks }, (_, index) => DEMO_WEEK_PATTERNS[index % DEMO_WEEK_PATTERNS.length]!);
}

/**
 * Writes one FIT file per recorded session of a synthetic runner (runs, rides, strength sessions with HR)
 * and returns what the analysis should find. Manual strength entries have no file but are listed.
 */
export async function writeSyntheticFitFolder(
  dir: string,
  options: SyntheticFitFolderOptions,
): Promise<SyntheticFitFolder> {
  const athleteOptions: SyntheticAthleteOptions = {
    seed: options.seed,
    weeks: typeof options.weeks === 'number' ? demoWeekPatterns(options.weeks) : options.weeks,
    timeZone: options.timeZone,
    firstWeekStart: options.firstWeekStart,
  };
  if (options.physiology) athleteOptions.physiology = options.physiology;
  if (options.sampleIntervalS !== undefined) athleteOptions.sampleIntervalS = options.sampleIntervalS;
  if (options.artifacts !== undefined) athleteOptions.artifacts = options.artifacts;
  const athlete = generateSyntheticAthlete(athleteOptions);

  await mkdir(dir, { recursive: true });
  const files: SyntheticFitFile[] = [];
  for (const week of athlete.weeks) {
    for (const session of week.sessions) {
      const { activity } = session;
      let fileName: string | null = null;
      if (activity.streams) {
        fileName = `${localStamp(activity.startTime, activity.utcOffsetS ?? 0)}-${session.kind}.fit`;
        await writeFile(join(dir, fileName), encodeActivityFit(activity));
      }
      files.push({
        fileName,
        sport: activity.sport,
        kind: session.kind,
        startTime: activity.startTime,
        utcOffsetS: activity.utcOffsetS,
        weekStart: week.truth.weekStart,
        truth: session.truth,
      });
    }
  }
  return { physiology: athlete.physiology, files, weeks: athlete.weeks.map((week) => week.truth) };
}
