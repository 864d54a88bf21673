import type { Database } from '../../db/database.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { listConnections } from '../connections/connection.store.ts';
import { requestGarminBackfill } from './garmin-backfill.ts';

/**
 * `weekwise sync --provider garmin`: Garmin pushes new data by itself, so a sync asks again for the whole
 * history window of each active link. Windows already asked for are answered 409 and cost nothing; the
 * ones a failure left out, and the newest, are delivered again.
 */
export async function requestGarminSync(
  db: Database,
  queue: JobQueue,
  request: { now: Date; days: number; athleteId?: string },
): Promise<{ links: number; requests: number }> {
  const connections = await listConnections(db.pool, {
    provider: 'garmin',
    status: 'active',
    ...(request.athleteId ? { athleteId: request.athleteId } : {}),
  });
  let requests = 0;
  for (const connection of connections) {
    const { windows } = await requestGarminBackfill(db.pool, queue, connection, request);
    requests += windows;
  }
  return { links: connections.length, requests };
}
