import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { addDays, localDateAt, weekStartOf } from '../analysis/index.ts';
import { findOrCreateAthlete } from '../athletes/athlete.repository.ts';
import { updateAthleteSettings } from '../athletes/update-athlete-settings.ts';
import type { Database } from '../db/database.ts';
import { zoneOffsetSeconds } from '../domain/local-time.ts';
import type { Athlete } from '../generated/prisma/client.ts';
import { importFitFiles } from '../ingest/import-fit-files.ts';
import type { FileImportResult } from '../ingest/import-result.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Logger } from '../logging/logger.ts';
import { DEFAULT_PHYSIOLOGY, type WeekPattern, writeSyntheticFitFolder } from '../synthetic/index.ts';

export const DEMO_RUNNER_EMAIL = 'demo.runner@weekwise.local';
const DEMO_TIME_ZONE = 'Europe/Paris';
/** The story the demo tells, oldest week first; it ends on last week, a long run gone wrong. */
const DEMO_WEEKS: readonly WeekPattern[] = [
  'balanced',
  'balanced',
  'grey_heavy',
  'balanced',
  'hard_packed',
  'rest',
  'load_spike',
  'long_survival',
];
const DEMO_SEED = 2026;

export interface DemoResult {
  athlete: Athlete;
  /** Local Monday of the current week: the demo's weeks are the complete ones before it. */
  currentWeekStart: string;
  folder: string;
  files: FileImportResult[];
}

/**
 * The whole main job on synthetic data: a runner with eight complete weeks up to last week (balanced
 * weeks, a grey-zone week, hard days packed together, a rest week, a load spike, a long run that turns
 * into survival) written as FIT files, imported, and analysed. Re-running starts the demo runner afresh.
 */
export async function runDemo(
  db: Database,
  queue: JobQueue,
  logger: Logger,
  options: { dataDir: string; now: Date; onProgress?: (step: string) => void },
): Promise<DemoResult> {
  const today = localDateAt(options.now, zoneOffsetSeconds(DEMO_TIME_ZONE, options.now));
  const firstWeekStart = addDays(weekStartOf(today, 1), -7 * DEMO_WEEKS.length);
  const folder = join(options.dataDir, 'demo-fit');

  options.onProgress?.(`writing ${DEMO_WEEKS.length} weeks of a synthetic runner as FIT files`);
  await rm(folder, { recursive: true, force: true });
  const physiology = DEFAULT_PHYSIOLOGY;
  await writeSyntheticFitFolder(folder, {
    weeks: DEMO_WEEKS,
    seed: DEMO_SEED,
    timeZone: DEMO_TIME_ZONE,
    firstWeekStart,
    physiology,
  });

  await db.prisma.athlete.deleteMany({ where: { email: DEMO_RUNNER_EMAIL } });
  const athlete = await findOrCreateAthlete(db.prisma, DEMO_RUNNER_EMAIL);
  await db.prisma.athlete.update({ where: { id: athlete.id }, data: { name: 'Demo Runner' } });
  await updateAthleteSettings(db.prisma, athlete, {
    sex: physiology.sex === 'female' ? 'female' : 'male',
    timeZone: DEMO_TIME_ZONE,
    weekStart: 'monday',
    maxHr: physiology.maxHr,
    restingHr: physiology.restingHr,
    lthr: physiology.lthr,
    validFrom: firstWeekStart,
  });
  const profile = await db.prisma.athlete.findUniqueOrThrow({ where: { id: athlete.id } });

  options.onProgress?.('importing the FIT files');
  const files = await importFitFiles([folder], { db, athlete: profile, logger, queue });
  options.onProgress?.('analysing runs, weeks and fatigue');
  await queue.whenIdle();
  return { athlete: profile, currentWeekStart: weekStartOf(today, 1), folder, files };
}
