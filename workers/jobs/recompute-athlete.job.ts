import { RULE_SET_V1 } from '../../src/analysis/index.ts';
import { recomputeAthleteAnalysis } from '../../src/athlete-analysis/recompute-athlete-analysis.ts';
import { recomputeAthleteJob } from '../../src/jobs/job-definitions.ts';
import { registerJob } from '../../src/jobs/job-registry.ts';

/** Rebuild one athlete's weeks, daily figures, fatigue series and alerts. */
export const recomputeAthleteHandler = registerJob(
  recomputeAthleteJob,
  async ({ athleteId, changeCount }, { db, clock }) => {
    const state = await db.prisma.athleteAnalysisState.findUnique({ where: { athleteId } });
    if (state && state.analysedCount >= changeCount && state.ruleSetVersion === RULE_SET_V1.version) {
      return { status: 'skipped', reason: 'already analysed after this change' };
    }
    const summary = await recomputeAthleteAnalysis(db, athleteId, RULE_SET_V1, clock.now());
    if (!summary) return { status: 'skipped', reason: 'the athlete was deleted since the job was queued' };
    return {
      status: 'success',
      detail: `${summary.activities} activities (${summary.analysed} analysed), ${summary.weeks} weeks, ${summary.alerts} alerts`,
    };
  },
);
