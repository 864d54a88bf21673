import {
  type Alert,
  addDays,
  type IsoWeekday,
  type LocalDate,
  localDateAt,
  RULE_SET_V1,
  weekStartOf,
} from '../analysis/index.ts';
import type { StoredWeek } from '../athlete-analysis/athlete-analysis.store.ts';
import type { Database } from '../db/database.ts';
import { zoneOffsetSeconds } from '../domain/local-time.ts';
import {
  assembleDigestWeek,
  DIGEST_TREND_WEEKS,
  type DigestActivityDetails,
} from './assemble-digest-week.ts';
import type { DigestConnectionIssue, DigestDay, DigestWeek } from './digest-week.ts';

export class DigestWeekUnavailableError extends Error {
  override name = 'DigestWeekUnavailableError';

  constructor(
    readonly reason: 'unknown_athlete' | 'not_analysed',
    message: string,
  ) {
    super(message);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface AthleteRow {
  id: string;
  name: string | null;
  email: string;
  timeZone: string;
  weekStartDay: number;
  analysed: boolean;
  behind: boolean;
  alerts: Alert[];
  connections: DigestConnectionIssue[];
}

/**
 * Everything one digest needs for (athlete, week), read in four queries run side by side: the athlete
 * with their alerts and broken provider links, the stored week, eight weeks of daily figures, and the
 * week's activities (names, where they were recorded). A week the analysis has not seen yet is an error
 * (`not_analysed`); a week it has seen without any activity is an `empty` digest week.
 */
export async function loadDigestWeek(
  db: Database,
  athleteId: string,
  weekStart: LocalDate,
): Promise<DigestWeek> {
  if (!UUID.test(athleteId))
    throw new DigestWeekUnavailableError('unknown_athlete', `no athlete ${athleteId}`);
  const weekEnd = addDays(weekStart, 6);
  const trendFrom = addDays(weekStart, -7 * (DIGEST_TREND_WEEKS - 1));
  const [athleteRows, weekRows, dayRows, activityRows] = await Promise.all([
    db.pool.query<AthleteRow>(
      `SELECT a.id, a.name, a.email, a.time_zone AS "timeZone", a.week_start_day AS "weekStartDay",
         s.athlete_id IS NOT NULL AS analysed,
         coalesce(s.analysed_count < s.change_count OR s.rule_set_version IS DISTINCT FROM $2, true) AS behind,
         coalesce(s.alerts, '[]'::jsonb) AS alerts,
         coalesce((SELECT json_agg(json_build_object('provider', c.provider, 'status', c.status, 'reason', c.status_reason)
                     ORDER BY c.provider)
                   FROM provider_connection c
                   WHERE c.athlete_id = a.id AND c.status IN ('needs_reauth', 'revoked')), '[]'::json) AS connections
       FROM athlete a LEFT JOIN athlete_analysis_state s ON s.athlete_id = a.id
       WHERE a.id = $1`,
      [athleteId, RULE_SET_V1.version],
    ),
    db.pool.query<{ facts: StoredWeek }>(
      'SELECT facts FROM athlete_week WHERE athlete_id = $1 AND week_start = $2',
      [athleteId, weekStart],
    ),
    db.pool.query<DigestDay>(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, load, ctl AS fitness, atl AS fatigue, tsb AS form
       FROM athlete_day WHERE athlete_id = $1 AND date BETWEEN $2 AND $3 ORDER BY date`,
      [athleteId, trendFrom, weekEnd],
    ),
    db.pool.query<DigestActivityDetails & { id: string }>(
      `SELECT a.id, a.name, a.sub_sport AS "subSport", a.manual, a.distance_m AS "distanceM",
         a.utc_offset_s AS "utcOffsetS", a.time_zone AS "timeZone"
       FROM activity_analysis an JOIN activity a ON a.id = an.activity_id
       WHERE an.athlete_id = $1 AND an.local_date BETWEEN $2 AND $3`,
      [athleteId, weekStart, weekEnd],
    ),
  ]);
  const athlete = athleteRows.rows[0];
  if (!athlete) throw new DigestWeekUnavailableError('unknown_athlete', `no athlete ${athleteId}`);
  const weekStartDay = athlete.weekStartDay as IsoWeekday;
  if (weekStartOf(weekStart, weekStartDay) !== weekStart) {
    throw new RangeError(`${weekStart} does not start one of ${athlete.email}'s weeks`);
  }
  const week = weekRows.rows[0]?.facts ?? null;
  // Without a stored week, the analysis either has not caught up (new data, or never ran) or saw nothing.
  if (!week && (!athlete.analysed || athlete.behind)) {
    throw new DigestWeekUnavailableError(
      'not_analysed',
      `the week of ${weekStart} is not analysed yet for ${athlete.email}`,
    );
  }
  return assembleDigestWeek({
    athlete: {
      id: athlete.id,
      name: athlete.name,
      email: athlete.email,
      timeZone: athlete.timeZone,
      weekStartDay,
    },
    weekStart,
    week,
    activities: new Map(activityRows.rows.map(({ id, ...details }) => [id, details])),
    days: dayRows.rows,
    alerts: athlete.alerts,
    connections: athlete.connections,
    ruleSet: RULE_SET_V1,
  });
}

/**
 * The newest week that has fully ended in the runner's own time zone at `now`: the week before the one
 * `now` falls in, cut on the runner's week start day.
 */
export function latestClosedWeekStart(
  athlete: { timeZone: string; weekStartDay: number },
  now: Date,
): LocalDate {
  const today = localDateAt(now, zoneOffsetSeconds(athlete.timeZone, now));
  return addDays(weekStartOf(today, athlete.weekStartDay as IsoWeekday), -7);
}
