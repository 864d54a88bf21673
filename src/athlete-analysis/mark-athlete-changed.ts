import type pg from 'pg';

/**
 * Records that an athlete's data changed (an activity stored, thresholds set), in the caller's
 * transaction when it passes its client. Returns the new change count: the recompute that answers this
 * change is the one that reads at least this count (see AthleteAnalysisState).
 */
export async function markAthleteChanged(db: pg.Pool | pg.PoolClient, athleteId: string): Promise<number> {
  const { rows } = await db.query<{ change_count: number }>(markAthleteChangedSql('$1'), [athleteId]);
  return rows[0]!.change_count;
}

/**
 * The statement, for a caller that makes it part of one of its own (`athlete` names the id's parameter);
 * with `ifRowsIn`, only when that CTE of the caller's statement holds a row (it inserted something).
 */
export function markAthleteChangedSql(athlete: string, ifRowsIn?: string): string {
  const values = ifRowsIn
    ? `SELECT ${athlete}, 1, now() WHERE EXISTS (SELECT FROM ${ifRowsIn})`
    : `VALUES (${athlete}, 1, now())`;
  return `INSERT INTO athlete_analysis_state (athlete_id, change_count, changed_at) ${values}
    ON CONFLICT (athlete_id) DO UPDATE SET change_count = athlete_analysis_state.change_count + 1, changed_at = now()
    RETURNING change_count`;
}
