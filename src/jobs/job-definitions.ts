import { z } from 'zod';
import { defineJob } from './job-definition.ts';

/** Every job weekwise runs, in one typed list: enqueueing is type-checked against these. */

export const analyzeActivityJob = defineJob({
  name: 'analyze-activity',
  version: 1,
  queue: 'analysis',
  payload: z.object({ activityId: z.uuid() }),
  retry: { attempts: 5, backoffMs: 2_000 },
  jobId: ({ activityId }) => `analyze-${activityId}`,
});

export const recomputeAthleteJob = defineJob({
  name: 'recompute-athlete',
  version: 1,
  queue: 'analysis',
  // The change it answers (see AthleteAnalysisState): a newer change gets a new job; a job whose change
  // was already covered by an earlier recompute skips.
  payload: z.object({ athleteId: z.uuid(), changeCount: z.int().nonnegative() }),
  retry: { attempts: 5, backoffMs: 5_000 },
  jobId: ({ athleteId, changeCount }) => `recompute-${athleteId}-${changeCount}`,
});

export const JOB_DEFINITIONS = [analyzeActivityJob, recomputeAthleteJob] as const;
