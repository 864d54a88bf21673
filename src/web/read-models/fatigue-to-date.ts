import type pg from 'pg';
import { computeFatigueSeries, type FatigueDay, type LocalDate, RULE_SET_V1 } from '../../analysis/index.ts';

/**
 * The athlete's daily fatigue series up to `today`. The stored series ends on the day of the last
 * recompute; a coach looking days later must see the fitness and fatigue that decayed since, not frozen
 * figures. The series is computed again from the stored daily loads — the same function and start as the
 * recompute, so the stored days come out identical — and carried on with rest days to today.
 */
export async function loadFatigueToDate(
  pool: pg.Pool,
  athleteId: string,
  today: LocalDate,
): Promise<FatigueDay[]> {
  const { rows } = await pool.query<{ date: string; load: number }>(
    `SELECT to_char(date, 'YYYY-MM-DD') AS date, load FROM athlete_day WHERE athlete_id = $1 ORDER BY date`,
    [athleteId],
  );
  if (!rows.length) return [];
  const first = rows[0]!.date;
  const last = rows.at(-1)!.date;
  return computeFatigueSeries(rows, RULE_SET_V1, { range: { from: first, to: last > today ? last : today } });
}
