import type pg from 'pg';
import type { Athlete } from '../generated/prisma/client.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { commitFitFile, queueAnalysisOfFile } from './commit-fit-file.ts';
import { insertImportLog } from './fit-import.sql.ts';
import type { FileImportResult } from './import-result.ts';
import { prepareFitBytes } from './prepare-fit-file.ts';

/**
 * Imports one FIT file weekwise fetched itself (a Garmin activity file), through the same steps as
 * `weekwise import`: decoded, stored whole or not at all with its import log, matched with the same
 * session from other sources, and its activities queued for analysis once committed.
 */
export async function importFitBytes(
  pool: pg.Pool,
  queue: JobQueue,
  athlete: Athlete,
  file: { fileName: string; bytes: Uint8Array; origin: string },
): Promise<FileImportResult> {
  const prepared = await prepareFitBytes(pool, athlete.id, {
    path: `${file.origin}:${file.fileName}`,
    ...file,
  });
  const committed = await commitFitFile(pool, athlete, prepared);
  await queueAnalysisOfFile(queue, athlete.id, committed);
  return committed.result;
}

/** A file that could not even be fetched still gets its line in the import log, with the reason. */
export async function recordFailedFitImport(
  db: pg.Pool | pg.PoolClient,
  athleteId: string,
  file: { fileName: string; reason: string },
): Promise<void> {
  // No bytes, so no content hash: an empty one never matches a real file (findEarlierImport).
  await insertImportLog(db, {
    athleteId,
    fileName: file.fileName,
    contentHash: '',
    sizeBytes: 0,
    status: 'failed',
    reason: file.reason,
  });
}
