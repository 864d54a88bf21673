import { PermanentJobError } from '../../jobs/job-definition.ts';
import type { JobContext } from '../../jobs/job-registry.ts';
import { loadConnection, type StoredConnection } from '../connections/connection.store.ts';
import type { GarminService } from './garmin.service.ts';

/** Garmin's service, or a permanent failure saying how to turn Garmin on. */
export function requireGarmin(context: Pick<JobContext, 'providers'>): GarminService {
  const garmin = context.providers.garmin;
  if (!garmin) throw new PermanentJobError('Garmin is not configured (GARMIN_CLIENT_ID is unset)');
  return garmin;
}

/**
 * What a Garmin job that calls Garmin starts with: the service, and the connection re-read from the
 * database (it may have been revoked since the job was queued — then the job skips, it does not fail).
 */
export async function openGarminJob(
  context: JobContext,
  connectionId: string,
): Promise<{ garmin: GarminService; connection: StoredConnection } | { skip: string }> {
  const garmin = requireGarmin(context);
  const connection = await loadConnection(context.db.pool, connectionId);
  if (!connection) return { skip: 'the connection was removed since the job was queued' };
  if (connection.status !== 'active') return { skip: `the connection is ${connection.status}` };
  return { garmin, connection };
}
