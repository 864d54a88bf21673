import { RULE_SET_V1 } from '../analysis/index.ts';
import type { Database } from '../db/database.ts';
import { recomputeAthleteJob } from '../jobs/job-definitions.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { findAthletesBehind } from './find-athletes-behind.ts';

/**
 * The nightly analysis: one recompute job for every athlete whose analysis is behind. The job id is built
 * from the athlete and their change count, so two schedulers running at once queue each job once, and
 * the handler skips work another recompute already covered.
 */
export async function runNightlyAnalysis(db: Database, queue: JobQueue): Promise<{ queued: number }> {
  const behind = await findAthletesBehind(db.prisma, RULE_SET_V1.version);
  for (const { athleteId, changeCount } of behind) {
    // Below the priority of work triggered by a runner's own new activity.
    await queue.enqueue(recomputeAthleteJob, { athleteId, changeCount }, { priority: 10 });
  }
  return { queued: behind.length };
}
