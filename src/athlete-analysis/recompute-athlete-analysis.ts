import {
  type ActivityAnalysis,
  type AthleteProfile,
  addDays,
  analyzeActivity,
  buildDailySummaries,
  buildWeeks,
  computeFatigueSeries,
  detectAlerts,
  type LocalDate,
  localDateAt,
  localOffsetSeconds,
  type RuleSet,
  summarizeHistory,
} from '../analysis/index.ts';
import type { Database } from '../db/database.ts';
import { zoneOffsetSeconds } from '../domain/local-time.ts';
import type { Activity, Prisma } from '../generated/prisma/client.ts';
import { loadActivityStreams, toActivityInput } from './activity-input.ts';
import { analysisInputsKey } from './analysis-inputs-key.ts';
import { loadAthleteWithThresholds, toAthleteProfile } from './athlete-profile.ts';
import { saveActivityAnalysis } from './save-activity-analysis.ts';

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
export async function recomputeAthleteAnalysis(
  db: Database,
  athleteId: string,
  ruleSet: RuleSet,
  now: Date,
): Promise<RecomputeSummary | null> {
  const athlete = await loadAthleteWithThresholds(db.prisma, athleteId);
  if (!athlete) return null; // deleted since the job was queued
  const profile = toAthleteProfile(athlete);
  // Read before the data: every change counted up to here is committed, so it is in what we read next.
  const observed = await db.prisma.athleteAnalysisState.findUnique({ where: { athleteId } });
  const analysedCount = observed?.changeCount ?? 0;
  const activities = await db.prisma.activity.findMany({ where: { athleteId } });
  const stored = new Map(
    (
      await db.prisma.activityAnalysis.findMany({
        where: { athleteId },
        select: { activityId: true, inputsKey: true, facts: true },
      })
    ).map((row) => [row.activityId, row]),
  );

  const analyses: ActivityAnalysis[] = [];
  let analysed = 0;
  for (const { activity, localDate } of inLocalOrder(activities, profile)) {
    const history = summarizeHistory(analyses, localDate, ruleSet);
    const key = analysisInputsKey(ruleSet, profile, localDate, history);
    const known = stored.get(activity.id);
    if (known && known.inputsKey === key) {
      analyses.push(known.facts as unknown as ActivityAnalysis);
      continue;
    }
    const streams = await loadActivityStreams(db.prisma, activity.id);
    const analysis = analyzeActivity(
      toActivityInput(activity, streams),
      { athlete: profile, history },
      ruleSet,
    );
    await saveActivityAnalysis(db.prisma, athleteId, analysis, key);
    analyses.push(analysis);
    analysed++;
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

  await db.prisma.$transaction(
    async (tx) => {
      // Two workers recomputing one athlete at once would interleave their deletes and inserts.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`recompute:${athleteId}`}))`;
      await tx.athleteWeek.deleteMany({ where: { athleteId } });
      await tx.athleteWeek.createMany({
        data: weeks.map((week) => ({
          athleteId,
          weekStart: asDate(week.weekStart),
          ruleSetVersion: week.ruleSetVersion,
          verdict: week.judgement.verdict,
          confidence: week.judgement.confidence,
          flags: week.judgement.flags,
          facts: week as unknown as Prisma.InputJsonValue,
        })),
      });
      await tx.athleteDay.deleteMany({ where: { athleteId } });
      await tx.athleteDay.createMany({
        data: fatigue.map((day, index) => ({
          athleteId,
          date: asDate(day.date),
          load: day.load,
          ctl: day.ctl,
          atl: day.atl,
          tsb: day.tsb,
          rampRate: day.rampRate,
          acwr: day.acwr,
          monotony: day.monotony,
          strain: day.strain,
          summary: (days[index] ?? {}) as unknown as Prisma.InputJsonValue,
        })),
      });
      const outcome = {
        analysedAt: now,
        ruleSetVersion: ruleSet.version,
        alerts: alerts as unknown as Prisma.InputJsonValue,
      };
      await tx.athleteAnalysisState.upsert({
        where: { athleteId },
        create: { athleteId, analysedCount, ...outcome },
        update: { analysedCount, ...outcome },
      });
    },
    { timeout: 120_000 },
  );
  return {
    activities: activities.length,
    analysed,
    weeks: weeks.length,
    days: fatigue.length,
    alerts: alerts.length,
  };
}

function inLocalOrder(
  activities: Activity[],
  profile: AthleteProfile,
): Array<{ activity: Activity; localDate: LocalDate }> {
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

function asDate(localDate: LocalDate): Date {
  return new Date(`${localDate}T00:00:00Z`);
}
