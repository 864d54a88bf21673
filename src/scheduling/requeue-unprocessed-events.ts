import type { Database } from '../db/database.ts';
import { SYNC_PRIORITY, stravaEventJob } from '../jobs/job-definitions.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { findUnprocessedEvents } from '../providers/provider-event.store.ts';

/** An event stored while Redis was down was answered 200 but never queued: queue it now (ids dedupe). */
export async function requeueUnprocessedEvents(db: Database, queue: JobQueue, now: Date): Promise<number> {
  const stale = await findUnprocessedEvents(db.pool, 'strava', new Date(now.getTime() - 10 * 60_000));
  for (const eventId of stale)
    await queue.enqueue(stravaEventJob, { eventId }, { priority: SYNC_PRIORITY.event });
  return stale.length;
}
