import type pg from 'pg';
import type { ActivityStreams, ImportedActivity } from '../domain/activity.ts';
import { encodeStreams } from '../domain/stream-codec.ts';
import type { Provider } from '../generated/prisma/enums.ts';
import { insertStreams } from './fit-import.sql.ts';
import { bestMatch, sameSessionCandidateParameters, sameSessionCandidates } from './same-session.ts';
import { lockAthleteSessions } from './session-lock.ts';

/**
 * Activities that come from a provider's API (Strava, Garmin), stored by upsert on (provider, external
 * id): the same activity delivered twice — a re-sync, a webhook after a backfill — is one row, updated.
 * All functions run inside the caller's transaction.
 */

/** What a provider's mapper delivers: our activity fields, the provider's title and zone. */
export type ProviderActivity = Omit<ImportedActivity, 'streams'> & {
  name: string | null;
  /** IANA zone the provider names for the activity, when it does. */
  timeZone: string | null;
};

export interface UpsertedActivity {
  activityId: string;
  sourceId: string;
  /** A new activity was stored (false: this source was known, or joined an activity from another source). */
  created: boolean;
  /** This source was new and joined an activity another source had already stored. */
  linked: boolean;
  /** The activity already has samples (from this or another source). */
  hasStreams: boolean;
}

/** Whose samples an activity keeps when several sources have them: the richest recording wins. */
export const STREAM_SOURCE_RANK: Record<Provider, number> = { fit_file: 3, garmin: 2, strava: 1 };

/**
 * The stored activity that is the same session as `outline` (another source's copy of the run), or null.
 * Candidates are read by start time (indexed), then judged by isSameSession.
 */
export async function findSameSessionActivity(
  client: pg.PoolClient | pg.Pool,
  athleteId: string,
  outline: { sport: string; startTime: Date; elapsedTimeS: number; distanceM: number | null },
): Promise<string | null> {
  const { rows } = await client.query<{
    id: string;
    sport: string;
    startTime: Date;
    elapsedTimeS: number;
    distanceM: number | null;
  }>(
    `SELECT id, sport, start_time AS "startTime", elapsed_time_s AS "elapsedTimeS", distance_m AS "distanceM"
     FROM activity WHERE ${sameSessionCandidates('activity', 1)}`,
    sameSessionCandidateParameters(athleteId, outline),
  );
  // A multisport parent matches only another parent; its legs match sessions.
  return bestMatch(outline, rows)?.id ?? null;
}

