import { garminBackfillJob, garminEventJob } from '../../src/jobs/job-definitions.ts';
import { registerJob } from '../../src/jobs/job-registry.ts';
import { runGarminBackfill } from '../../src/providers/garmin/garmin-backfill.ts';
import { processGarminEvent } from '../../src/providers/garmin/garmin-events.ts';

/** Garmin's jobs: one per stored notification item, one per backfill window (src/providers/garmin). */
export const garminJobHandlers = [
  registerJob(garminEventJob, ({ eventId }, context) => processGarminEvent(context, eventId)),
  registerJob(garminBackfillJob, ({ connectionId, summaryType, startS, endS }, context) =>
    runGarminBackfill(context, { connectionId, summaryType, startS, endS }),
  ),
];
