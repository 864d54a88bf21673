import {
  type ActivityInput,
  type AnalysisSummary,
  type AthleteProfile,
  addDays,
  analyzeActivity,
  buildDailySummaries,
  buildWeeks,
  computeFatigueSeries,
  detectAlerts,
  HistoryWindow,
  type LocalDate,
  localDateAt,
  localOffsetSeconds,
  type RuleSet,
} from '../analysis/index.ts';
import type { Database } from '../db/database.ts';
import { zoneOffsetSeconds } from '../domain/local-time.ts';
import {
  loadActivityStreams,
  loadAthleteActivities,
  type StoredActivity,
  toActivityInput,
} from './activity-input.ts';
import { analysisInputsKey } from './analysis-inputs-key.ts';
import { type FreshAnalysis, loadStoredAnalyses, replaceAthleteAnalysis } from './athlete-analysis.store.ts';
import { loadAthleteWithThresholds, toAthleteProfile } from './athlete-profile.ts';

export interface RecomputeSummary {
  activities: number;
  /** Activities analysed again from their samples (new, or their inputs changed). */
  analysed: number;
  weeks: number;
  days: number;
  alerts: number;
}

/** Alerts whose episode reached into the last days count as active. */
const ACTIVE_ALERT_DAYS = 7;

/**
 * Brings one athlete's analysis up to date: every activity whose analysis is missing or whose inputs
 * changed is analysed again from its samples (in date order, each with the history before it); then
 * weeks, daily figures, the fatigue series and alerts are rebuilt from the per-activity facts and
 * replaced in one transaction. Idempotent: running it twice gives the same rows.
 */
export interface RecomputeOptions {
  /** Where samples come from when a run must be analysed again: the database, unless a caller (a benchmark) has them. */
  loadStreams?: (activityId: string) => Promise<ActivityInput['streams']>;
}

export async function recomputeAthleteAnalysis(
  db: Database,
  athleteId: string,
  ruleSet: RuleSet,
  now: Date,
  options: RecomputeOptions = {},
): Promise<RecomputeSummary | null> {
  const loadStreams =
    options.loadStreams ?? ((activityId: string) => loadActivityStreams(db.prisma, activityId));
  const athlete = await loadAthleteWithThresholds(db.prisma, athleteId);
  if (!athlete) return null; // deleted since the job was queued
  const profile = toAthleteProfile(athlete);
  // Read before the data: every change counted up to here is committed, so it is in what we read next.
  const observed = await db.prisma.athleteAnalysisState.findUnique({ where: { athleteId } });
  const analysedCount = observed?.changeCount ?? 0;
  const activities = await loadAthleteActivities(db.pool, athleteId);
  const stored = await loadStoredAnalyses(db.pool, athleteId);

  const analyses: AnalysisSummary[] = [];
  const historyWindow = new HistoryWindow(ruleSet);
  const fresh: FreshAnalysis[] = [];
  for (const { activity, localDate } of inLocalOrder(activities, profile)) {
    const history = historyWindow.contextFor(localDate);
    const key = analysisInputsKey(ruleSet, profile, localDate, history, activity);
    const known = stored.get(activity.id);
    if (known && known.inputsKey === key) {
      analyses.push(known.facts);
      historyWindow.add(known.facts);
      continue;
    }
    const streams = await loadStreams(activity.id);
    const analysis = analyzeActivity(
      toActivityInput(activity, streams),
      { athlete: profile, history },
      ruleSet,
    );
    fresh.push({ analysis, inputsKey: key, dataVersion: activity.updatedAt });
    analyses.push(analysis);
    historyWindow.add(analysis);
  }

  const today = localDateAt(now, zoneOffsetSeconds(profile.timeZone, now));
  // Analyses are in date order: the first is the earliest.
  const earliest = analyses[0]?.localDate;
  const first = earliest && earliest < today ? earliest : today;
  const range = { from: first, to: today };
  const { weeks } = buildWeeks(analyses, profile, range, ruleSet);
  const days = buildDailySummaries(analyses, range);
  const fatigue = computeFatigueSeries(
    days.map((day) => ({ date: day.date, load: day.load })),
    ruleSet,
    { range },
  );
  const alerts = detectAlerts({ series: fatigue, days, analyses }, ruleSet).filter(
    (alert) => alert.to >= addDays(today, -ACTIVE_ALERT_DAYS),
  );

  await replaceAthleteAnalysis(db.pool, athleteId, {
    fresh,
    weeks,
    days,
    fatigue,
    alerts,
    analysedCount,
    ruleSet,
    now,
  });
  return {
    activities: activities.length,
    analysed: fresh.length,
    weeks: weeks.length,
    days: fatigue.length,
    alerts: alerts.length,
  };
}

function inLocalOrder(
  activities: StoredActivity[],
  profile: AthleteProfile,
): Array<{ activity: StoredActivity; localDate: LocalDate }> {
  return activities
    .map((activity) => ({
      activity,
      localDate: localDateAt(
        activity.startTime,
        localOffsetSeconds(activity.startTime, activity.utcOffsetS, profile.timeZone, activity.timeZone),
      ),
    }))
    .sort(
      (left, right) =>
        left.localDate.localeCompare(right.localDate) ||
        left.activity.startTime.getTime() - right.activity.startTime.getTime(),
    );
}
