import type pg from 'pg';

export interface StravaSyncStatus {
  activities: number;
  /** Activities whose samples are worth fetching (heart rate, not typed in by hand)… */
  wantingStreams: number;
  /** …and how many of them have their samples stored. */
  withStreams: number;
  backfillsRunning: number;
}

/** How far the Strava import of some connections has come, for the CLI's progress line. */
export async function readStravaSyncStatus(
  pool: pg.Pool,
  connectionIds: string[],
): Promise<StravaSyncStatus> {
  const { rows } = await pool.query<StravaSyncStatus>(
    `WITH linked AS (SELECT id, athlete_id, backfill_done_at FROM provider_connection WHERE id = ANY($1::uuid[]))
     SELECT count(s.id)::int AS activities,
       count(s.id) FILTER (WHERE (s.raw_payload->>'has_heartrate')::boolean AND NOT a.manual)::int AS "wantingStreams",
       count(s.id) FILTER (WHERE a.streams_source_id = s.id)::int AS "withStreams",
       (SELECT count(*)::int FROM linked WHERE backfill_done_at IS NULL) AS "backfillsRunning"
     FROM linked c JOIN activity a ON a.athlete_id = c.athlete_id
     JOIN activity_source s ON s.activity_id = a.id AND s.provider = 'strava'`,
    [connectionIds],
  );
  return rows[0]!;
}
