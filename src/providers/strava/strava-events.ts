import { createHash } from 'node:crypto';
import { markAthleteChanged } from '../../athlete-analysis/mark-athlete-changed.ts';
import type { Database } from '../../db/database.ts';
import { inTransaction } from '../../db/in-transaction.ts';
import { deleteAllProviderData, deleteProviderSource } from '../../ingest/provider-activity.store.ts';
import { lockAthleteSessions } from '../../ingest/session-lock.ts';
import type { JobOutcome } from '../../jobs/job-definition.ts';
import { recomputeAthleteJob, SYNC_PRIORITY, stravaEventJob } from '../../jobs/job-definitions.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import type { JobContext } from '../../jobs/job-registry.ts';
import { ConnectionUnusableError } from '../connections/access-token.ts';
import {
  findConnection,
  type StoredConnection,
  setConnectionStatus,
} from '../connections/connection.store.ts';
import { ProviderNotFoundError } from '../provider-errors.ts';
import {
  insertProviderEvent,
  loadProviderEvent,
  markProviderEventProcessed,
} from '../provider-event.store.ts';
import { storeStravaActivities } from './store-strava-activities.ts';
import { parseStravaEvent, type StravaEvent } from './strava.schemas.ts';
import { queueFollowUps } from './strava-backfill.ts';

/**
 * Stores a webhook event and queues it; Strava wants its 200 within two seconds, so nothing else happens
 * here. A re-delivery has the same dedupe key and is stored (and processed) once. With our subscription
 * id known, an event naming another one is not Strava's: it is not stored, and `foreign` says why.
 */
export async function receiveStravaEvent(
  db: Database,
  queue: JobQueue,
  body: unknown,
  options: { subscriptionId?: number | undefined } = {},
): Promise<{ stored: boolean; event: StravaEvent; foreign?: string }> {
  const event = parseStravaEvent(body);
  if (options.subscriptionId !== undefined && event.subscription_id !== String(options.subscriptionId)) {
    const foreign = `names subscription ${event.subscription_id}, ours is ${options.subscriptionId}`;
    return { stored: false, event, foreign };
  }
  const dedupeKey = [
    event.object_type,
    event.object_id,
    event.aspect_type,
    event.event_time,
    createHash('sha256')
      .update(JSON.stringify(event.updates ?? {}))
      .digest('hex')
      .slice(0, 16),
  ].join(':');
  const eventId = await insertProviderEvent(db.pool, {
    provider: 'strava',
    kind: `${event.object_type}:${event.aspect_type}`,
    dedupeKey,
    payload: body,
  });
  if (eventId) await queue.enqueue(stravaEventJob, { eventId }, { priority: SYNC_PRIORITY.event });
  return { stored: eventId !== null, event };
}

/**
 * Events are hints, not data (Strava does not sign them): a create or update is fetched again from the
 * API with the runner's token, so a forged event can at most cost one request.
 */
export async function processStravaEvent(context: JobContext, eventId: string): Promise<JobOutcome> {
  const { db } = context;
  const row = await loadProviderEvent(db.pool, eventId);
  if (!row) return { status: 'skipped', reason: 'the event is gone' };
  if (row.processedAt) return { status: 'skipped', reason: 'already processed' };
  const event = parseStravaEvent(row.payload);
  const connection = await findConnection(db.pool, 'strava', { externalAthleteId: String(event.owner_id) });
  if (!connection || connection.status === 'revoked') {
    await markProviderEventProcessed(db.pool, eventId, 'no active link for this Strava athlete');
    return { status: 'skipped', reason: 'no active link for this Strava athlete' };
  }
  const outcome = await applyEvent(context, connection, event);
  await markProviderEventProcessed(db.pool, eventId, outcome.status === 'skipped' ? outcome.reason : null);
  return outcome;
}

