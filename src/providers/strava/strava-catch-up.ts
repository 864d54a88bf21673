import type { Database } from '../../db/database.ts';
import { SYNC_PRIORITY, stravaBackfillPageJob, stravaStreamsJob } from '../../jobs/job-definitions.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { listConnections } from '../connections/connection.store.ts';

/**
 * What the scheduler runs every few minutes so that a provider outage only delays a sync: a backfill
 * whose page job gave up after its retries is queued again at the page it stopped on, and a stored
 * activity whose samples never arrived gets its streams job again. Job ids make repeats harmless.
 */
export async function queueStravaCatchUp(
  db: Database,
  queue: JobQueue,
  now: Date,
): Promise<{ queued: number }> {
  let queued = 0;
  const connections = await listConnections(db.pool, { provider: 'strava', status: 'active' });
  for (const connection of connections) {
    if (!connection.backfillDoneAt && connection.backfillPage) {
      await queue.enqueue(
        stravaBackfillPageJob,
        { connectionId: connection.id, page: connection.backfillPage },
        { priority: SYNC_PRIORITY.backfill },
      );
      queued++;
    }
  }
  // Samples missing for more than an hour: their job failed for good (or was lost with Redis).
  const { rows } = await db.pool.query<{ connectionId: string; externalId: string }>(
    `SELECT c.id AS "connectionId", s.external_id AS "externalId"
     FROM activity_source s JOIN activity a ON a.id = s.activity_id
     JOIN provider_connection c ON c.athlete_id = a.athlete_id AND c.provider = 'strava' AND c.status = 'active'
     WHERE s.provider = 'strava' AND a.streams_source_id IS NULL AND NOT a.manual
       AND (s.raw_payload->>'has_heartrate')::boolean AND s.created_at < $1
     LIMIT 2000`,
    [new Date(now.getTime() - 3600_000)],
  );
  for (const row of rows) {
    await queue.enqueue(
      stravaStreamsJob,
      { connectionId: row.connectionId, stravaActivityId: row.externalId },
      { priority: SYNC_PRIORITY.backfill },
    );
  }
  return { queued: queued + rows.length };
}
