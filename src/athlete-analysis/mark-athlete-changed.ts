import type pg from 'pg';

/**
 * Records that an athlete's data changed (an activity stored, thresholds set), in the caller's
 * transaction when it passes its client. Returns the new change count: the recompute that answers this
 * change is the one that reads at least this count (see AthleteAnalysisState).
 */
export async function markAthleteChanged(db: pg.Pool | pg.PoolClient, athleteId: string): Promise<number> {
  const { rows } = await db.query<{ change_count: number }>(
    `INSERT INTO athlete_analysis_state (athlete_id, change_count, changed_at) VALUES ($1, 1, now())
     ON CONFLICT (athlete_id) DO UPDATE SET change_count = athlete_analysis_state.change_count + 1, changed_at = now()
     RETURNING change_count`,
    [athleteId],
  );
  return rows[0]!.change_count;
}
