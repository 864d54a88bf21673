import type pg from 'pg';
import { markAthleteChanged } from '../../athlete-analysis/mark-athlete-changed.ts';
import type { Database } from '../../db/database.ts';
import { inTransaction } from '../../db/in-transaction.ts';
import type { Sport } from '../../domain/sport.ts';
import { countsStrides } from '../../fit/fit-sport-map.ts';
import { offerActivityStreams, upsertProviderActivity } from '../../ingest/provider-activity.store.ts';
import { lockAthleteSessions } from '../../ingest/session-lock.ts';
import { PermanentJobError } from '../../jobs/job-definition.ts';
import type { Logger } from '../../logging/logger.ts';
import type { StoredConnection } from '../connections/connection.store.ts';
import { mapStravaActivity, mapStravaStreams } from './map-strava-activity.ts';
import { parseStravaActivity, parseStravaStreams, StravaPayloadError } from './strava.schemas.ts';

export interface StoredStravaActivity {
  activityId: string;
  stravaActivityId: string;
  startTime: Date;
  created: boolean;
  /** Recorded with heart rate and not typed in by hand: its samples are worth one streams request. */
  wantsStreams: boolean;
}

/**
 * Stores a batch of Strava activities (a listing page, a webhook's fetch) in one transaction, upserting
 * on (strava, id). `withinTransaction` runs last in the same transaction (e.g. the backfill's cursor), so
 * a page is stored and marked done together or not at all. An activity whose JSON cannot be read is left
 * out with a logged reason; it never stops the others.
 */
export async function storeStravaActivities(
  db: Database,
  connection: StoredConnection,
  payloads: unknown[],
  logger: Logger,
  withinTransaction?: (client: pg.PoolClient, stored: StoredStravaActivity[]) => Promise<void>,
): Promise<StoredStravaActivity[]> {
  const mapped = payloads.flatMap((payload) => {
    try {
      const activity = parseStravaActivity(payload);
      const warn = (message: string) =>
        logger.warn({ connectionId: connection.id, stravaActivityId: activity.id }, message);
      return [{ payload, activity: mapStravaActivity(activity, warn) }];
    } catch (error) {
      if (!(error instanceof StravaPayloadError)) throw error;
      logger.warn({ reason: error.message, connectionId: connection.id }, 'Strava activity skipped');
      return [];
    }
  });
  return inTransaction(db.pool, async (client) => {
    // A listing or a fetch answered before the runner deleted an activity may arrive here after its
    // delete event found nothing to remove: the event in the inbox says it is gone. Under the lock the
    // delete takes too, an event is either seen here or finds the activity stored when it runs.
    await lockAthleteSessions(client, connection.athleteId);
    const deleted = await deletedOnStrava(
      client,
      mapped.map(({ activity }) => activity.externalId),
    );
    const stored: StoredStravaActivity[] = [];
    for (const { payload, activity } of mapped) {
      if (deleted.has(activity.externalId)) {
        logger.debug(
          { stravaActivityId: activity.externalId },
          'deleted on Strava since it was read: not stored',
        );
        continue;
      }
      const { externalId, hasHeartRate, private: _private, trainer: _trainer, ...fields } = activity;
      const result = await upsertProviderActivity(client, {
        athleteId: connection.athleteId,
        provider: 'strava',
        externalId,
        activity: fields,
        rawPayload: payload,
      });
      stored.push({
        activityId: result.activityId,
        stravaActivityId: externalId,
        startTime: activity.startTime,
        created: result.created,
        // Samples are worth a request only when the activity has none yet (from Strava or a richer source).
        wantsStreams: hasHeartRate && !activity.manual && !result.hasStreams,
      });
    }
    if (stored.length) await markAthleteChanged(client, connection.athleteId);
    await withinTransaction?.(client, stored);
    return stored;
  });
}

/** Of these Strava activity ids, those a delete event was received for (stored in the event inbox). */
async function deletedOnStrava(client: pg.PoolClient, stravaActivityIds: string[]): Promise<Set<string>> {
  if (!stravaActivityIds.length) return new Set();
  const { rows } = await client.query<{ id: string }>(
    `SELECT DISTINCT payload->>'object_id' AS id FROM provider_event
     WHERE provider = 'strava' AND kind = 'activity:delete' AND payload->>'object_id' = ANY($1::text[])`,
    [stravaActivityIds],
  );
  return new Set(rows.map((row) => row.id));
}

/**
 * Stores the samples of one activity; null when the activity is no longer stored (deleted meanwhile).
 * `samplesStored` is false when the answer held no samples, or the activity keeps a richer source's.
 */
export async function storeStravaStreams(
  db: Database,
  connection: StoredConnection,
  stravaActivityId: string,
  payload: unknown,
  logger: Logger,
): Promise<{ activityId: string; samplesStored: boolean } | null> {
  return inTransaction(db.pool, async (client) => {
    const { rows } = await client.query<{ activityId: string; sourceId: string; sport: string }>(
      `SELECT s.activity_id AS "activityId", s.id AS "sourceId", a.sport FROM activity_source s
       JOIN activity a ON a.id = s.activity_id
       WHERE s.provider = 'strava' AND s.external_id = $1 AND a.athlete_id = $2 FOR UPDATE OF s`,
      [stravaActivityId, connection.athleteId],
    );
    const source = rows[0];
    if (!source) return null;
    let streams: ReturnType<typeof mapStravaStreams>;
    try {
      const warn = (message: string) =>
        logger.warn({ connectionId: connection.id, stravaActivityId }, message);
      streams = mapStravaStreams(
        parseStravaStreams(payload, stravaActivityId),
        countsStrides(source.sport as Sport),
        warn,
      );
    } catch (error) {
      // Samples that cannot be read will not read better next time: keep the summary, say why.
      if (error instanceof StravaPayloadError) throw new PermanentJobError(error.message);
      throw error;
    }
    const samplesStored =
      streams !== null &&
      (await offerActivityStreams(
        client,
        source.activityId,
        { id: source.sourceId, provider: 'strava' },
        streams,
      ));
    if (samplesStored) await markAthleteChanged(client, connection.athleteId);
    return { activityId: source.activityId, samplesStored };
  });
}
