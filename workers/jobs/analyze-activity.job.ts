import { RULE_SET_V1 } from '../../src/analysis/index.ts';
import { analyzeStoredActivity } from '../../src/athlete-analysis/analyze-stored-activity.ts';
import { analyzeActivityJob, recomputeAthleteJob } from '../../src/jobs/job-definitions.ts';
import { registerJob } from '../../src/jobs/job-registry.ts';

/** analyse one activity → queue the recompute of its athlete's weeks and fatigue series. */
export const analyzeActivityHandler = registerJob(
  analyzeActivityJob,
  async ({ activityId }, { db, queue }) => {
    const result = await analyzeStoredActivity(db, activityId, RULE_SET_V1);
    if (result.status === 'missing')
      return { status: 'skipped', reason: 'the activity was deleted since it was queued' };
    const state = await db.prisma.athleteAnalysisState.findUnique({ where: { athleteId: result.athleteId } });
    // A burst of new activities shares one change count by the time they are analysed: one recompute.
    await queue.enqueue(recomputeAthleteJob, {
      athleteId: result.athleteId,
      changeCount: state?.changeCount ?? 0,
    });
    if (result.status === 'current') return { status: 'skipped', reason: 'analysis already current' };
    return { status: 'success', detail: `${result.analysis.sport}: ${result.analysis.class}` };
  },
);
