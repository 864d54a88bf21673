import type pg from 'pg';
import { encodeStreams } from '../domain/stream-codec.ts';
import type { DecodedFitActivity } from '../fit/decode-fit-file.ts';
import type { Athlete } from '../generated/prisma/client.ts';
import { analyzeActivityJob, recomputeAthleteJob } from '../jobs/job-definitions.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import {
  findEarlierImport,
  insertImportLog,
  insertImportLogMarkingChange,
  loadActivities,
  toNewActivity,
} from './fit-import.sql.ts';
import type { FileImportResult } from './import-result.ts';
import { insertFitSessionIfNew, type NewFitSession } from './new-fit-session.sql.ts';
import type { PreparedFitFile } from './prepare-fit-file.ts';
import { beginLockingAthleteSessions, lockedTransactionInOneBatch } from './session-lock.ts';
import { fitSessionSource, storeFitActivities } from './store-fit-activities.ts';
import { summarize } from './summarize-activities.ts';

export interface CommittedFitFile {
  result: FileImportResult;
  /** Activities this file created: to be analysed once the transaction has committed. */
  createdIds: string[];
  /** Activities a provider had stored that this file's recording now describes: to be analysed again. */
  joinedIds: string[];
  /** The athlete's change count after this file (see AthleteAnalysisState); null when nothing changed. */
  changeCount: number | null;
}

/** Writes what a prepared file holds, with its import log; one transaction per file, stored whole or not at all. */
export async function commitFitFile(
  pool: pg.Pool,
  athlete: Athlete,
  file: PreparedFitFile,
): Promise<CommittedFitFile> {
  const decoded = file.decoded;
  if (!file.earlier && decoded?.status === 'activity' && decoded.activities.length === 1) {
    const committed = await commitIfNewSession(pool, athlete, file, decoded.activities[0]!, decoded.warnings);
    if (committed) return committed;
  }
  const log = {
    athleteId: athlete.id,
    fileName: file.fileName,
    contentHash: file.contentHash,
    sizeBytes: file.sizeBytes,
  };
  // Prepared files are read ahead of the writes: the same content may have been stored just before.
  const earlier = file.earlier ?? (await findEarlierImport(pool, athlete.id, file.contentHash));
  if (earlier) {
    const reason = 'this file was imported before';
    const activities = await loadActivities(pool, earlier.activityIds);
    await insertImportLog(pool, { ...log, status: 'duplicate', reason, activityIds: earlier.activityIds });
    const result: FileImportResult = {
      file: file.path,
      status: 'duplicate',
      reason,
      activities: summarize(activities, athlete),
    };
    return { result, createdIds: [], joinedIds: [], changeCount: null };
  }

  if (!decoded) throw new Error(`${file.path} was not decoded`);
  if (decoded.status === 'failed') {
    await insertImportLog(pool, { ...log, status: 'failed', reason: decoded.reason });
    return {
      result: { file: file.path, status: 'failed', reason: decoded.reason, activities: [] },
      createdIds: [],
      joinedIds: [],
      changeCount: null,
    };
  }
  if (decoded.status === 'not_activity') {
    await insertImportLog(pool, {
      ...log,
      status: 'skipped',
      reason: decoded.reason,
      warnings: decoded.warnings,
    });
    const result: FileImportResult = {
      file: file.path,
      status: 'skipped',
      reason: decoded.reason,
      ...warningsOf(decoded.warnings),
      activities: [],
    };
    return { result, createdIds: [], joinedIds: [], changeCount: null };
  }

  const client = await pool.connect();
  try {
    await beginLockingAthleteSessions(client, athlete.id);
    const stored = await storeFitActivities(client, athlete.id, file, decoded.activities);
    const all = [...stored.created, ...stored.existing].sort(
      (a, b) => a.startTime.getTime() - b.startTime.getTime(),
    );
    // A file that only joined a provider's activities still brought its recording: imported.
    const changed = stored.created.length > 0 || stored.joined.length > 0;
    const status = changed ? 'imported' : 'duplicate';
    const reason =
      status === 'duplicate' ? 'these sessions were already stored from another file' : undefined;
    const activityIds = all.map((activity) => activity.id);
    const imported = { ...log, status, reason, warnings: decoded.warnings, activityIds } as const;
    let changeCount: number | null = null;
    if (changed) changeCount = await insertImportLogMarkingChange(client, imported);
    else await insertImportLog(client, imported);
    await client.query('COMMIT');
    const result: FileImportResult = {
      file: file.path,
      status,
      ...(reason ? { reason } : {}),
      ...warningsOf(decoded.warnings),
      activities: summarize(all, athlete),
    };
    return {
      result,
      createdIds: stored.created.map((activity) => activity.id),
      joinedIds: stored.joined.map((activity) => activity.id),
      changeCount,
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Most files hold one session that nothing stored resembles: they are stored in one round trip
 * (insertFitSessionIfNew, in a batch with BEGIN, the lock and COMMIT). Null when the session may be known:
 * nothing was written, and the general path decides.
 */
async function commitIfNewSession(
  pool: pg.Pool,
  athlete: Athlete,
  file: PreparedFitFile,
  session: DecodedFitActivity,
  warnings: string[],
): Promise<CommittedFitFile | null> {
  const newSession: NewFitSession = {
    activity: toNewActivity(athlete.id, null, session),
    source: fitSessionSource(athlete.id, file, session),
    streams: session.streams ? encodeStreams(session.streams) : [],
    log: { fileName: file.fileName, contentHash: file.contentHash, sizeBytes: file.sizeBytes, warnings },
  };
  const client = await pool.connect();
  let stored: Awaited<ReturnType<typeof insertFitSessionIfNew>>;
  try {
    stored = await lockedTransactionInOneBatch(client, athlete.id, () =>
      insertFitSessionIfNew(client, newSession),
    );
  } finally {
    client.release();
  }
  if (!stored) return null;
  const result: FileImportResult = {
    file: file.path,
    status: 'imported',
    ...warningsOf(warnings),
    activities: summarize([stored.activity], athlete),
  };
  return { result, createdIds: [stored.activity.id], joinedIds: [], changeCount: stored.changeCount };
}

function warningsOf(warnings: string[]): { warnings?: string[] } {
  return warnings.length ? { warnings } : {};
}

/**
 * Queues what a committed file calls for, after the commit: the analysis of each new activity, and — when
 * the file joined activities a provider had stored (their analyses are stale now) — a recompute of the
 * athlete, which analyses those again. An activity's analysis job may have run already (its id is per
 * activity), so the recompute is what makes sure.
 */
export async function queueAnalysisOfFile(
  queue: JobQueue,
  athleteId: string,
  committed: CommittedFitFile,
): Promise<void> {
  for (const activityId of committed.createdIds) await queue.enqueue(analyzeActivityJob, { activityId });
  if (committed.joinedIds.length && committed.changeCount !== null) {
    await queue.enqueue(recomputeAthleteJob, { athleteId, changeCount: committed.changeCount });
  }
}
