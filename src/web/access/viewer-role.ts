import type pg from 'pg';
import type { Viewer } from '../accounts/web-session.store.ts';

/**
 * The access rules of the web, in one place: every route that shows an athlete's data asks here first,
 * and every answer comes from the database on that request (a revoked coach loses access at once).
 *
 * - `self`: the runner, who sees everything of their own;
 * - `coach`: a coach with an active, accepted grant from the runner, who sees derived figures (weeks,
 *   verdicts, fatigue, alerts) and the activities that did not come from Strava alone (Strava's terms:
 *   one user's Strava data is shown to that user only);
 * - null: anybody else. Routes answer 404, never 403, so that ids cannot be probed.
 */
export type ViewerRole = 'self' | 'coach';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function viewerRole(
  pool: pg.Pool,
  viewer: Pick<Viewer, 'userId' | 'athleteId'>,
  athleteId: string,
): Promise<ViewerRole | null> {
  if (!UUID.test(athleteId)) return null;
  if (viewer.athleteId === athleteId) return 'self';
  const { rowCount } = await pool.query(
    `SELECT 1 FROM coach_access WHERE athlete_id = $1 AND coach_user_id = $2 AND status = 'active'`,
    [athleteId, viewer.userId],
  );
  return rowCount ? 'coach' : null;
}

/** The athletes a coach may see (active grants only), for the roster. */
export async function coachedAthleteIds(pool: pg.Pool, viewer: Pick<Viewer, 'userId'>): Promise<string[]> {
  const { rows } = await pool.query<{ athlete_id: string }>(
    `SELECT athlete_id FROM coach_access WHERE coach_user_id = $1 AND status = 'active'`,
    [viewer.userId],
  );
  return rows.map((row) => row.athlete_id);
}

/**
 * SQL condition on an activity aliased `a`: true when a coach may see it as an activity. An activity
 * that also came from a FIT file or Garmin is that data, which has no such limit.
 */
export const COACH_MAY_SEE_ACTIVITY_SQL = `(EXISTS (SELECT 1 FROM activity_source s WHERE s.activity_id = a.id AND s.provider <> 'strava')
  OR NOT EXISTS (SELECT 1 FROM activity_source s WHERE s.activity_id = a.id))`;

/** Strava's own fields (its title) stay with the runner even on an activity a coach may see. */
export function showsStravaFields(role: ViewerRole): boolean {
  return role === 'self';
}
