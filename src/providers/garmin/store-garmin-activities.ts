import type pg from 'pg';
import { markAthleteChanged } from '../../athlete-analysis/mark-athlete-changed.ts';
import type { Database } from '../../db/database.ts';
import { inTransaction } from '../../db/in-transaction.ts';
import { offerActivityStreams, upsertProviderActivity } from '../../ingest/provider-activity.store.ts';
import { lockAthleteSessions } from '../../ingest/session-lock.ts';
import { PermanentJobError } from '../../jobs/job-definition.ts';
import type { Logger } from '../../logging/logger.ts';
import type { StoredConnection } from '../connections/connection.store.ts';
import {
  GarminPayloadError,
  parseGarminActivityDetails,
  parseGarminActivitySummary,
} from './garmin.schemas.ts';
import { type MappedGarminActivity, mapGarminActivity } from './map-garmin-activity.ts';
import { mapGarminSamples } from './map-garmin-samples.ts';

/** The details arrived before their summary (separate notifications, separate jobs): the job retries. */
export class SummaryNotYetStoredError extends Error {
  override name = 'SummaryNotYetStoredError';
}

/**
 * Stores one activity summary, upserting on (garmin, activity id): a re-delivery updates the same row,
 * and the same run already stored from Strava or a FIT file gets Garmin as one more source. Multisport
 * legs are put under their parent, whichever of them arrives first. Returns the activity's id.
 */
export async function storeGarminSummary(
  db: Database,
  connection: StoredConnection,
  payload: unknown,
  logger: Logger,
): Promise<string> {
  const mapped = readSummary(payload, connection, logger);
  return inTransaction(db.pool, async (client) => {
    const activityId = await upsertSummary(client, connection.athleteId, mapped, payload);
    await markAthleteChanged(client, connection.athleteId);
    return activityId;
  });
}

/**
 * Stores the samples of one activity's details as Garmin's streams. They replace Strava's, never a FIT
 * file's (offerActivityStreams). Details carry their summary: when it has not been stored yet (its own
 * notification is still queued) it is stored from here. Returns the activity's id.
 */
export async function storeGarminDetails(
  db: Database,
  connection: StoredConnection,
  payload: unknown,
  logger: Logger,
): Promise<{ activityId: string; streamsStored: boolean; changeCount: number | null }> {
  const details = permanent(() => parseGarminActivityDetails(payload));
  const subject = `Garmin activity details ${details.activityId}`;
  const warn = (message: string) =>
    logger.warn({ connectionId: connection.id, garminActivityId: details.activityId }, message);
  return inTransaction(db.pool, async (client) => {
    await lockAthleteSessions(client, connection.athleteId);
    let source = await findGarminSource(client, connection.athleteId, details.activityId);
    const summaryStored = !source;
    if (!source) {
      const summary = summaryOfDetails(details.summary, details.activityId);
      // Without a readable summary of its own, the details wait for the summary's notification.
      const mapped = summary ? tryReadSummary(summary, connection, logger) : null;
      if (!mapped) throw new SummaryNotYetStoredError(`${subject}: its summary is not stored yet`);
      await upsertSummary(client, connection.athleteId, mapped, summary);
      source = (await findGarminSource(client, connection.athleteId, details.activityId))!;
    }
    const streams = permanent(() => mapGarminSamples(details.samples, source.startTime, subject, warn));
    const streamsStored =
      streams !== null &&
      (await offerActivityStreams(
        client,
        source.activityId,
        { id: source.sourceId, provider: 'garmin' },
        streams,
      ));
    const changed = streamsStored || summaryStored;
    const changeCount = changed ? await markAthleteChanged(client, connection.athleteId) : null;
    return { activityId: source.activityId, streamsStored, changeCount };
  });
}

/** The summary Garmin sends inside details, with the ids the details name. */
function summaryOfDetails(summary: unknown, activityId: string): Record<string, unknown> | null {
  if (typeof summary !== 'object' || summary === null || Array.isArray(summary)) return null;
  return { summaryId: activityId, ...summary, activityId };
}

function tryReadSummary(
  payload: unknown,
  connection: StoredConnection,
  logger: Logger,
): MappedGarminActivity | null {
  try {
    return readSummary(payload, connection, logger);
  } catch (error) {
    if (error instanceof PermanentJobError) return null;
    throw error;
  }
}

function readSummary(payload: unknown, connection: StoredConnection, logger: Logger): MappedGarminActivity {
  const summary = permanent(() => parseGarminActivitySummary(payload));
  return mapGarminActivity(summary, (message) =>
    logger.warn({ connectionId: connection.id, garminActivityId: summary.activityId }, message),
  );
}

async function upsertSummary(
  client: pg.PoolClient,
  athleteId: string,
  mapped: MappedGarminActivity,
  rawPayload: unknown,
): Promise<string> {
  const { activityId } = await upsertProviderActivity(client, {
    athleteId,
    provider: 'garmin',
    externalId: mapped.externalId,
    activity: mapped.activity,
    rawPayload,
  });
  await linkMultisport(client, athleteId, activityId, mapped);
  return activityId;
}

/**
 * A leg names its parent's summary id. Legs and parent come in any order, so both sides look: a leg for
 * its stored parent, a parent for its stored legs. A leg already under a parent (a FIT file's) stays.
 */
async function linkMultisport(
  client: pg.PoolClient,
  athleteId: string,
  activityId: string,
  mapped: MappedGarminActivity,
): Promise<void> {
  if (mapped.parentSummaryId) {
    const { rows } = await client.query<{ activityId: string }>(
      `SELECT s.activity_id AS "activityId" FROM activity_source s JOIN activity a ON a.id = s.activity_id
       WHERE s.provider = 'garmin' AND a.athlete_id = $1
         AND (s.external_id = $2 OR s.raw_payload->>'summaryId' = $2) LIMIT 1`,
      [athleteId, mapped.parentSummaryId],
    );
    const parentId = rows[0]?.activityId;
    if (parentId && parentId !== activityId) {
      await client.query('UPDATE activity SET parent_id = $2 WHERE id = $1 AND parent_id IS NULL', [
        activityId,
        parentId,
      ]);
    }
  }
  if (mapped.isParent) {
    await client.query(
      `UPDATE activity a SET parent_id = $3 FROM activity_source s
       WHERE s.activity_id = a.id AND s.provider = 'garmin' AND a.athlete_id = $1
         AND s.raw_payload->>'parentSummaryId' = $2 AND a.parent_id IS NULL AND a.id <> $3`,
      [athleteId, mapped.summaryId, activityId],
    );
  }
}

async function findGarminSource(
  client: pg.PoolClient,
  athleteId: string,
  garminActivityId: string,
): Promise<{ activityId: string; sourceId: string; startTime: Date } | null> {
  const { rows } = await client.query<{ activityId: string; sourceId: string; startTime: Date }>(
    `SELECT s.activity_id AS "activityId", s.id AS "sourceId", a.start_time AS "startTime"
     FROM activity_source s JOIN activity a ON a.id = s.activity_id
     WHERE s.provider = 'garmin' AND s.external_id = $1 AND a.athlete_id = $2 FOR UPDATE OF s`,
    [garminActivityId, athleteId],
  );
  return rows[0] ?? null;
}

/** A body that cannot be read will not read better next time: the job ends, saying why. */
function permanent<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof GarminPayloadError) throw new PermanentJobError(error.message);
    throw error;
  }
}