export async function upsertProviderActivity(
  client: pg.PoolClient,
  input: {
    athleteId: string;
    provider: Provider;
    externalId: string;
    activity: ProviderActivity;
    rawPayload: unknown;
  },
): Promise<UpsertedActivity> {
  const { athleteId, provider, externalId, activity } = input;
  // Cross-source matching below must not race another import of the same run (issue 5).
  await lockAthleteSessions(client, athleteId);
  const { rows: known } = await client.query<{
    activityId: string;
    sourceId: string;
    sources: number;
    hasStreams: boolean;
  }>(
    `SELECT s.activity_id AS "activityId", s.id AS "sourceId", a.streams_source_id IS NOT NULL AS "hasStreams",
       (SELECT count(*)::int FROM activity_source o WHERE o.activity_id = s.activity_id) AS sources
     FROM activity_source s JOIN activity a ON a.id = s.activity_id
     WHERE s.provider = $1 AND s.external_id = $2 AND a.athlete_id = $3 FOR UPDATE OF s`,
    [provider, externalId, athleteId],
  );
  const existing = known[0];
  if (existing) {
    await client.query('UPDATE activity_source SET raw_payload = $2, updated_at = now() WHERE id = $1', [
      existing.sourceId,
      JSON.stringify(input.rawPayload),
    ]);
    // A title, a type or a time zone fixed on the provider's side is taken; when other sources describe
    // the same activity, only the title is (their recordings are at least as precise as this summary).
    if (existing.sources > 1) {
      await client.query('UPDATE activity SET name = $2, updated_at = now() WHERE id = $1', [
        existing.activityId,
        activity.name,
      ]);
    } else {
      // The CTE reads the row as it was before the update: comparing the two says whether the analysis
      // (which depends on these figures, not on the title or the device) must be made again.
      const { rows: updated } = await client.query<{ analysisInputsChanged: boolean }>(
        `WITH old AS (
           SELECT sport, sub_sport, start_time, utc_offset_s, time_zone, elapsed_time_s, moving_time_s, distance_m,
             avg_heart_rate, max_heart_rate, manual
           FROM activity WHERE id = $1
         )
         UPDATE activity a SET sport = $2, sub_sport = $3, start_time = $4, utc_offset_s = $5, time_zone = $6,
           elapsed_time_s = $7, moving_time_s = $8, distance_m = $9, avg_heart_rate = $10, max_heart_rate = $11,
           device = $12, manual = $13, name = $14, updated_at = now()
         FROM old WHERE a.id = $1
         RETURNING (old.sport, old.sub_sport, old.start_time, old.utc_offset_s, old.time_zone, old.elapsed_time_s,
           old.moving_time_s, old.distance_m, old.avg_heart_rate, old.max_heart_rate, old.manual)
           IS DISTINCT FROM (a.sport, a.sub_sport, a.start_time, a.utc_offset_s, a.time_zone, a.elapsed_time_s,
           a.moving_time_s, a.distance_m, a.avg_heart_rate, a.max_heart_rate, a.manual) AS "analysisInputsChanged"`,
        [existing.activityId, ...activityValues(activity)],
      );
      if (updated[0]?.analysisInputsChanged) await markAnalysisStale(client, [existing.activityId]);
    }
    return {
      activityId: existing.activityId,
      sourceId: existing.sourceId,
      created: false,
      linked: false,
      hasStreams: existing.hasStreams,
    };
  }
  const sameSession = await findSameSessionActivity(client, athleteId, activity);
  if (sameSession) {
    const { rows: target } = await client.query<{ hasStreams: boolean }>(
      'SELECT streams_source_id IS NOT NULL AS "hasStreams" FROM activity WHERE id = $1',
      [sameSession],
    );
    const { rows: source } = await client.query<{ id: string }>(
      `INSERT INTO activity_source (activity_id, provider, external_id, raw_payload) VALUES ($1, $2, $3, $4)
       RETURNING id`,
      [sameSession, provider, externalId, JSON.stringify(input.rawPayload)],
    );
    return {
      activityId: sameSession,
      sourceId: source[0]!.id,
      created: false,
      linked: true,
      hasStreams: target[0]?.hasStreams ?? false,
    };
  }
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO activity (athlete_id, sport, sub_sport, start_time, utc_offset_s, time_zone, elapsed_time_s,
       moving_time_s, distance_m, avg_heart_rate, max_heart_rate, device, manual, name)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
    [athleteId, ...activityValues(activity)],
  );
  const activityId = rows[0]!.id;
  const { rows: source } = await client.query<{ id: string }>(
    `INSERT INTO activity_source (activity_id, provider, external_id, raw_payload) VALUES ($1, $2, $3, $4)
     RETURNING id`,
    [activityId, provider, externalId, JSON.stringify(input.rawPayload)],
  );
  return { activityId, sourceId: source[0]!.id, created: true, linked: false, hasStreams: false };
}

function activityValues(activity: ProviderActivity): unknown[] {
  return [
    activity.sport,
    activity.subSport,
    activity.startTime,
    activity.utcOffsetS,
    activity.timeZone,
    activity.elapsedTimeS,
    activity.movingTimeS,
    activity.distanceM,
    activity.avgHeartRate,
    activity.maxHeartRate,
    activity.device,
    activity.manual,
    activity.name,
  ];
}

/**
 * Offers one source's samples for an activity: they replace the stored ones unless those came from a
 * richer source (a FIT file beats Garmin's details, which beat Strava's streams). Returns whether they
 * were stored; `streams_source_id` records whose samples the activity keeps.
 */
export async function offerActivityStreams(
  client: pg.PoolClient,
  activityId: string,
  source: { id: string; provider: Provider },
  streams: ActivityStreams,
): Promise<boolean> {
  const { rows } = await client.query<{ provider: Provider | null }>(
    `SELECT s.provider FROM activity a LEFT JOIN activity_source s ON s.id = a.streams_source_id
     WHERE a.id = $1 FOR UPDATE OF a`,
    [activityId],
  );
  const current = rows[0]?.provider;
  if (
    current &&
    current !== source.provider &&
    STREAM_SOURCE_RANK[current] > STREAM_SOURCE_RANK[source.provider]
  ) {
    return false;
  }
  await replaceActivityStreams(client, activityId, source.id, streams);
  return true;
}

