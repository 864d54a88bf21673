import { isRunning } from '../domain/sport.ts';
import type { FatigueDay } from './fatigue-series.ts';
import { round } from './format.ts';
import { daysBetween, epochDay } from './local-week.ts';
import type { RuleSet } from './rule-set.ts';
import type { AnalysisSummary, LocalDate } from './types.ts';
import type { DaySummary } from './week-types.ts';

export type AlertCode =
  | 'low_form'
  | 'acwr_high'
  | 'high_monotony'
  | 'hard_days_cluster'
  | 'long_run_survival'
  | 'heart_rate_at_pace_drift';

/** One episode: consecutive days on which the condition held, with its worst day. */
export interface Alert {
  code: AlertCode;
  from: LocalDate;
  to: LocalDate;
  worstDate: LocalDate;
  value: number;
  threshold: number;
  evidence: string;
  /** DOMAIN.md: the cut-offs are disputed; they are shown as guides, not diagnoses. */
  caveat: string;
  activityId: string | null;
}

const CAVEATS: Record<AlertCode, string> = {
  low_form: 'a guide: a TSB this low is common in a hard block; watch for it lasting',
  acwr_high: 'a guide: the ACWR "danger zone" (Gabbett 2016) is disputed (Impellizzeri 2020)',
  high_monotony: 'a guide: Foster linked monotony above 2 with illness; the cut-off is not universal',
  hard_days_cluster: 'a guide: hard days need recovery between them',
  long_run_survival: 'a guide: heat, hills and fuelling also cause drift',
  heart_rate_at_pace_drift:
    'a guide: heat, illness, fatigue or a new sensor can all raise heart rate at pace',
};

interface Condition {
  date: LocalDate;
  value: number;
  holds: boolean;
}

/** Groups consecutive days where the condition holds into episodes; `worse` picks the worst value. */
function episodes(
  code: AlertCode,
  conditions: readonly Condition[],
  threshold: number,
  worse: (a: number, b: number) => boolean,
  describe: (value: number, from: LocalDate, to: LocalDate) => string,
): Alert[] {
  const alerts: Alert[] = [];
  let open: { from: LocalDate; to: LocalDate; worstDate: LocalDate; value: number } | null = null;
  const close = () => {
    if (!open) return;
    alerts.push({
      code,
      ...open,
      threshold,
      evidence: describe(open.value, open.from, open.to),
      caveat: CAVEATS[code],
      activityId: null,
    });
    open = null;
  };
  for (const condition of conditions) {
    if (!condition.holds) {
      close();
      continue;
    }
    if (!open)
      open = { from: condition.date, to: condition.date, worstDate: condition.date, value: condition.value };
    else {
      open.to = condition.date;
      if (worse(condition.value, open.value)) {
        open.value = condition.value;
        open.worstDate = condition.date;
      }
    }
  }
  close();
  return alerts;
}

const lower = (a: number, b: number) => a < b;
const higher = (a: number, b: number) => a > b;

function span(from: LocalDate, to: LocalDate): string {
  return from === to ? `on ${from}` : `from ${from} to ${to}`;
}

function efficiencyDrift(analyses: readonly AnalysisSummary[], ruleSet: RuleSet): Alert[] {
  const rules = ruleSet.alerts;
  // Only easy efforts are comparable: intervals and tempo runs have another speed per beat.
  const easy = analyses
    .filter(
      (analysis) =>
        isRunning(analysis.sport) &&
        analysis.efficiencyFactor !== null &&
        (analysis.class === 'easy' || analysis.class === 'recovery'),
    )
    .map((analysis) => ({ analysis, day: epochDay(analysis.localDate) }))
    .sort((a, b) => a.day - b.day || (a.analysis.startTime < b.analysis.startTime ? -1 : 1));
  const windowDays = rules.efficiencyRecentDays + rules.efficiencyBaselineDays;
  const alerts: Alert[] = [];
  let last: Alert | null = null;
  let windowStart = 0;
  for (let index = 0; index < easy.length; index++) {
    const { analysis: run, day } = easy[index]!;
    while (easy[windowStart]!.day <= day - windowDays) windowStart++;
    const recent: number[] = [];
    const baseline: number[] = [];
    for (let other = windowStart; other < easy.length && easy[other]!.day <= day; other++) {
      const age = day - easy[other]!.day;
      const value = easy[other]!.analysis.efficiencyFactor!;
      if (age < rules.efficiencyRecentDays) recent.push(value);
      else baseline.push(value);
    }
    if (recent.length < rules.efficiencyMinRuns || baseline.length < rules.efficiencyMinRuns) continue;
    const recentMean = recent.reduce((sum, value) => sum + value, 0) / recent.length;
    const baselineMean = baseline.reduce((sum, value) => sum + value, 0) / baseline.length;
    const dropPct = ((baselineMean - recentMean) / baselineMean) * 100;
    if (dropPct < rules.efficiencyDropPct) continue;
    if (last && daysBetween(last.to, run.localDate) <= rules.efficiencyRecentDays) {
      last.to = run.localDate;
      if (dropPct > last.value) {
        last.value = dropPct;
        last.worstDate = run.localDate;
        last.activityId = run.activityId;
      }
      continue;
    }
    last = {
      code: 'heart_rate_at_pace_drift',
      from: run.localDate,
      to: run.localDate,
      worstDate: run.localDate,
      value: dropPct,
      threshold: rules.efficiencyDropPct,
      evidence: '',
      caveat: CAVEATS.heart_rate_at_pace_drift,
      activityId: run.activityId,
    };
    alerts.push(last);
  }
  for (const alert of alerts) {
    alert.evidence =
      `easy runs ${span(alert.from, alert.to)} covered up to ${round(alert.value, 1)}% less ground per heartbeat ` +
      `than over the previous ${rules.efficiencyBaselineDays} days (alert from ${rules.efficiencyDropPct}%)`;
  }
  return alerts;
}

