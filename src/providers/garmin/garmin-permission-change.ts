import type { JobOutcome } from '../../jobs/job-definition.ts';
import { PermanentJobError } from '../../jobs/job-definition.ts';
import type { JobContext } from '../../jobs/job-registry.ts';
import { type StoredConnection, setConnectionStatus } from '../connections/connection.store.ts';
import { GarminPayloadError, parseGarminPermissionChange } from './garmin.schemas.ts';
import { ACTIVITIES_WITHDRAWN_REASON, ACTIVITY_EXPORT, HEALTH_EXPORT } from './garmin-permissions.ts';

/**
 * The runner changed what weekwise may see on Garmin Connect. The new permissions become the link's
 * granted scopes, and what is no longer allowed stops: without ACTIVITY_EXPORT the link is set to
 * needs_reauth with a plain reason (nothing more is imported from it); without HEALTH_EXPORT dailies are
 * ignored. Given back, ACTIVITY_EXPORT makes the link active again (Garmin kept its tokens valid).
 */
export async function applyGarminPermissionChange(
  context: Pick<JobContext, 'db' | 'providers'>,
  connection: StoredConnection,
  payload: unknown,
): Promise<JobOutcome> {
  let change: ReturnType<typeof parseGarminPermissionChange>;
  try {
    change = parseGarminPermissionChange(payload);
  } catch (error) {
    if (error instanceof GarminPayloadError) throw new PermanentJobError(error.message);
    throw error;
  }
  // Notifications are unsigned: on an active link the permissions are read back from Garmin, so a forged
  // notification cannot stop a runner's sync. A stopped link has no usable token to ask with; there the
  // notification may only start things again, and Garmin's answers to the next calls have the last word.
  const garmin = context.providers.garmin;
  if (garmin && connection.status === 'active') {
    change = {
      ...change,
      permissions: await garmin.withToken(connection.id, (token) => garmin.client.permissions(token)),
    };
  }
  const { pool } = context.db;
  await pool.query('UPDATE provider_connection SET granted_scopes = $2, updated_at = now() WHERE id = $1', [
    connection.id,
    change.permissions,
  ]);
  const health = change.permissions.includes(HEALTH_EXPORT) ? 'dailies on' : 'dailies off';
  if (!change.permissions.includes(ACTIVITY_EXPORT)) {
    if (connection.status === 'active') {
      await setConnectionStatus(pool, connection.id, 'needs_reauth', ACTIVITIES_WITHDRAWN_REASON);
    }
    return { status: 'success', detail: `activities withdrawn: link needs_reauth, ${health}` };
  }
  if (connection.status === 'needs_reauth' && connection.statusReason === ACTIVITIES_WITHDRAWN_REASON) {
    await setConnectionStatus(pool, connection.id, 'active', null);
    return { status: 'success', detail: `activities shared again: link active, ${health}` };
  }
  return { status: 'success', detail: `permissions now ${change.permissions.join(', ') || 'none'}` };
}
