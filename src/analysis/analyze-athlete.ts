import { type Alert, detectAlerts } from './alerts.ts';
import { buildDailySummaries, buildWeeks, type DateRange } from './build-weeks.ts';
import { computeFatigueSeries, type FatigueDay } from './fatigue-series.ts';
import { analyzeActivities } from './history.ts';
import { addDays } from './local-week.ts';
import type { RuleSet } from './rule-set.ts';
import type { ActivityAnalysis, ActivityInput, AthleteProfile } from './types.ts';
import type { DaySummary, Week } from './week-types.ts';

export interface AthleteReport {
  ruleSetVersion: string;
  analyses: ActivityAnalysis[];
  weeks: Week[];
  days: DaySummary[];
  fatigue: FatigueDay[];
  alerts: Alert[];
}

/**
 * Everything for one athlete over a range, from raw activities: per-activity facts (in date order, each
 * with the history before it), weeks with verdicts, daily rolling figures, the fatigue series from the
 * first activity on, and the alerts inside the range. Give activities from well before the range: the
 * load ratio looks 4 weeks back and CTL needs about 6 weeks to settle.
 */
export function analyzeAthlete(
  athlete: AthleteProfile,
  activities: readonly ActivityInput[],
  range: DateRange,
  ruleSet: RuleSet,
): AthleteReport {
  const analyses = analyzeActivities(athlete, activities, ruleSet);
  const { weeks } = buildWeeks(analyses, athlete, range, ruleSet);
  let first = range.from;
  for (const analysis of analyses) if (analysis.localDate < first) first = analysis.localDate;
  const history = buildDailySummaries(analyses, { from: first, to: range.to });
  const fatigue = computeFatigueSeries(
    history.map((day) => ({ date: day.date, load: day.load })),
    ruleSet,
  );
  const inRange = <T extends { date: string }>(items: T[]) =>
    items.filter((item) => item.date >= range.from && item.date <= range.to);
  // Alerts look back a window before the range so that an episode running into it is seen whole.
  const alertFrom = addDays(
    range.from,
    -(ruleSet.alerts.efficiencyRecentDays + ruleSet.alerts.efficiencyBaselineDays),
  );
  const alerts = detectAlerts(
    {
      series: fatigue.filter((day) => day.date >= alertFrom),
      days: history.filter((day) => day.date >= alertFrom),
      analyses: analyses.filter(
        (analysis) => analysis.localDate >= alertFrom && analysis.localDate <= range.to,
      ),
    },
    ruleSet,
  ).filter((alert) => alert.to >= range.from);
  return {
    ruleSetVersion: ruleSet.version,
    analyses,
    weeks,
    days: inRange(history),
    fatigue: inRange(fatigue),
    alerts,
  };
}
