import { markAthleteChanged } from '../athlete-analysis/mark-athlete-changed.ts';
import type { PrismaClient } from '../db/database.ts';
import type { Athlete, ImportLog } from '../generated/prisma/client.ts';
import type { FileImportResult } from './import-result.ts';
import { findEarlierImport, type PreparedFitFile } from './prepare-fit-file.ts';
import { storeFitActivities } from './store-fit-activities.ts';
import { summarize } from './summarize-activities.ts';

export interface CommittedFitFile {
  result: FileImportResult;
  /** Activities this file created: to be analysed once the transaction has committed. */
  createdIds: string[];
}

/** Writes what a prepared file holds, with its import log; one transaction per file, stored whole or not at all. */
export async function commitFitFile(
  prisma: PrismaClient,
  athlete: Athlete,
  file: PreparedFitFile,
): Promise<CommittedFitFile> {
  const log = {
    athleteId: athlete.id,
    fileName: file.fileName,
    contentHash: file.contentHash,
    sizeBytes: file.sizeBytes,
  };
  // Prepared files are read ahead of the writes: the same content may have been stored just before.
  const earlier = file.earlier ?? (await findEarlierImport(prisma, athlete.id, file.contentHash));
  if (earlier) return { result: await commitDuplicate(prisma, athlete, file, earlier), createdIds: [] };

  const decoded = file.decoded!;
  if (decoded.status === 'failed') {
    await prisma.importLog.create({ data: { ...log, status: 'failed', reason: decoded.reason } });
    return {
      result: { file: file.path, status: 'failed', reason: decoded.reason, activities: [] },
      createdIds: [],
    };
  }
  if (decoded.status === 'not_activity') {
    await prisma.importLog.create({
      data: { ...log, status: 'skipped', reason: decoded.reason, warnings: decoded.warnings },
    });
    const result: FileImportResult = {
      file: file.path,
      status: 'skipped',
      reason: decoded.reason,
      ...warningsOf(decoded.warnings),
      activities: [],
    };
    return { result, createdIds: [] };
  }

  return prisma.$transaction(
    async (tx) => {
      const identity = { contentHash: file.contentHash, fileName: file.fileName };
      const stored = await storeFitActivities(tx, athlete.id, identity, decoded.activities);
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
        file: file.path,
        status,
        ...(reason ? { reason } : {}),
        ...warningsOf(decoded.warnings),
        activities: summarize(all, athlete),
      };
      return { result, createdIds: stored.created.map((activity) => activity.id) };
    },
    { timeout: 60_000 },
  );
}

async function commitDuplicate(
  prisma: PrismaClient,
  athlete: Athlete,
  file: PreparedFitFile,
  earlier: ImportLog,
): Promise<FileImportResult> {
  const reason = 'this file was imported before';
  const activities = await prisma.activity.findMany({
    where: { id: { in: earlier.activityIds } },
    orderBy: { startTime: 'asc' },
  });
  await prisma.importLog.create({
    data: {
      athleteId: athlete.id,
      fileName: file.fileName,
      contentHash: file.contentHash,
      sizeBytes: file.sizeBytes,
      status: 'duplicate',
      reason,
      activityIds: earlier.activityIds,
    },
  });
  return { file: file.path, status: 'duplicate', reason, activities: summarize(activities, athlete) };
}

function warningsOf(warnings: string[]): { warnings?: string[] } {
  return warnings.length ? { warnings } : {};
}
