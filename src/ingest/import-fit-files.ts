import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { markAthleteChanged } from '../athlete-analysis/mark-athlete-changed.ts';
import type { PrismaClient } from '../db/database.ts';
import { activityOffsetSeconds, formatLocalIso } from '../domain/local-time.ts';
import { decodeFitFile } from '../fit/decode-fit-file.ts';
import type { Activity, Athlete } from '../generated/prisma/client.ts';
import { analyzeActivityJob } from '../jobs/job-definitions.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Logger } from '../logging/logger.ts';
import { collectFiles } from './collect-files.ts';
import type { FileImportResult, ImportedActivitySummary } from './import-result.ts';
import { storeFitActivities } from './store-fit-activities.ts';

export interface ImportFitFilesOptions {
  prisma: PrismaClient;
  athlete: Athlete;
  logger: Logger;
  /** New activities are queued for analysis once their file is committed. */
  queue?: JobQueue;
  /** Called once the files are known, then after each file: for progress bars. */
  onStart?: (fileCount: number) => void;
  onFile?: (result: FileImportResult) => void;
}

/** Imports files and folders (recursively) for one athlete; every input file gets a result, whatever happens. */
export async function importFitFiles(
  paths: string[],
  options: ImportFitFilesOptions,
): Promise<FileImportResult[]> {
  const files = await collectFiles(paths);
  options.onStart?.(files.length);
  const results: FileImportResult[] = [];
  for (const file of files) {
    const result = file.problem
      ? { file: file.path, status: 'failed' as const, reason: file.problem, activities: [] }
      : await importOneFile(file.path, options).catch((error: unknown) =>
          unexpectedFailure(file.path, error, options),
        );
    results.push(result);
    options.onFile?.(result);
  }
  return results;
}

async function importOneFile(path: string, options: ImportFitFilesOptions): Promise<FileImportResult> {
  const { prisma, athlete } = options;
  const bytes = await readFile(path);
  const contentHash = createHash('sha256').update(bytes).digest('hex');
  const fileName = basename(path);
  const log = { athleteId: athlete.id, fileName, contentHash, sizeBytes: bytes.length };

  const earlier = await prisma.importLog.findFirst({
    where: { athleteId: athlete.id, contentHash, status: { in: ['imported', 'duplicate'] } },
    orderBy: { createdAt: 'asc' },
  });
  if (earlier) {
    const activities = await prisma.activity.findMany({
      where: { id: { in: earlier.activityIds } },
      orderBy: { startTime: 'asc' },
    });
    await prisma.importLog.create({
      data: {
        ...log,
        status: 'duplicate',
        reason: 'this file was imported before',
        activityIds: earlier.activityIds,
      },
    });
    return {
      file: path,
      status: 'duplicate',
      reason: 'this file was imported before',
      activities: summarize(activities, athlete),
    };
  }

  const decoded = await decodeFitFile(bytes);
  if (decoded.status === 'failed') {
    await prisma.importLog.create({ data: { ...log, status: 'failed', reason: decoded.reason } });
    return { file: path, status: 'failed', reason: decoded.reason, activities: [] };
  }
  if (decoded.status === 'not_activity') {
    await prisma.importLog.create({
      data: { ...log, status: 'skipped', reason: decoded.reason, warnings: decoded.warnings },
    });
    return {
      file: path,
      status: 'skipped',
      reason: decoded.reason,
      ...warningsOf(decoded.warnings),
      activities: [],
    };
  }

  // One transaction per file: a file is stored whole or not at all.
  const { result, createdIds } = await prisma.$transaction(
    async (tx) => {
      const stored = await storeFitActivities(tx, athlete.id, { contentHash, fileName }, decoded.activities);
      const all = [...stored.created, ...stored.existing].sort(
        (a, b) => a.startTime.getTime() - b.startTime.getTime(),
      );
      const status = stored.created.length > 0 ? 'imported' : 'duplicate';
      const reason =
        status === 'duplicate' ? 'these sessions were already stored from another file' : undefined;
      const activityIds = all.map((activity) => activity.id);
      await tx.importLog.create({
        data: { ...log, status, reason, warnings: decoded.warnings, activityIds },
      });
      if (stored.created.length) await markAthleteChanged(tx, athlete.id);
      const result: FileImportResult = {
        file: path,
        status,
        ...(reason ? { reason } : {}),
        ...warningsOf(decoded.warnings),
        activities: summarize(all, athlete),
      };
      return { result, createdIds: stored.created.map((activity) => activity.id) };
    },
    { timeout: 60_000 },
  );
  // Queued only after the commit, so a worker never looks for an activity that is not there yet.
  for (const activityId of createdIds) await options.queue?.enqueue(analyzeActivityJob, { activityId });
  return result;
}

async function unexpectedFailure(
  path: string,
  error: unknown,
  options: ImportFitFilesOptions,
): Promise<FileImportResult> {
  options.logger.error({ err: error, file: path }, 'import of a file failed unexpectedly');
  const reason = `could not import: ${(error as Error).message ?? String(error)}`;
  return { file: path, status: 'failed', reason, activities: [] };
}

function warningsOf(warnings: string[]): { warnings?: string[] } {
  return warnings.length ? { warnings } : {};
}

export function summarize(activities: Activity[], athlete: Athlete): ImportedActivitySummary[] {
  return activities.map((activity) => ({
    id: activity.id,
    sport: activity.sport,
    subSport: activity.subSport,
    startTime: activity.startTime.toISOString(),
    localStartTime: formatLocalIso(activity.startTime, activityOffsetSeconds(activity, athlete.timeZone)),
    durationS: activity.elapsedTimeS,
    movingTimeS: activity.movingTimeS,
    distanceM: activity.distanceM,
    hasHeartRate: activity.heartRateSamples > 0,
    heartRateSamples: activity.heartRateSamples,
  }));
}
