import { PermanentJobError } from '../../jobs/job-definition.ts';
import type { JobContext } from '../../jobs/job-registry.ts';
import { loadConnection, type StoredConnection } from '../connections/connection.store.ts';
import type { StravaService } from './strava.service.ts';

/**
 * What every Strava job starts with: the Strava service, and the connection re-read from the database
 * (it may have been revoked since the job was queued — then the job skips, it does not fail).
 */
export async function openStravaJob(
  context: JobContext,
  connectionId: string,
): Promise<{ strava: StravaService; connection: StoredConnection } | { skip: string }> {
  const strava = context.providers.strava;
  if (!strava) throw new PermanentJobError('Strava is not configured (STRAVA_CLIENT_ID is unset)');
  const connection = await loadConnection(context.db.pool, connectionId);
  if (!connection) return { skip: 'the connection was removed since the job was queued' };
  if (connection.status !== 'active') return { skip: `the connection is ${connection.status}` };
  return { strava, connection };
}

/** Seven days: activities this recent are what a runner is waiting to see, served before old history. */
export const RECENT_MS = 7 * 24 * 3600_000;