async function applyEvent(
  context: JobContext,
  connection: StoredConnection,
  event: StravaEvent,
): Promise<JobOutcome> {
  if (event.object_type === 'athlete') {
    if (String(event.updates?.authorized) === 'false') {
      if (await stravaStillAcceptsUs(context, connection)) {
        context.logger.warn(
          { connectionId: connection.id },
          'a deauthorization event for a link Strava still accepts: ignored as not from Strava',
        );
        return {
          status: 'skipped',
          reason: 'Strava still accepts our access: the event was not from Strava',
        };
      }
      return revokeStravaLink(context, connection);
    }
    return { status: 'skipped', reason: 'athlete profile update: nothing weekwise keeps' };
  }
  const stravaActivityId = String(event.object_id);
  if (event.aspect_type === 'delete') return removeStravaActivity(context, connection, stravaActivityId);
  if (connection.status !== 'active')
    return { status: 'skipped', reason: `the link is ${connection.status}` };
  const strava = context.providers.strava;
  if (!strava) return { status: 'skipped', reason: 'Strava is not configured' };
  let detail: unknown;
  try {
    detail = await strava.withToken(connection.id, (token) =>
      strava.client.get(token, `/activities/${stravaActivityId}`),
    );
  } catch (error) {
    // Gone, or made private without our activity:read_all: either way not ours to keep.
    if (error instanceof ProviderNotFoundError)
      return removeStravaActivity(context, connection, stravaActivityId);
    throw error;
  }
  const stored = await storeStravaActivities(context.db, connection, [detail], context.logger);
  // An update changes the title, type or privacy, not the samples: streams are fetched only when the
  // activity has none yet.
  await queueFollowUps(context, connection.id, stored);
  return { status: 'success', detail: `${event.aspect_type} of Strava activity ${stravaActivityId}` };
}

async function removeStravaActivity(
  context: JobContext,
  connection: StoredConnection,
  stravaActivityId: string,
): Promise<JobOutcome> {
  const changeCount = await inTransaction(context.db.pool, async (client) => {
    // Waits for a store in progress (storeStravaActivities), which may be storing this very activity.
    await lockAthleteSessions(client, connection.athleteId);
    const removed = await deleteProviderSource(client, 'strava', stravaActivityId, connection.athleteId);
    return removed ? markAthleteChanged(client, connection.athleteId) : null;
  });
  if (changeCount === null)
    return { status: 'skipped', reason: `Strava activity ${stravaActivityId} was not stored` };
  await context.queue.enqueue(recomputeAthleteJob, { athleteId: connection.athleteId, changeCount });
  return { status: 'success', detail: `removed Strava activity ${stravaActivityId}` };
}

/**
 * Events are not signed, and a deauthorization deletes the runner's Strava data: before believing one,
 * ask Strava. A real one has killed every token, so the call and the refresh are refused (the link is
 * then unusable); a forged one finds the token still working. An outage throws: the job retries later.
 */
async function stravaStillAcceptsUs(context: JobContext, connection: StoredConnection): Promise<boolean> {
  const strava = context.providers.strava;
  if (!strava) return false;
  try {
    await strava.withToken(connection.id, (token) => strava.client.get(token, '/athlete'));
    return true;
  } catch (error) {
    if (error instanceof ConnectionUnusableError) return false;
    throw error;
  }
}

/** The runner withdrew weekwise's access on Strava: Strava's terms say their Strava data goes with it. */
export async function revokeStravaLink(
  context: Pick<JobContext, 'db' | 'queue'>,
  connection: StoredConnection,
): Promise<JobOutcome> {
  const { removed, changeCount } = await inTransaction(context.db.pool, async (client) => {
    const removed = await deleteAllProviderData(client, connection.athleteId, 'strava');
    await setConnectionStatus(client, connection.id, 'revoked', 'access withdrawn on Strava');
    return { removed, changeCount: await markAthleteChanged(client, connection.athleteId) };
  });
  await context.queue.enqueue(recomputeAthleteJob, { athleteId: connection.athleteId, changeCount });
  return {
    status: 'success',
    detail: `link revoked; removed ${removed.activities} activities and ${removed.sources} Strava sources`,
  };
}
