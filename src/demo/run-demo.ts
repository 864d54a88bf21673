import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { addDays, localDateAt, weekStartOf } from '../analysis/index.ts';
import { findOrCreateAthlete } from '../athletes/athlete.repository.ts';
import { updateAthleteSettings } from '../athletes/update-athlete-settings.ts';
import type { Database } from '../db/database.ts';
import { buildDigestMessage, type DigestMessage } from '../digest/build-digest-message.ts';
import { latestClosedWeekStart, loadDigestWeek } from '../digest/load-digest-week.ts';
import { writeStandaloneDigestHtml } from '../digest/standalone-digest-html.ts';
import { zoneOffsetSeconds } from '../domain/local-time.ts';
import type { Athlete } from '../generated/prisma/client.ts';
import { importFitFiles } from '../ingest/import-fit-files.ts';
import type { FileImportResult } from '../ingest/import-result.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Logger } from '../logging/logger.ts';
import { DEFAULT_PHYSIOLOGY, type WeekPattern, writeSyntheticFitFolder } from '../synthetic/index.ts';
import { DEMO_RUNNER_EMAIL } from './demo-runner.ts';

export { DEMO_RUNNER_EMAIL };

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
  options.onProgress?.(`writing ${DEMO_WEEKS.length} weeks of a synthetic runner as FIT files`);
  const folder = join(options.dataDir, 'demo-fit');
  const runner = { email: DEMO_RUNNER_EMAIL, name: 'Demo Runner', weeks: DEMO_WEEKS, seed: DEMO_SEED };
  const { athlete, files } = await storeSyntheticRunner(db, queue, logger, runner, {
    folder,
    firstWeekStart,
  });
  options.onProgress?.('analysing runs, weeks and fatigue');
  await queue.whenIdle();
  return { athlete, currentWeekStart: weekStartOf(today, 1), folder, files };
}

/** A demo athlete afresh: their synthetic weeks written as FIT files, imported and queued for analysis. */
export async function storeSyntheticRunner(
  db: Database,
  queue: JobQueue,
  logger: Logger,
  runner: { email: string; name: string; weeks: readonly WeekPattern[]; seed: number },
  options: { folder: string; firstWeekStart: string },
): Promise<{ athlete: Athlete; files: FileImportResult[] }> {
  await rm(options.folder, { recursive: true, force: true });
  const physiology = DEFAULT_PHYSIOLOGY;
  await writeSyntheticFitFolder(options.folder, {
    weeks: runner.weeks,
    seed: runner.seed,
    timeZone: DEMO_TIME_ZONE,
    firstWeekStart: options.firstWeekStart,
    physiology,
  });
  await db.prisma.athlete.deleteMany({ where: { email: runner.email } });
  const created = await findOrCreateAthlete(db.prisma, runner.email);
  await db.prisma.athlete.update({ where: { id: created.id }, data: { name: runner.name } });
  await updateAthleteSettings(db.prisma, created, {
    sex: physiology.sex === 'female' ? 'female' : 'male',
    timeZone: DEMO_TIME_ZONE,
    weekStart: 'monday',
    maxHr: physiology.maxHr,
    restingHr: physiology.restingHr,
    lthr: physiology.lthr,
    validFrom: options.firstWeekStart,
  });
  const athlete = await db.prisma.athlete.findUniqueOrThrow({ where: { id: created.id } });
  const files = await importFitFiles([options.folder], { db, athlete, logger, queue });
  return { athlete, files };
}

export interface DemoDigest {
  weekStart: string;
  /** The HTML part with its charts inlined, a file any browser opens. */
  path: string;
  message: DigestMessage;
}

/** The demo's last word: the digest email of its latest complete week, as the runner would get it. */
export async function writeDemoDigest(
  db: Database,
  athlete: Athlete,
  options: { dataDir: string; now: Date; unsubscribeUrl: string; appUrl: string },
): Promise<DemoDigest> {
  const weekStart = latestClosedWeekStart(athlete, options.now);
  const week = await loadDigestWeek(db, athlete.id, weekStart);
  const message = await buildDigestMessage(week, {
    unsubscribeUrl: options.unsubscribeUrl,
    appUrl: options.appUrl,
  });
  const path = join(options.dataDir, 'demo-digest.html');
  await writeStandaloneDigestHtml(path, message);
  return { weekStart, path, message };
}
