import type { Database } from '../db/database.ts';
import { recomputeAthleteJob } from '../jobs/job-definitions.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { markAthleteChanged } from './mark-athlete-changed.ts';

/** Counts a change to the athlete's data and queues the recompute that answers it; returns the count. */
export async function requestAthleteAnalysis(
  db: Database,
  queue: JobQueue,
  athleteId: string,
): Promise<number> {
  const changeCount = await markAthleteChanged(db.pool, athleteId);
  await queue.enqueue(recomputeAthleteJob, { athleteId, changeCount });
  return changeCount;
}

/**
 * Waits until the athlete's analysis covers a change. In-process that is when the queue is idle; with
 * BullMQ the worker processes record it in the database, which is polled.
 */
export async function waitForAthleteAnalysis(
  db: Database,
  queue: JobQueue,
  athleteId: string,
  changeCount: number,
  timeoutMs = 10 * 60_000,
): Promise<boolean> {
  await queue.whenIdle();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const state = await db.prisma.athleteAnalysisState.findUnique({ where: { athleteId } });
    if (state && state.analysedCount >= changeCount) return true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}
