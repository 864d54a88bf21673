import type { JobOutcome } from '../../jobs/job-definition.ts';
import type { JobContext } from '../../jobs/job-registry.ts';
import { updateSyncProgress } from '../connections/connection.store.ts';
import { storeStravaActivities } from './store-strava-activities.ts';
import { queueFollowUps, readActivityPage, STRAVA_PAGE_SIZE } from './strava-backfill.ts';
import { openStravaJob } from './strava-job-context.ts';

/**
 * Activities newer than the newest one seen. With only `after`, Strava lists oldest first, so each page
 * moves the cursor forward and the next request asks again from page 1: a job stopped half-way (a spent
 * window, a crash) resumes where the cursor is, without re-listing what it stored.
 */
export async function runStravaIncrementalSync(
  context: JobContext,
  connectionId: string,
): Promise<JobOutcome> {
  const opened = await openStravaJob(context, connectionId);
  if ('skip' in opened) return { status: 'skipped', reason: opened.skip };
  const { strava } = opened;
  let connection = opened.connection;
  let total = 0;
  for (;;) {
    const after = Math.floor((connection.newestSeenAt ?? new Date(0)).getTime() / 1000);
    const listing = await strava.withToken(connection.id, (token) =>
      strava.client.get(token, '/athlete/activities', { after, page: 1, per_page: STRAVA_PAGE_SIZE }),
    );
    const items = readActivityPage(listing);
    const stored = await storeStravaActivities(
      context.db,
      connection,
      items,
      context.logger,
      (client, rows) => {
        const newest = rows.reduce<Date | null>(
          (latest, row) => (!latest || row.startTime > latest ? row.startTime : latest),
          null,
        );
        return updateSyncProgress(client, connection.id, {
          lastSyncedAt: context.clock.now(),
          ...(newest ? { newestSeenAt: newest } : {}),
        });
      },
    );
    await queueFollowUps(context, connection.id, stored);
    total += stored.length;
    const newest = stored.reduce((latest, row) => Math.max(latest, row.startTime.getTime()), 0);
    // A full page whose newest activity did not move the cursor would repeat forever: stop there.
    if (items.length < STRAVA_PAGE_SIZE || newest <= after * 1000) break;
    connection = { ...connection, newestSeenAt: new Date(newest) };
  }
  return { status: 'success', detail: `${total} new or changed activities` };
}
