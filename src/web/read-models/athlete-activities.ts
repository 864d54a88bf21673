import type pg from 'pg';
import type { LocalDate } from '../../analysis/index.ts';
import type { Provider } from '../../generated/prisma/enums.ts';
import { COACH_MAY_SEE_ACTIVITY_SQL, showsStravaFields, type ViewerRole } from '../access/viewer-role.ts';

export interface WebActivity {
  id: string;
  startTime: string;
  /** Null until the analysis has placed it on the athlete's calendar. */
  localDate: LocalDate | null;
  sport: string;
  /** Null for a coach when Strava delivered the activity (its title is Strava data). */
  name: string | null;
  movingTimeS: number | null;
  distanceM: number | null;
  avgHeartRate: number | null;
  sources: Provider[];
  analysis: {
    class: string;
    long: boolean;
    purpose: string | null;
    zoneSeconds: { easy: number; grey: number; high: number };
    trimp: number | null;
    confidence: string;
  } | null;
}

/**
 * An athlete's activities, newest first, as the role may see them: the runner all of theirs, a coach
 * only those that did not come from Strava alone (see access/viewer-role.ts).
 */
export async function loadWebActivities(
  pool: pg.Pool,
  athleteId: string,
  role: ViewerRole,
  options: { from?: LocalDate; to?: LocalDate; limit: number },
): Promise<WebActivity[]> {
  const { rows } = await pool.query<{
    id: string;
    start_time: Date;
    local_date: string | null;
    sport: string;
    name: string | null;
    moving_time_s: number | null;
    distance_m: number | null;
    avg_heart_rate: number | null;
    sources: Provider[];
    intensity_class: string | null;
    long: boolean | null;
    purpose: string | null;
    zone1_s: number | null;
    zone2_s: number | null;
    zone3_s: number | null;
    trimp: number | null;
    confidence: string | null;
  }>(
    `SELECT a.id, a.start_time, to_char(aa.local_date, 'YYYY-MM-DD') AS local_date, a.sport, a.name,
       a.moving_time_s, a.distance_m, a.avg_heart_rate,
       ARRAY(SELECT DISTINCT s.provider::text FROM activity_source s WHERE s.activity_id = a.id) AS sources,
       aa.intensity_class, aa.long, aa.purpose, aa.zone1_s, aa.zone2_s, aa.zone3_s, aa.trimp, aa.confidence
     FROM activity a LEFT JOIN activity_analysis aa ON aa.activity_id = a.id
     WHERE a.athlete_id = $1 AND a.parent_id IS NULL
       AND ($2::date IS NULL OR aa.local_date >= $2::date) AND ($3::date IS NULL OR aa.local_date <= $3::date)
       AND ($4 OR ${COACH_MAY_SEE_ACTIVITY_SQL})
     ORDER BY a.start_time DESC LIMIT $5`,
    [athleteId, options.from ?? null, options.to ?? null, role === 'self', options.limit],
  );
  return rows.map((row) => ({
    id: row.id,
    startTime: row.start_time.toISOString(),
    localDate: row.local_date,
    sport: row.sport,
    name: showsStravaFields(role) || !row.sources.includes('strava') ? row.name : null,
    movingTimeS: row.moving_time_s === null ? null : Math.round(row.moving_time_s),
    distanceM: row.distance_m === null ? null : Math.round(row.distance_m),
    avgHeartRate: row.avg_heart_rate === null ? null : Math.round(row.avg_heart_rate),
    sources: row.sources,
    analysis:
      row.intensity_class === null
        ? null
        : {
            class: row.intensity_class,
            long: Boolean(row.long),
            purpose: row.purpose,
            zoneSeconds: {
              easy: Math.round(row.zone1_s ?? 0),
              grey: Math.round(row.zone2_s ?? 0),
              high: Math.round(row.zone3_s ?? 0),
            },
            trimp: row.trimp === null ? null : Math.round(row.trimp * 10) / 10,
            confidence: row.confidence ?? 'none',
          },
  }));
}