/** Replaces an activity's samples with those of one source, and records which source they came from. */
export async function replaceActivityStreams(
  client: pg.PoolClient,
  activityId: string,
  sourceId: string,
  streams: ActivityStreams,
): Promise<void> {
  await client.query('DELETE FROM activity_stream WHERE activity_id = $1', [activityId]);
  await insertStreams(client, activityId, encodeStreams(streams));
  const heartRateSamples = streams.heartRate
    ? streams.heartRate.filter((value) => !Number.isNaN(value)).length
    : 0;
  await client.query(
    'UPDATE activity SET streams_source_id = $2, heart_rate_samples = $3, updated_at = now() WHERE id = $1',
    [activityId, sourceId, heartRateSamples],
  );
  // The analysis was made from the old samples, and its inputs key does not cover samples (issue 5).
  await markAnalysisStale(client, [activityId]);
}

/**
 * Removes one source. The activity goes with it when no other source describes it (a run also uploaded
 * as a FIT file stays). Returns the athlete whose data changed, or null when the source was unknown.
 */
export async function deleteProviderSource(
  client: pg.PoolClient,
  provider: Provider,
  externalId: string,
  athleteId: string,
): Promise<{ activityId: string; activityDeleted: boolean } | null> {
  const { rows } = await client.query<{ activityId: string }>(
    `DELETE FROM activity_source s USING activity a
     WHERE s.provider = $1 AND s.external_id = $2 AND a.id = s.activity_id AND a.athlete_id = $3
     RETURNING s.activity_id AS "activityId"`,
    [provider, externalId, athleteId],
  );
  const deleted = rows[0];
  if (!deleted) return null;
  await dropStreamsOfMissingSources(client, [deleted.activityId]);
  const orphan = await client.query(
    `DELETE FROM activity a WHERE a.id = $1 AND NOT EXISTS (SELECT 1 FROM activity_source s WHERE s.activity_id = a.id)`,
    [deleted.activityId],
  );
  return { activityId: deleted.activityId, activityDeleted: (orphan.rowCount ?? 0) > 0 };
}

/** Removes everything one provider brought for an athlete (deauthorisation): its sources, then orphans. */
export async function deleteAllProviderData(
  client: pg.PoolClient,
  athleteId: string,
  provider: Provider,
): Promise<{ sources: number; activities: number }> {
  const sources = await client.query<{ activityId: string }>(
    `DELETE FROM activity_source s USING activity a
     WHERE s.provider = $1 AND a.id = s.activity_id AND a.athlete_id = $2 RETURNING s.activity_id AS "activityId"`,
    [provider, athleteId],
  );
  await dropStreamsOfMissingSources(
    client,
    sources.rows.map((row) => row.activityId),
  );
  const activities = await client.query(
    `DELETE FROM activity a WHERE a.athlete_id = $1
       AND NOT EXISTS (SELECT 1 FROM activity_source s WHERE s.activity_id = a.id)`,
    [athleteId],
  );
  return { sources: sources.rowCount ?? 0, activities: activities.rowCount ?? 0 };
}

/**
 * Samples belong to the source they came from: when that source goes (a deauthorised Strava account must
 * leave no Strava data behind), its samples go too, even if the activity stays for another source.
 */
async function dropStreamsOfMissingSources(client: pg.PoolClient, activityIds: string[]): Promise<void> {
  const { rows } = await client.query<{ id: string }>(
    `UPDATE activity a SET streams_source_id = NULL, heart_rate_samples = 0, updated_at = now()
     WHERE a.id = ANY($1::uuid[]) AND a.streams_source_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM activity_source s WHERE s.id = a.streams_source_id)
     RETURNING a.id`,
    [activityIds],
  );
  if (rows.length) {
    await client.query('DELETE FROM activity_stream WHERE activity_id = ANY($1::uuid[])', [
      rows.map((row) => row.id),
    ]);
    await markAnalysisStale(
      client,
      rows.map((row) => row.id),
    );
  }
}

/**
 * An analysis made from samples or figures that have since changed: its inputs key is cleared, so the next
 * analysis or recompute of the athlete makes it again (the key covers thresholds and history, not the
 * recording). Until then the old facts still show. Callers mark the athlete changed.
 */
export async function markAnalysisStale(db: pg.PoolClient, activityIds: string[]): Promise<void> {
  await db.query(`UPDATE activity_analysis SET inputs_key = '' WHERE activity_id = ANY($1::uuid[])`, [
    activityIds,
  ]);
}
