import type pg from 'pg';
import type { Confidence, LocalDate, RuleResult } from '../../analysis/index.ts';
import type { StoredWeek } from '../../athlete-analysis/athlete-analysis.store.ts';

/**
 * One training week as the web shows it: totals, zone shares and the verdict with its evidence. Only
 * week-level figures — no per-run list — so it is the same for a runner and a coach (a week's list of
 * runs would be Strava activities under another name).
 */
export interface WebWeek {
  weekStart: LocalDate;
  weekEnd: LocalDate;
  complete: boolean;
  verdict: string;
  recommendation: string;
  confidence: Confidence;
  flags: string[];
  withheldBecause: string[];
  runCount: number;
  runningTimeS: number;
  hardSessions: number;
  moderateRuns: number;
  restDays: number;
  load: number;
  loadRatio: number | null;
  monotony: number | null;
  /** Running time in Seiler's three zones: easy (Z1), grey (Z2), high (Z3). */
  zoneSeconds: { easy: number; grey: number; high: number };
  zoneShares: { easy: number | null; grey: number | null; high: number | null };
  heartRateCoverage: number | null;
  longRun: { share: number; decouplingPct: number | null; survival: boolean | null } | null;
  rules: Array<{ rule: RuleResult['rule']; status: RuleResult['status']; evidence: string }>;
}

/** The latest `count` weeks, oldest first (as charts read them). */
export async function loadWebWeeks(pool: pg.Pool, athleteId: string, count: number): Promise<WebWeek[]> {
  const { rows } = await pool.query<{ facts: StoredWeek }>(
    'SELECT facts FROM athlete_week WHERE athlete_id = $1 ORDER BY week_start DESC LIMIT $2',
    [athleteId, count],
  );
  return rows.reverse().map((row) => toWebWeek(row.facts));
}

function toWebWeek(week: StoredWeek): WebWeek {
  const { facts, judgement } = week;
  const share = (value: number | null) => (value === null ? null : round(value, 3));
  return {
    weekStart: week.weekStart,
    weekEnd: week.weekEnd,
    complete: facts.complete,
    verdict: judgement.verdict,
    recommendation: judgement.recommendation,
    confidence: judgement.confidence,
    flags: [...judgement.flags],
    withheldBecause: [...judgement.withheldBecause],
    runCount: facts.runCount,
    runningTimeS: Math.round(facts.runningTimeS),
    hardSessions: facts.hardSessions,
    moderateRuns: facts.moderateRuns,
    restDays: facts.restDays,
    load: round(facts.load, 1),
    loadRatio: facts.loadRatio === null ? null : round(facts.loadRatio, 2),
    monotony: facts.monotony === null ? null : round(facts.monotony, 2),
    zoneSeconds: {
      easy: Math.round(facts.zones.z1),
      grey: Math.round(facts.zones.z2),
      high: Math.round(facts.zones.z3),
    },
    zoneShares: { easy: share(facts.easyShare), grey: share(facts.greyShare), high: share(facts.highShare) },
    heartRateCoverage: share(facts.heartRateCoverage),
    longRun: facts.longRun
      ? {
          share: round(facts.longRun.share, 3),
          decouplingPct: facts.longRun.decouplingPct === null ? null : round(facts.longRun.decouplingPct, 1),
          survival: facts.longRun.survival,
        }
      : null,
    rules: judgement.rules.map((rule) => ({ rule: rule.rule, status: rule.status, evidence: rule.evidence })),
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
