import { isRunning } from '../domain/sport.ts';
import { judgeWeek } from './judge-week.ts';
import { fosterMonotony } from './load-stats.ts';
import { dateFromEpochDay, epochDay, weekStartOf } from './local-week.ts';
import type { RuleSet } from './rule-set.ts';
import type { AnalysisSummary, AthleteProfile, LocalDate, ZoneTimes } from './types.ts';
import type { DaySummary, Week, WeekFacts, WeekRun, WeekSession } from './week-types.ts';

export interface DateRange {
  from: LocalDate;
  /** The last date with data (usually today): later dates are the future, not rest days. */
  to: LocalDate;
}

/**
 * The activities that count: a multisport parent whose legs are present is left out, so its load is not
 * counted twice; legs and ordinary activities stay.
 */
export function countedActivities(analyses: readonly AnalysisSummary[]): AnalysisSummary[] {
  const parents = new Set<string>();
  for (const analysis of analyses) if (analysis.parentId) parents.add(analysis.parentId);
  return analyses.filter((analysis) => !parents.has(analysis.activityId));
}

interface DayTotals {
  load: number;
  sessions: number;
  runs: number;
  runningTimeS: number;
  zones: ZoneTimes;
  hardRuns: number;
  longRun: boolean;
  notEasy: boolean;
  analyses: AnalysisSummary[];
}

function emptyDay(): DayTotals {
  return {
    load: 0,
    sessions: 0,
    runs: 0,
    runningTimeS: 0,
    zones: { z1: 0, z2: 0, z3: 0 },
    hardRuns: 0,
    longRun: false,
    notEasy: false,
    analyses: [],
  };
}

/** Totals per local date (days since epoch), from every counted activity given. */
function totalsByDay(analyses: readonly AnalysisSummary[]): Map<number, DayTotals> {
  const days = new Map<number, DayTotals>();
  for (const analysis of analyses) {
    const day = epochDay(analysis.localDate);
    let totals = days.get(day);
    if (!totals) {
      totals = emptyDay();
      days.set(day, totals);
    }
    totals.analyses.push(analysis);
    totals.sessions++;
    totals.load += analysis.trimp ?? 0;
    if (analysis.class === 'hard' || analysis.class === 'moderate') totals.notEasy = true;
    if (!isRunning(analysis.sport)) continue;
    totals.runs++;
    totals.runningTimeS += analysis.movingTimeS;
    totals.zones.z1 += analysis.timeInZonesS.z1;
    totals.zones.z2 += analysis.timeInZonesS.z2;
    totals.zones.z3 += analysis.timeInZonesS.z3;
    if (analysis.class === 'hard') totals.hardRuns++;
    if (analysis.long) {
      totals.longRun = true;
      totals.notEasy = true;
    }
  }
  return days;
}

const NO_DAY = emptyDay();

function easyShareOf(zones: ZoneTimes): number | null {
  const zoned = zones.z1 + zones.z2 + zones.z3;
  return zoned > 0 ? zones.z1 / zoned : null;
}

function summarizeDay(day: number, days: Map<number, DayTotals>): DaySummary {
  const totals = days.get(day) ?? NO_DAY;
  const rolling = { load: 0, runs: 0, runningTimeS: 0, hardDays: 0, zones: { z1: 0, z2: 0, z3: 0 } };
  for (let back = 0; back < 7; back++) {
    const earlier = days.get(day - back);
    if (!earlier) continue;
    rolling.load += earlier.load;
    rolling.runs += earlier.runs;
    rolling.runningTimeS += earlier.runningTimeS;
    if (earlier.hardRuns > 0) rolling.hardDays++;
    rolling.zones.z1 += earlier.zones.z1;
    rolling.zones.z2 += earlier.zones.z2;
    rolling.zones.z3 += earlier.zones.z3;
  }
  return {
    date: dateFromEpochDay(day),
    load: totals.load,
    sessions: totals.sessions,
    runs: totals.runs,
    runningTimeS: totals.runningTimeS,
    zones: { ...totals.zones },
    hardRuns: totals.hardRuns,
    longRun: totals.longRun,
    stress: totals.hardRuns > 0 || totals.longRun,
    rest: totals.sessions === 0,
    easy: !totals.notEasy,
    rolling7: { ...rolling, easyShare: easyShareOf(rolling.zones) },
  };
}

/** One summary per local date, with the rolling 7 days ending on it (trends, fatigue inputs). */
export function buildDailySummaries(analyses: readonly AnalysisSummary[], range: DateRange): DaySummary[] {
  const days = totalsByDay(countedActivities(analyses));
  const summaries: DaySummary[] = [];
  for (let day = epochDay(range.from); day <= epochDay(range.to); day++)
    summaries.push(summarizeDay(day, days));
  return summaries;
}

