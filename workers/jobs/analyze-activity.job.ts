import { RULE_SET_V1 } from '../../src/analysis/index.ts';
import { analyzeStoredActivity } from '../../src/athlete-analysis/analyze-stored-activity.ts';
import { analyzeActivityJob, recomputeAthleteJob } from '../../src/jobs/job-definitions.ts';
import { registerJob } from '../../src/jobs/job-registry.ts';

const RECOMPUTE_COALESCE_MS = 3_000;

/** analyse one activity → queue the recompute of its athlete's weeks and fatigue series. */
export const analyzeActivityHandler = registerJob(
  analyzeActivityJob,
  async ({ activityId }, { db, queue }) => {
    const result = await analyzeStoredActivity(db, activityId, RULE_SET_V1);
    if (result.status === 'missing')
      return { status: 'skipped', reason: 'the activity was deleted since it was queued' };
    const state = await db.prisma.athleteAnalysisState.findUnique({ where: { athleteId: result.athleteId } });
    // A burst of new activities shares one change count by the time they are analysed: one recompute.
    // Activities that trickle in (a rate-limited sync) each bump the count; with workers, the recompute
    // waits a moment so that the changes of those seconds are covered by one run and the rest skip.
    await queue.enqueue(
      recomputeAthleteJob,
      { athleteId: result.athleteId, changeCount: state?.changeCount ?? 0 },
      { delayMs: queue.kind === 'bullmq' ? RECOMPUTE_COALESCE_MS : 0 },
    );
    if (result.status === 'current') return { status: 'skipped', reason: 'analysis already current' };
    return { status: 'success', detail: `${result.analysis.sport}: ${result.analysis.class}` };
  },
);
