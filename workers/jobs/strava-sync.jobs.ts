import {
  stravaBackfillPageJob,
  stravaEventJob,
  stravaIncrementalSyncJob,
  stravaStreamsJob,
} from '../../src/jobs/job-definitions.ts';
import { registerJob } from '../../src/jobs/job-registry.ts';
import { runStravaBackfillPage } from '../../src/providers/strava/strava-backfill.ts';
import { processStravaEvent } from '../../src/providers/strava/strava-events.ts';
import { runStravaIncrementalSync } from '../../src/providers/strava/strava-incremental-sync.ts';
import { runStravaStreams } from '../../src/providers/strava/strava-streams.ts';

/** Strava's jobs; each is one step of the sync (src/providers/strava explains the steps). */
export const stravaJobHandlers = [
  registerJob(stravaBackfillPageJob, ({ connectionId, page }, context) =>
    runStravaBackfillPage(context, connectionId, page),
  ),
  registerJob(stravaStreamsJob, ({ connectionId, stravaActivityId }, context) =>
    runStravaStreams(context, connectionId, stravaActivityId),
  ),
  registerJob(stravaIncrementalSyncJob, ({ connectionId }, context) =>
    runStravaIncrementalSync(context, connectionId),
  ),
  registerJob(stravaEventJob, ({ eventId }, context) => processStravaEvent(context, eventId)),
];
