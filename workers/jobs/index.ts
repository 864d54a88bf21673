import { JOB_DEFINITIONS } from '../../src/jobs/job-definitions.ts';
import { JobRegistry } from '../../src/jobs/job-registry.ts';
import { analyzeActivityHandler } from './analyze-activity.job.ts';
import { garminJobHandlers } from './garmin-sync.jobs.ts';
import { recomputeAthleteHandler } from './recompute-athlete.job.ts';
import { sendDigestHandler } from './send-digest.job.ts';
import { stravaJobHandlers } from './strava-sync.jobs.ts';

/** Every job handler. Building the registry fails at start-up if a job has no handler or two. */
export function createJobRegistry(): JobRegistry {
  return new JobRegistry(JOB_DEFINITIONS, [
    analyzeActivityHandler,
    recomputeAthleteHandler,
    ...stravaJobHandlers,
    ...garminJobHandlers,
    sendDigestHandler,
  ]);
}
