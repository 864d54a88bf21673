import type pg from 'pg';
import type { GarminEmulator } from '../emulators/garmin/garmin-emulator.ts';

export interface GarminRunner {
  email: string;
  athleteId: string;
  garminUserId: string;
}

/** One runner's Garmin account against what weekwise stored for them. */
export interface GarminRunnerAudit {
  email: string;
  /** Activities on Garmin Connect (history within the backfill, and those recorded during the faults). */
  onGarmin: number;
  /** Garmin sources weekwise stored. */
  stored: number;
  /** Rows beyond one activity and one source per Garmin activity. */
  duplicates: number;
  /** On Garmin, not in weekwise. */
  lost: string[];
  /** In weekwise, not on Garmin. */
  extra: string[];
  /** Sent with details (a sample a second), yet stored without samples. */
  missingSamples: number;
  /** Activities whose FIT file Garmin offered, and those stored with the file as a source. */
  filesOffered: number;
  filesImported: number;
  /** Stored activities with no analysis. */
  unanalysed: number;
  changeCount: number;
  analysedCount: number;
  /** Backfill requests Garmin never answered. */
  unansweredBackfills: number;
}

export async function auditGarminRunner(
  pool: pg.Pool,
  emulator: GarminEmulator,
  runner: GarminRunner,
): Promise<GarminRunnerAudit> {
  const onGarmin = emulator.activitiesOf(runner.garminUserId);
  const garminIds = new Set(onGarmin.map((activity) => String(activity.summary.activityId)));
  const { rows: sources } = await pool.query<{ externalId: string; activityId: string }>(
    `SELECT s.external_id AS "externalId", s.activity_id AS "activityId" FROM activity_source s
     JOIN activity a ON a.id = s.activity_id WHERE s.provider = 'garmin' AND a.athlete_id = $1`,
    [runner.athleteId],
  );
  const storedIds = new Set(sources.map((source) => source.externalId));
  const withDetails = onGarmin
    .filter((activity) => activity.deliver.details && activity.samples.length > 0)
    .map((activity) => String(activity.summary.activityId));
  const withFiles = onGarmin
    .filter((activity) => activity.fitFile)
    .map((activity) => String(activity.summary.activityId));
  const { rows } = await pool.query<{
    activities: number;
    missingSamples: number;
    filesImported: number;
    unanalysed: number;
    changeCount: number | null;
    analysedCount: number | null;
    unansweredBackfills: number;
  }>(
    `SELECT (SELECT count(*)::int FROM activity WHERE athlete_id = $1) AS activities,
       (SELECT count(*)::int FROM activity a JOIN activity_source s ON s.activity_id = a.id
          WHERE a.athlete_id = $1 AND s.provider = 'garmin' AND s.external_id = ANY($2::text[])
            AND a.streams_source_id IS NULL) AS "missingSamples",
       (SELECT count(*)::int FROM activity a JOIN activity_source s ON s.activity_id = a.id
          WHERE a.athlete_id = $1 AND s.provider = 'garmin' AND s.external_id = ANY($3::text[])
            AND EXISTS (SELECT 1 FROM activity_source f WHERE f.activity_id = a.id AND f.provider = 'fit_file'))
         AS "filesImported",
       (SELECT count(*)::int FROM activity a WHERE a.athlete_id = $1
          AND NOT EXISTS (SELECT 1 FROM activity_analysis x WHERE x.activity_id = a.id)) AS unanalysed,
       (SELECT change_count FROM athlete_analysis_state WHERE athlete_id = $1) AS "changeCount",
       (SELECT analysed_count FROM athlete_analysis_state WHERE athlete_id = $1) AS "analysedCount",
       (SELECT count(*)::int FROM garmin_backfill_request r JOIN provider_connection c ON c.id = r.connection_id
          WHERE c.athlete_id = $1 AND r.answered_at IS NULL) AS "unansweredBackfills"`,
    [runner.athleteId, withDetails, withFiles],
  );
  const row = rows[0]!;
  const activitiesWithSource = new Set(sources.map((source) => source.activityId)).size;
  return {
    email: runner.email,
    onGarmin: garminIds.size,
    stored: sources.length,
    duplicates: sources.length - storedIds.size + (row.activities - activitiesWithSource),
    lost: [...garminIds].filter((id) => !storedIds.has(id)),
    extra: [...storedIds].filter((id) => !garminIds.has(id)),
    missingSamples: row.missingSamples,
    filesOffered: withFiles.length,
    filesImported: row.filesImported,
    unanalysed: row.unanalysed,
    changeCount: row.changeCount ?? 0,
    analysedCount: row.analysedCount ?? 0,
    unansweredBackfills: row.unansweredBackfills,
  };
}
