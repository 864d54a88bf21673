import type pg from 'pg';
import { type IsoWeekday, type LocalDate, localDateAt } from '../../analysis/index.ts';
import { zoneOffsetSeconds } from '../../domain/local-time.ts';

export interface AthleteCard {
  id: string;
  name: string;
  email: string;
  timeZone: string;
  weekStartDay: IsoWeekday;
  /** When the analysis last caught up with the athlete's data (null: never analysed). */
  analysedAt: Date | null;
}

export async function loadAthleteCard(pool: pg.Pool, athleteId: string): Promise<AthleteCard | null> {
  const { rows } = await pool.query<{
    id: string;
    name: string | null;
    email: string;
    time_zone: string;
    week_start_day: number;
    analysed_at: Date | null;
  }>(
    `SELECT a.id, a.name, a.email, a.time_zone, a.week_start_day, s.analysed_at
     FROM athlete a LEFT JOIN athlete_analysis_state s ON s.athlete_id = a.id WHERE a.id = $1`,
    [athleteId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    name: row.name ?? row.email,
    email: row.email,
    timeZone: row.time_zone,
    weekStartDay: row.week_start_day as IsoWeekday,
    analysedAt: row.analysed_at,
  };
}

/** The athlete's own calendar date now: weeks and "today" are theirs, not the server's. */
export function athleteToday(athlete: Pick<AthleteCard, 'timeZone'>, now: Date): LocalDate {
  return localDateAt(now, zoneOffsetSeconds(athlete.timeZone, now));
}