function toWeekRun(analysis: AnalysisSummary): WeekRun {
  const zones = analysis.timeInZonesS;
  return {
    activityId: analysis.activityId,
    localDate: analysis.localDate,
    startTime: analysis.startTime,
    class: analysis.class,
    long: analysis.long,
    purpose: analysis.purpose,
    junk: analysis.junk,
    movingTimeS: analysis.movingTimeS,
    distanceM: analysis.distanceM,
    timeInZonesS: { ...zones },
    heartRateZonedS: analysis.signal === 'heart_rate' ? zones.z1 + zones.z2 + zones.z3 : 0,
    trimp: analysis.trimp,
    confidence: analysis.confidence,
    zoneConfidence: analysis.zones?.confidence ?? 'none',
    decouplingPct: analysis.longRun?.decouplingPct ?? null,
    fadePct: analysis.longRun?.fadePct ?? null,
    survival: analysis.longRun?.survival ?? null,
  };
}

function toWeekSession(analysis: AnalysisSummary): WeekSession {
  return {
    activityId: analysis.activityId,
    localDate: analysis.localDate,
    startTime: analysis.startTime,
    sport: analysis.sport,
    class: analysis.class,
    movingTimeS: analysis.movingTimeS,
    trimp: analysis.trimp,
  };
}

function byStart(a: { startTime: string }, b: { startTime: string }): number {
  return a.startTime < b.startTime ? -1 : a.startTime > b.startTime ? 1 : 0;
}

/**
 * Weeks of 7 local dates starting on the athlete's week-start day, covering the range, each with its
 * facts and its judgement. Activities before the range (give at least 4 weeks) feed the load ratio and
 * the spacing across the week boundary; each activity lands in exactly one week, by its local date.
 */
export function buildWeeks(
  analyses: readonly AnalysisSummary[],
  athlete: Pick<AthleteProfile, 'weekStartDay'>,
  range: DateRange,
  ruleSet: RuleSet,
): { weeks: Week[]; days: DaySummary[] } {
  const counted = countedActivities(analyses);
  const days = totalsByDay(counted);
  let earliestDay = Number.POSITIVE_INFINITY;
  for (const day of days.keys()) if (day < earliestDay) earliestDay = day;
  const lastDay = epochDay(range.to);
  const firstWeek = epochDay(weekStartOf(range.from, athlete.weekStartDay));
  const lastWeek = epochDay(weekStartOf(range.to, athlete.weekStartDay));

  const weeks: Week[] = [];
  const allDays: DaySummary[] = [];
  for (let start = firstWeek; start <= lastWeek; start += 7) {
    const weekDays: DaySummary[] = [];
    for (let day = start; day < start + 7; day++) weekDays.push(summarizeDay(day, days));
    allDays.push(...weekDays);
    const members = weekDays.flatMap((_, offset) => days.get(start + offset)?.analyses ?? []);
    const runs = members.filter((analysis) => isRunning(analysis.sport)).sort(byStart);
    const others = members.filter((analysis) => !isRunning(analysis.sport)).sort(byStart);
    const facts = weekFacts(start, runs, others, weekDays, days, earliestDay, lastDay, ruleSet);
    weeks.push({
      ruleSetVersion: ruleSet.version,
      weekStart: dateFromEpochDay(start),
      weekEnd: dateFromEpochDay(start + 6),
      runs: runs.map(toWeekRun),
      otherSessions: others.map(toWeekSession),
      days: weekDays,
      facts,
      judgement: judgeWeek(facts, ruleSet),
    });
  }
  // Every week shows its seven days; the day list covers the range only (later dates are the future).
  return { weeks, days: allDays.filter((day) => day.date >= range.from && day.date <= range.to) };
}

