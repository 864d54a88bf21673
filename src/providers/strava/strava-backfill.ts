import type pg from 'pg';
import { type JobOutcome, PermanentJobError } from '../../jobs/job-definition.ts';
import {
  analyzeActivityJob,
  SYNC_PRIORITY,
  stravaBackfillPageJob,
  stravaStreamsJob,
} from '../../jobs/job-definitions.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import type { JobContext } from '../../jobs/job-registry.ts';
import { type StoredConnection, updateSyncProgress } from '../connections/connection.store.ts';
import { type StoredStravaActivity, storeStravaActivities } from './store-strava-activities.ts';
import { parseStravaActivityPage, StravaPayloadError } from './strava.schemas.ts';
import { openStravaJob, RECENT_MS } from './strava-job-context.ts';

/** Strava's largest page: fewer list requests per activity is the point of the whole governor. */
export const STRAVA_PAGE_SIZE = 200;

/**
 * Starts (or restarts) the history backfill of a new link: everything before `now`, newest first, one
 * page per job. Activities after `now` arrive by webhook or incremental sync.
 */
export async function startStravaBackfill(
  pool: pg.Pool,
  queue: JobQueue,
  connection: StoredConnection,
  now: Date,
): Promise<void> {
  await updateSyncProgress(pool, connection.id, {
    backfillBefore: now,
    backfillPage: 1,
    backfillDoneAt: null,
    newestSeenAt: connection.newestSeenAt ?? now,
  });
  await queue.enqueue(
    stravaBackfillPageJob,
    { connectionId: connection.id, page: 1 },
    { priority: SYNC_PRIORITY.backfill },
  );
}

export async function runStravaBackfillPage(
  context: JobContext,
  connectionId: string,
  page: number,
): Promise<JobOutcome> {
  const opened = await openStravaJob(context, connectionId);
  if ('skip' in opened) return { status: 'skipped', reason: opened.skip };
  const { strava, connection } = opened;
  if (connection.backfillPage !== page || !connection.backfillBefore) {
    return { status: 'skipped', reason: `the backfill is not at page ${page}` };
  }
  const before = Math.floor(connection.backfillBefore.getTime() / 1000);
  const listing = await strava.withToken(connection.id, (token) =>
    strava.client.get(token, '/athlete/activities', { before, page, per_page: STRAVA_PAGE_SIZE }),
  );
  const items = readActivityPage(listing);
  const last = items.length < STRAVA_PAGE_SIZE;
  const stored = await storeStravaActivities(context.db, connection, items, context.logger, (client) =>
    updateSyncProgress(client, connection.id, {
      backfillPage: last ? null : page + 1,
      ...(last ? { backfillDoneAt: context.clock.now() } : {}),
      lastSyncedAt: context.clock.now(),
    }),
  );
  await queueFollowUps(context, connection.id, stored);
  if (!last) {
    await context.queue.enqueue(
      stravaBackfillPageJob,
      { connectionId, page: page + 1 },
      { priority: SYNC_PRIORITY.backfill },
    );
  }
  return {
    status: 'success',
    detail: `page ${page}: ${stored.length} activities${last ? ', backfill complete' : ''}`,
  };
}

/**
 * The items of a listing, each still to be read on its own (a bad one is skipped, the others stored). An
 * answer that is no listing at all (not a list, an error body, thousands of items) will not read better
 * next time: the job ends for good, saying so, and the page stays to be asked for again by a later sync.
 */
export function readActivityPage(listing: unknown): unknown[] {
  try {
    return parseStravaActivityPage(listing);
  } catch (error) {
    if (error instanceof StravaPayloadError) throw new PermanentJobError(error.message);
    throw error;
  }
}

/** Streams for what has heart rate (recent first), analysis for the rest. Queued after the commit. */
export async function queueFollowUps(
  context: JobContext,
  connectionId: string,
  stored: StoredStravaActivity[],
): Promise<void> {
  const now = context.clock.now().getTime();
  for (const activity of stored) {
    if (activity.wantsStreams) {
      const recent = now - activity.startTime.getTime() < RECENT_MS;
      await context.queue.enqueue(
        stravaStreamsJob,
        { connectionId, stravaActivityId: activity.stravaActivityId },
        { priority: recent ? SYNC_PRIORITY.recent : SYNC_PRIORITY.backfill },
      );
    } else {
      await context.queue.enqueue(analyzeActivityJob, { activityId: activity.activityId });
    }
  }
}
