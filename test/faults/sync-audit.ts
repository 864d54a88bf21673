import type pg from 'pg';
import type { StravaEmulator } from '../emulators/strava/strava-emulator.ts';

export interface Runner {
  email: string;
  athleteId: string;
  stravaAthleteId: number;
}

/** One runner's Strava account against what weekwise stored for them. */
export interface RunnerAudit {
  email: string;
  /** Activities on Strava now (deleted ones gone, created ones in). */
  onStrava: number;
  /** Strava sources weekwise stored. */
  stored: number;
  /** Rows beyond one activity and one source per Strava activity (a second row, an orphan activity). */
  duplicates: number;
  /** Strava activities stored as another one's source instead of as their own activity. */
  merged: number;
  /** On Strava, not in weekwise. */
  lost: string[];
  /** In weekwise, no longer on Strava (a delete that did not land). */
  extra: string[];
  /** Stored under another name than Strava's (an update that did not land). */
  staleNames: string[];
  /** Recorded with heart rate, yet stored without samples. */
  missingSamples: number;
  /** Stored activities with no analysis. */
  unanalysed: number;
  changeCount: number;
  analysedCount: number;
  backfillDone: boolean;
}

export async function auditRunner(
  pool: pg.Pool,
  emulator: StravaEmulator,
  runner: Runner,
): Promise<RunnerAudit> {
  const onStrava = new Map(
    emulator.listActivities(runner.stravaAthleteId).map((activity) => [String(activity.id), activity]),
  );
  const { rows: sources } = await pool.query<{ externalId: string; activityId: string; name: string | null }>(
    `SELECT s.external_id AS "externalId", a.id AS "activityId", a.name FROM activity_source s
     JOIN activity a ON a.id = s.activity_id WHERE s.provider = 'strava' AND a.athlete_id = $1`,
    [runner.athleteId],
  );
  const storedIds = new Set(sources.map((source) => source.externalId));
  const { rows: counts } = await pool.query<{
    activities: number;
    missingSamples: number;
    unanalysed: number;
    changeCount: number | null;
    analysedCount: number | null;
    backfillDone: boolean | null;
  }>(
    `SELECT (SELECT count(*)::int FROM activity WHERE athlete_id = $1) AS activities,
       (SELECT count(*)::int FROM activity a JOIN activity_source s ON s.activity_id = a.id
          WHERE a.athlete_id = $1 AND s.provider = 'strava' AND NOT a.manual
            AND (s.raw_payload->>'has_heartrate')::boolean AND a.streams_source_id IS NULL) AS "missingSamples",
       (SELECT count(*)::int FROM activity a WHERE a.athlete_id = $1
          AND NOT EXISTS (SELECT 1 FROM activity_analysis x WHERE x.activity_id = a.id)) AS unanalysed,
       (SELECT change_count FROM athlete_analysis_state WHERE athlete_id = $1) AS "changeCount",
       (SELECT analysed_count FROM athlete_analysis_state WHERE athlete_id = $1) AS "analysedCount",
       (SELECT backfill_done_at IS NOT NULL AND backfill_page IS NULL FROM provider_connection
          WHERE athlete_id = $1 AND provider = 'strava') AS "backfillDone"`,
    [runner.athleteId],
  );
  const row = counts[0]!;
  const activitiesWithSource = new Set(sources.map((source) => source.activityId)).size;
  return {
    email: runner.email,
    onStrava: onStrava.size,
    stored: sources.length,
    duplicates: sources.length - storedIds.size + (row.activities - activitiesWithSource),
    merged: storedIds.size - activitiesWithSource,
    lost: [...onStrava.keys()].filter((id) => !storedIds.has(id)),
    extra: [...storedIds].filter((id) => !onStrava.has(id)),
    staleNames: sources
      .filter((source) => onStrava.has(source.externalId))
      .filter((source) => source.name !== onStrava.get(source.externalId)!.name)
      .map((source) => source.externalId),
    missingSamples: row.missingSamples,
    unanalysed: row.unanalysed,
    changeCount: row.changeCount ?? 0,
    analysedCount: row.analysedCount ?? 0,
    backfillDone: row.backfillDone ?? false,
  };
}

/** Webhook events stored in the inbox and never processed, by kind. */
export async function unprocessedEvents(pool: pg.Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ kind: string; count: number }>(
    `SELECT kind, count(*)::int AS count FROM provider_event WHERE processed_at IS NULL GROUP BY kind`,
  );
  return Object.fromEntries(rows.map((row) => [row.kind, row.count]));
}

/** Strava activities stored for all runners, and how many have their samples (for the fault timeline). */
export async function syncProgress(pool: pg.Pool): Promise<string> {
  try {
    const { rows } = await pool.query<{ activities: number; withSamples: number }>(
      `SELECT count(*)::int AS activities, count(a.streams_source_id)::int AS "withSamples"
       FROM activity_source s JOIN activity a ON a.id = s.activity_id WHERE s.provider = 'strava'`,
    );
    return `${rows[0]!.activities} activities stored, ${rows[0]!.withSamples} with samples`;
  } catch {
    return 'PostgreSQL unreachable';
  }
}