function weekFacts(
  start: number,
  runs: AnalysisSummary[],
  others: AnalysisSummary[],
  weekDays: DaySummary[],
  days: Map<number, DayTotals>,
  earliestDay: number,
  lastDay: number,
  ruleSet: RuleSet,
): WeekFacts {
  const rules = ruleSet.week;
  const zones = { z1: 0, z2: 0, z3: 0 };
  let runningTimeS = 0;
  let heartRateZonedS = 0;
  let lowZoned = 0;
  let highZoned = 0;
  let hardSessions = 0;
  let moderateRuns = 0;
  let junkRuns = 0;
  let easyCeilingBpm: number | null = null;
  let longest: AnalysisSummary | null = null;
  const stressSessions: WeekFacts['stressSessions'] = [];
  for (const run of runs) {
    runningTimeS += run.movingTimeS;
    const zoned = run.timeInZonesS.z1 + run.timeInZonesS.z2 + run.timeInZonesS.z3;
    zones.z1 += run.timeInZonesS.z1;
    zones.z2 += run.timeInZonesS.z2;
    zones.z3 += run.timeInZonesS.z3;
    if (run.signal === 'heart_rate') {
      heartRateZonedS += zoned;
      if (run.zones) easyCeilingBpm = run.zones.z2From;
    }
    const zoneConfidence = run.zones?.confidence ?? 'none';
    if (zoneConfidence === 'low' || zoneConfidence === 'none') lowZoned += zoned;
    if (zoneConfidence === 'high') highZoned += zoned;
    if (run.class === 'hard') hardSessions++;
    if (run.class === 'moderate') moderateRuns++;
    if (run.junk) junkRuns++;
    if (run.class === 'hard' || run.long)
      stressSessions.push({ activityId: run.activityId, localDate: run.localDate });
    if (run.long && (!longest || run.movingTimeS > longest.movingTimeS)) longest = run;
  }
  const zonedRunningTimeS = zones.z1 + zones.z2 + zones.z3;
  const shareOf = (value: number) => (zonedRunningTimeS > 0 ? value / zonedRunningTimeS : null);

  let previousStressDay: LocalDate | null = null;
  for (let day = start - 1; day >= start - 7; day--) {
    const totals = days.get(day);
    if (totals && (totals.hardRuns > 0 || totals.longRun)) {
      previousStressDay = dateFromEpochDay(day);
      break;
    }
  }
  const stressDaysWithoutRecovery: LocalDate[] = [];
  for (const summary of weekDays) {
    if (!summary.stress) continue;
    const next = epochDay(summary.date) + 1;
    if (next > lastDay) continue;
    const nextTotals = days.get(next);
    if (nextTotals?.notEasy) stressDaysWithoutRecovery.push(summary.date);
  }

  const dailyLoads = weekDays.map((day) => day.load);
  const load = dailyLoads.reduce((sum, value) => sum + value, 0);
  const previousWeekLoads: number[] = [];
  for (let back = 1; back <= rules.loadRatioPreviousWeeks; back++) {
    const weekStart = start - 7 * back;
    if (weekStart + 6 < earliestDay) break;
    let weekLoad = 0;
    for (let day = weekStart; day < weekStart + 7; day++) weekLoad += days.get(day)?.load ?? 0;
    previousWeekLoads.push(weekLoad);
  }
  const previousMean =
    previousWeekLoads.length > 0
      ? previousWeekLoads.reduce((sum, value) => sum + value, 0) / previousWeekLoads.length
      : 0;
  const loadRatio =
    previousWeekLoads.length >= rules.loadRatioMinPreviousWeeks && previousMean > 0
      ? load / previousMean
      : null;
  const monotony = fosterMonotony(dailyLoads, ruleSet.fatigue.monotonyCap);

  const sessionsBySport: WeekFacts['sessionsBySport'] = {};
  for (const analysis of [...runs, ...others]) {
    sessionsBySport[analysis.sport] = (sessionsBySport[analysis.sport] ?? 0) + 1;
  }
  const knownDays = weekDays.filter((day) => epochDay(day.date) <= lastDay);

  return {
    runCount: runs.length,
    runningTimeS,
    zones,
    zonedRunningTimeS,
    easyShare: shareOf(zones.z1),
    greyShare: shareOf(zones.z2),
    highShare: shareOf(zones.z3),
    heartRateCoverage: runningTimeS > 0 ? heartRateZonedS / runningTimeS : null,
    lowConfidenceZoneShare: shareOf(lowZoned),
    highConfidenceZoneShare: shareOf(highZoned),
    hardSessions,
    moderateRuns,
    junkRuns,
    stressSessions,
    previousStressDay,
    stressDaysWithoutRecovery,
    longRun: longest
      ? {
          activityId: longest.activityId,
          localDate: longest.localDate,
          movingTimeS: longest.movingTimeS,
          share: runningTimeS > 0 ? longest.movingTimeS / runningTimeS : 1,
          decouplingPct: longest.longRun?.decouplingPct ?? null,
          fadePct: longest.longRun?.fadePct ?? null,
          survival: longest.longRun?.survival ?? null,
          terrainComparable: longest.longRun?.terrainComparable ?? null,
        }
      : null,
    load,
    dailyLoads,
    previousWeekLoads,
    loadRatio,
    monotony,
    strain: monotony === null ? null : load * monotony,
    restDays: knownDays.filter((day) => day.rest).length,
    strengthSessions: others.filter((analysis) => analysis.sport === 'strength').length,
    sessionsBySport,
    sessionsWithoutLoad: [...runs, ...others].filter((analysis) => analysis.trimp === null).length,
    easyCeilingBpm,
    complete: start + 6 <= lastDay,
  };
}
