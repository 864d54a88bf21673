import type pg from 'pg';
import {
  type Alert,
  type AlertCode,
  addDays,
  type Confidence,
  type FatigueDay,
  type LocalDate,
  RULE_SET_V1,
  weekStartOf,
} from '../../analysis/index.ts';
import { type AthleteCard, athleteToday } from './athlete-card.ts';
import { loadFatigueToDate } from './fatigue-to-date.ts';
import { type RosterRisk, rosterRisk } from './roster-risk.ts';

/** Alerts whose episode reached into the last week are "active" (as the recompute keeps them). */
const ACTIVE_ALERT_DAYS = 7;
/** Six weeks of daily form and fitness: the roster's sparklines. */
const TREND_DAYS = 42;

export interface CurrentFigures {
  date: LocalDate;
  ctl: number;
  atl: number;
  tsb: number;
  rampRate: number | null;
  acwr: number | null;
  monotony: number | null;
}

export interface ActiveAlert {
  code: AlertCode;
  from: LocalDate;
  to: LocalDate;
  value: number;
  threshold: number;
  evidence: string;
  caveat: string;
}

export interface WeekVerdict {
  weekStart: LocalDate;
  verdict: string;
  confidence: Confidence;
  flags: string[];
  recommendation: string;
}

/** What a coach sees of one athlete at a glance. Every figure is derived: none rebuilds an activity. */
export interface AthleteOverview {
  athleteId: string;
  name: string;
  today: LocalDate;
  analysedAt: Date | null;
  current: CurrentFigures | null;
  lastWeek: WeekVerdict | null;
  alerts: ActiveAlert[];
  risk: RosterRisk;
  trend: Array<{ date: LocalDate; ctl: number; atl: number; tsb: number }>;
}

export async function loadAthleteOverview(
  pool: pg.Pool,
  athlete: AthleteCard,
  now: Date,
): Promise<AthleteOverview> {
  const today = athleteToday(athlete, now);
  const [series, lastWeek, alerts] = await Promise.all([
    loadFatigueToDate(pool, athlete.id, today),
    loadLastWeekVerdict(pool, athlete.id, weekStartOf(today, athlete.weekStartDay)),
    loadActiveAlerts(pool, athlete.id, today),
  ]);
  const latest = latestOnOrBefore(series, today);
  const current = latest ? toCurrent(latest) : null;
  return {
    athleteId: athlete.id,
    name: athlete.name,
    today,
    analysedAt: athlete.analysedAt,
    current,
    lastWeek,
    alerts,
    risk: rosterRisk({ current, alertCodes: alerts.map((alert) => alert.code) }, RULE_SET_V1),
    trend: series
      .filter((day) => day.date > addDays(today, -TREND_DAYS) && day.date <= today)
      .map((day) => ({ date: day.date, ctl: round1(day.ctl), atl: round1(day.atl), tsb: round1(day.tsb) })),
  };
}

/** The verdict of the last week before the current one (the current week is still being trained). */
async function loadLastWeekVerdict(
  pool: pg.Pool,
  athleteId: string,
  currentWeekStart: LocalDate,
): Promise<WeekVerdict | null> {
  const { rows } = await pool.query<{
    week_start: string;
    verdict: string;
    confidence: Confidence;
    flags: string[];
    recommendation: string | null;
  }>(
    `SELECT to_char(week_start, 'YYYY-MM-DD') AS week_start, verdict, confidence, flags,
       facts->'judgement'->>'recommendation' AS recommendation
     FROM athlete_week WHERE athlete_id = $1 AND week_start < $2 ORDER BY week_start DESC LIMIT 1`,
    [athleteId, currentWeekStart],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    weekStart: row.week_start,
    verdict: row.verdict,
    confidence: row.confidence,
    flags: row.flags,
    recommendation: row.recommendation ?? '',
  };
}

async function loadActiveAlerts(pool: pg.Pool, athleteId: string, today: LocalDate): Promise<ActiveAlert[]> {
  const { rows } = await pool.query<{ alerts: Alert[] }>(
    'SELECT alerts FROM athlete_analysis_state WHERE athlete_id = $1',
    [athleteId],
  );
  const since = addDays(today, -ACTIVE_ALERT_DAYS);
  // The stored list was active at the last recompute; days later some have run out.
  return (rows[0]?.alerts ?? [])
    .filter((alert) => alert.to >= since)
    .map((alert) => ({
      code: alert.code,
      from: alert.from,
      to: alert.to,
      value: round2(alert.value),
      threshold: alert.threshold,
      evidence: alert.evidence,
      caveat: alert.caveat,
    }));
}

function latestOnOrBefore(series: readonly FatigueDay[], today: LocalDate): FatigueDay | null {
  for (let index = series.length - 1; index >= 0; index--) {
    if (series[index]!.date <= today) return series[index]!;
  }
  return null;
}

function toCurrent(day: FatigueDay): CurrentFigures {
  return {
    date: day.date,
    ctl: round1(day.ctl),
    atl: round1(day.atl),
    tsb: round1(day.tsb),
    rampRate: day.rampRate === null ? null : round1(day.rampRate),
    acwr: day.acwr === null ? null : round2(day.acwr),
    monotony: day.monotony === null ? null : round2(day.monotony),
  };
}

const round1 = (value: number) => Math.round(value * 10) / 10;
const round2 = (value: number) => Math.round(value * 100) / 100;
