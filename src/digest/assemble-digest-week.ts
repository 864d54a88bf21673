import {
  type Alert,
  addDays,
  buildWeeks,
  type LocalDate,
  type RuleSet,
  type WeekRun,
  type WeekSession,
} from '../analysis/index.ts';
import type { StoredWeek } from '../athlete-analysis/athlete-analysis.store.ts';
import { activityOffsetSeconds, formatLocalIso } from '../domain/local-time.ts';
import { isRunning } from '../domain/sport.ts';
import type {
  DigestAthlete,
  DigestConnectionIssue,
  DigestDay,
  DigestSession,
  DigestTargets,
  DigestWeek,
} from './digest-week.ts';

/** What the week's analysis does not hold about an activity: what the runner called it and where it was. */
export interface DigestActivityDetails {
  name: string | null;
  subSport: string | null;
  manual: boolean;
  distanceM: number | null;
  utcOffsetS: number | null;
  timeZone: string | null;
}

export interface DigestWeekSources {
  athlete: DigestAthlete;
  weekStart: LocalDate;
  /** The stored week; null for a week the analysis never saw (before the runner's data began). */
  week: StoredWeek | null;
  activities: ReadonlyMap<string, DigestActivityDetails>;
  /** Daily figures; only the eight weeks ending with this one are kept. */
  days: readonly DigestDay[];
  /** Alerts as stored; only episodes touching this week are kept. */
  alerts: readonly Alert[];
  connections: readonly DigestConnectionIssue[];
  ruleSet: RuleSet;
}

export const DIGEST_TREND_WEEKS = 8;

/**
 * Puts one digest's facts together, without I/O: the database loader and the tests (which run the real
 * analysis on synthetic runners) both end here, so what a test renders is what a runner gets.
 */
export function assembleDigestWeek(sources: DigestWeekSources): DigestWeek {
  const { athlete, weekStart, ruleSet } = sources;
  const weekEnd = addDays(weekStart, 6);
  // A week before any data is judged as the analysis judges any empty week: no runs, no verdict.
  const week = sources.week ?? buildWeeks([], athlete, { from: weekStart, to: weekEnd }, ruleSet).weeks[0]!;
  const trendFrom = addDays(weekStart, -7 * (DIGEST_TREND_WEEKS - 1));
  const sessions = [
    ...week.runs.map((run) => runSession(run, sources)),
    ...week.otherSessions.map((session) => otherSession(session, sources)),
  ];
  const runs = week.runs;
  return {
    version: 1,
    kind: sessions.length === 0 ? 'empty' : 'week',
    athlete: { ...athlete },
    weekStart,
    weekEnd,
    complete: week.facts.complete,
    ruleSetVersion: week.ruleSetVersion,
    judgement: week.judgement,
    facts: week.facts,
    sessions,
    previousWeeks: week.facts.previousWeekLoads
      .map((load, index) => ({ weekStart: addDays(weekStart, -7 * (index + 1)), load }))
      .reverse(),
    days: sources.days
      .filter((day) => day.date >= trendFrom && day.date <= weekEnd)
      .sort((a, b) => (a.date < b.date ? -1 : 1)),
    alerts: sources.alerts.filter((alert) => alert.to >= weekStart && alert.from <= weekEnd),
    connections: [...sources.connections],
    dataQuality: {
      runs: runs.length,
      runsWithoutHeartRate: runs.filter((run) => run.heartRateZonedS <= 0).length,
      lowConfidenceRuns: runs.filter((run) => run.confidence === 'low' || run.confidence === 'none').length,
      heartRateCoverage: week.facts.heartRateCoverage,
      lowConfidenceZoneShare: week.facts.lowConfidenceZoneShare,
    },
    targets: digestTargets(ruleSet),
  };
}

export function digestTargets(ruleSet: RuleSet): DigestTargets {
  const { week, longRun, alerts } = ruleSet;
  return {
    hardSessionsMin: week.hardSessionsMin,
    hardSessionsMax: week.hardSessionsMax,
    easyShareMin: week.easyShareMin,
    easyShareTarget: week.easyShareTarget,
    greyShareMax: week.greyShareMax,
    moderateRunsMax: week.moderateRunsMax,
    minDaysBetweenStressDays: week.minDaysBetweenStressDays,
    longRunMaxShare: week.longRunMaxShare,
    decouplingSurvivalPct: longRun.decouplingSurvivalPct,
    fadeSurvivalPct: longRun.fadeSurvivalPct,
    loadRatioMin: week.loadRatioMin,
    loadRatioMax: week.loadRatioMax,
    recoveryWeekLoadRatio: week.recoveryWeekLoadRatio,
    monotonyMax: week.monotonyMax,
    minHrCoverage: week.minHrCoverage,
    tsbAlertBelow: alerts.tsbBelow,
  };
}

function localStart(activityId: string, startTime: string, sources: DigestWeekSources): string {
  const details = sources.activities.get(activityId);
  const instant = new Date(startTime);
  const offset = activityOffsetSeconds(
    { startTime: instant, utcOffsetS: details?.utcOffsetS ?? null, timeZone: details?.timeZone ?? null },
    sources.athlete.timeZone,
  );
  return formatLocalIso(instant, offset).slice(11, 16);
}

function runSession(run: WeekRun, sources: DigestWeekSources): DigestSession {
  const details = sources.activities.get(run.activityId);
  return {
    activityId: run.activityId,
    localDate: run.localDate,
    startLocalTime: localStart(run.activityId, run.startTime, sources),
    name: details?.name ?? null,
    sport: 'running',
    subSport: details?.subSport ?? null,
    run: true,
    manual: details?.manual ?? false,
    distanceM: run.distanceM ?? details?.distanceM ?? null,
    movingTimeS: run.movingTimeS,
    class: run.class,
    purpose: run.purpose,
    long: run.long,
    junk: run.junk,
    zonesS: { ...run.timeInZonesS },
    load: run.trimp,
    heartRate: run.heartRateZonedS > 0,
    confidence: run.confidence,
  };
}

function otherSession(session: WeekSession, sources: DigestWeekSources): DigestSession {
  const details = sources.activities.get(session.activityId);
  return {
    activityId: session.activityId,
    localDate: session.localDate,
    startLocalTime: localStart(session.activityId, session.startTime, sources),
    name: details?.name ?? null,
    sport: session.sport,
    subSport: details?.subSport ?? null,
    run: isRunning(session.sport),
    manual: details?.manual ?? false,
    distanceM: details?.distanceM ?? null,
    movingTimeS: session.movingTimeS,
    class: session.class,
    purpose: null,
    long: false,
    junk: false,
    zonesS: null,
    load: session.trimp,
    // Other sports' load comes from heart rate (samples or the average) or is absent.
    heartRate: session.trimp !== null,
    confidence: null,
  };
}