/**
 * The alerts a coach should see (DOMAIN.md), each an episode with its evidence: TSB below −30, ACWR
 * above 1.5, monotony above 2, 3+ hard days in any 7, a long run that turned into survival, and a drift
 * of heart rate at pace on easy runs.
 */
export function detectAlerts(
  input: {
    series: readonly FatigueDay[];
    days: readonly DaySummary[];
    analyses: readonly AnalysisSummary[];
  },
  ruleSet: RuleSet,
): Alert[] {
  const rules = ruleSet.alerts;
  const { series, days, analyses } = input;
  const alerts: Alert[] = [
    ...episodes(
      'low_form',
      series.map((day) => ({ date: day.date, value: day.tsb, holds: day.tsb < rules.tsbBelow })),
      rules.tsbBelow,
      lower,
      (value, from, to) =>
        `form (TSB) down to ${round(value, 1)} ${span(from, to)} (alert below ${rules.tsbBelow})`,
    ),
    ...episodes(
      'acwr_high',
      series.map((day) => ({
        date: day.date,
        value: day.acwr ?? 0,
        holds: (day.acwr ?? 0) > rules.acwrAbove,
      })),
      rules.acwrAbove,
      higher,
      (value, from, to) =>
        `acute:chronic load ratio up to ${round(value, 2)} ${span(from, to)} (alert above ${rules.acwrAbove})`,
    ),
    ...episodes(
      'high_monotony',
      series.map((day) => ({
        date: day.date,
        value: day.monotony ?? 0,
        holds: (day.monotony ?? 0) > rules.monotonyAbove,
      })),
      rules.monotonyAbove,
      higher,
      (value, from, to) =>
        `training monotony up to ${round(value, 2)} over 7 days ${span(from, to)} (alert above ${rules.monotonyAbove})`,
    ),
    ...episodes(
      'hard_days_cluster',
      hardDayCounts(days, rules.hardDaysWindowDays).map(({ date, count }) => ({
        date,
        value: count,
        holds: count >= rules.hardDaysInWindow,
      })),
      rules.hardDaysInWindow,
      higher,
      (value, from, to) =>
        `${value} hard days within ${rules.hardDaysWindowDays} days ${span(from, to)} (alert from ${rules.hardDaysInWindow})`,
    ),
  ];
  for (const analysis of analyses) {
    const long = analysis.longRun;
    if (!long?.survival) continue;
    const parts: string[] = [];
    if (long.decouplingPct !== null) parts.push(`decoupling ${round(long.decouplingPct, 1)}%`);
    if (long.fadePct !== null) parts.push(`late fade ${round(long.fadePct, 1)}%`);
    const decoupled =
      long.decouplingPct !== null && long.decouplingPct >= ruleSet.longRun.decouplingSurvivalPct;
    alerts.push({
      code: 'long_run_survival',
      from: analysis.localDate,
      to: analysis.localDate,
      worstDate: analysis.localDate,
      value: decoupled ? long.decouplingPct! : (long.fadePct ?? 0),
      threshold: decoupled ? ruleSet.longRun.decouplingSurvivalPct : ruleSet.longRun.fadeSurvivalPct,
      evidence: `long run on ${analysis.localDate} turned into survival: ${parts.join(', ')}`,
      caveat: CAVEATS.long_run_survival,
      activityId: analysis.activityId,
    });
  }
  alerts.push(...efficiencyDrift(analyses, ruleSet));
  return alerts.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

/** Days with a hard run in the window ending on each date (the days given must be consecutive). */
function hardDayCounts(days: readonly DaySummary[], window: number): { date: LocalDate; count: number }[] {
  const counts: { date: LocalDate; count: number }[] = [];
  let count = 0;
  for (let index = 0; index < days.length; index++) {
    if (days[index]!.hardRuns > 0) count++;
    if (index >= window && days[index - window]!.hardRuns > 0) count--;
    counts.push({ date: days[index]!.date, count });
  }
  return counts;
}
