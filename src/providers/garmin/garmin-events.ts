import type { Database } from '../../db/database.ts';
import type { JobOutcome } from '../../jobs/job-definition.ts';
import { PermanentJobError } from '../../jobs/job-definition.ts';
import {
  analyzeActivityJob,
  garminEventJob,
  recomputeAthleteJob,
  SYNC_PRIORITY,
} from '../../jobs/job-definitions.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import type { JobContext } from '../../jobs/job-registry.ts';
import { findConnection, type StoredConnection } from '../connections/connection.store.ts';
import {
  findUnprocessedEvents,
  loadProviderEvent,
  markProviderEventProcessed,
  recordProviderEventFailure,
} from '../provider-event.store.ts';
import { importGarminActivityFile } from './garmin-activity-files.ts';
import { storeGarminDaily } from './garmin-dailies.ts';
import { handleGarminDeregistration } from './garmin-deregistration.ts';
import type { GarminEventKind } from './garmin-notifications.ts';
import { applyGarminPermissionChange } from './garmin-permission-change.ts';
import { ACTIVITY_EXPORT } from './garmin-permissions.ts';
import { storeGarminDetails, storeGarminSummary } from './store-garmin-activities.ts';

/** Samples of a backfill arrive in bursts: one recompute a few seconds later covers them all. */
const RECOMPUTE_COALESCE_MS = 3_000;

type EventHandler = (
  context: JobContext,
  connection: StoredConnection,
  payload: unknown,
) => Promise<JobOutcome>;

const HANDLERS: Record<GarminEventKind, EventHandler> = {
  activity: async (context, connection, payload) => {
    const stopped = activitySyncStopped(connection);
    if (stopped) return { status: 'skipped', reason: stopped };
    const activityId = await storeGarminSummary(context.db, connection, payload, context.logger);
    await context.queue.enqueue(analyzeActivityJob, { activityId });
    return { status: 'success', detail: 'activity summary stored' };
  },
  'activity-details': async (context, connection, payload) => {
    const stopped = activitySyncStopped(connection);
    if (stopped) return { status: 'skipped', reason: stopped };
    const { activityId, streamsStored, changeCount } = await storeGarminDetails(
      context.db,
      connection,
      payload,
      context.logger,
    );
    await context.queue.enqueue(analyzeActivityJob, { activityId });
    // New samples make the activity's analysis stale; its analysis job may have run already (one id per
    // activity), so the athlete's recompute is what analyses it again.
    if (changeCount !== null) {
      await context.queue.enqueue(
        recomputeAthleteJob,
        { athleteId: connection.athleteId, changeCount },
        { delayMs: context.queue.kind === 'bullmq' ? RECOMPUTE_COALESCE_MS : 0 },
      );
    }
    return streamsStored
      ? { status: 'success', detail: 'samples stored' }
      : { status: 'skipped', reason: 'the activity keeps samples from a richer source (or has none)' };
  },
  'activity-file': (context, connection, payload) => {
    const stopped = activitySyncStopped(connection);
    if (stopped) return Promise.resolve({ status: 'skipped', reason: stopped });
    return importGarminActivityFile(context, connection, payload);
  },
  deregistration: handleGarminDeregistration,
  permissions: applyGarminPermissionChange,
  daily: storeGarminDaily,
};

/**
 * Processes one stored Garmin notification item. The item is looked at again here (it may have been
 * processed by a re-delivery's job, its runner may have unlinked since), then handed to its kind's
 * handler. A permanent failure (an unreadable body) is recorded on the event and not retried.
 */
export async function processGarminEvent(context: JobContext, eventId: string): Promise<JobOutcome> {
  const { pool } = context.db;
  const row = await loadProviderEvent(pool, eventId);
  if (!row) return { status: 'skipped', reason: 'the event is gone' };
  if (row.processedAt) return { status: 'skipped', reason: 'already processed' };
  const userId = (row.payload as { userId?: unknown } | null)?.userId;
  const connection =
    typeof userId === 'string' ? await findConnection(pool, 'garmin', { externalAthleteId: userId }) : null;
  if (!connection || connection.status === 'revoked') {
    const reason = 'no link with this Garmin user';
    await markProviderEventProcessed(pool, eventId, reason);
    return { status: 'skipped', reason };
  }
  const handle = HANDLERS[row.kind as GarminEventKind];
  if (!handle) throw new PermanentJobError(`unknown Garmin event kind "${row.kind}"`);
  let outcome: JobOutcome;
  try {
    outcome = await handle(context, connection, row.payload);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Processed with its reason when retrying cannot help, so the scheduler does not queue it again.
    if (error instanceof PermanentJobError) await markProviderEventProcessed(pool, eventId, message);
    else await recordProviderEventFailure(pool, eventId, message);
    throw error;
  }
  await markProviderEventProcessed(pool, eventId, outcome.status === 'skipped' ? outcome.reason : null);
  return outcome;
}

/**
 * Notifications stored while the queue was down were answered 200 but never queued: for the scheduler's
 * sweep, beside the Strava one (job ids make repeats harmless).
 */
export async function requeueUnprocessedGarminEvents(
  db: Database,
  queue: JobQueue,
  now: Date,
): Promise<number> {
  const stale = await findUnprocessedEvents(db.pool, 'garmin', new Date(now.getTime() - 10 * 60_000));
  for (const eventId of stale)
    await queue.enqueue(garminEventJob, { eventId }, { priority: SYNC_PRIORITY.event });
  return stale.length;
}

/** Activities are imported only from an active link that may read them. */
function activitySyncStopped(connection: StoredConnection): string | null {
  if (connection.status !== 'active') return `the link is ${connection.status}`;
  if (!connection.grantedScopes.includes(ACTIVITY_EXPORT)) return 'the runner does not share activities';
  return null;
}
