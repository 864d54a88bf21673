import type { JobOutcome } from '../../jobs/job-definition.ts';
import { analyzeActivityJob } from '../../jobs/job-definitions.ts';
import type { JobContext } from '../../jobs/job-registry.ts';
import { ProviderNotFoundError } from '../provider-errors.ts';
import { storeStravaStreams } from './store-strava-activities.ts';
import { openStravaJob } from './strava-job-context.ts';

/** The samples weekwise analyses; Strava leaves out the streams an activity lacks. */
export const STRAVA_STREAM_KEYS = 'time,heartrate,distance,velocity_smooth,altitude,cadence,moving';

export async function runStravaStreams(
  context: JobContext,
  connectionId: string,
  stravaActivityId: string,
): Promise<JobOutcome> {
  const opened = await openStravaJob(context, connectionId);
  if ('skip' in opened) return { status: 'skipped', reason: opened.skip };
  const { strava, connection } = opened;
  let payload: unknown;
  try {
    payload = await strava.withToken(connection.id, (token) =>
      strava.client.get(token, `/activities/${stravaActivityId}/streams`, {
        keys: STRAVA_STREAM_KEYS,
        key_by_type: 'true',
      }),
    );
  } catch (error) {
    // Deleted on Strava since it was listed: its delete event removes it; nothing to fetch.
    if (error instanceof ProviderNotFoundError) return { status: 'skipped', reason: error.message };
    throw error;
  }
  const stored = await storeStravaStreams(context.db, connection, stravaActivityId, payload, context.logger);
  if (!stored) return { status: 'skipped', reason: 'the activity was deleted since it was queued' };
  await context.queue.enqueue(analyzeActivityJob, { activityId: stored.activityId });
  if (!stored.samplesStored) {
    return {
      status: 'skipped',
      reason: `Strava sent no usable samples for activity ${stravaActivityId}, or a richer source's are kept`,
    };
  }
  return { status: 'success', detail: `streams of Strava activity ${stravaActivityId}` };
}
