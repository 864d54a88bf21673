import { isRunning } from '../domain/sport.ts';
import { analyzeActivity } from './analyze-run.ts';
import { epochDay, localDateAt, localOffsetSeconds } from './local-week.ts';
import type { RuleSet } from './rule-set.ts';
import type {
  ActivityAnalysis,
  ActivityInput,
  AnalysisSummary,
  AthleteProfile,
  HistoryContext,
  LocalDate,
} from './types.ts';

function median(sorted: readonly number[]): number | null {
  const count = sorted.length;
  if (count === 0) return null;
  const middle = count >> 1;
  return count % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function isCountedRun(analysis: AnalysisSummary): boolean {
  return isRunning(analysis.sport);
}

/**
 * What the athlete's earlier activities say on `onDate`: median run time over the last 28 days (dates
 * before `onDate`), median run speed over the pace-history window, and the highest 30-s heart rate of
 * the last 365 days. For one activity at a time; `analyzeActivities` does the same incrementally.
 */
export function summarizeHistory(
  previous: readonly AnalysisSummary[],
  onDate: LocalDate,
  ruleSet: RuleSet,
): HistoryContext {
  const rules = ruleSet.classification;
  const lookback = ruleSet.thresholds.maxHrLookbackDays;
  const onDay = epochDay(onDate);
  const times: number[] = [];
  const speeds: number[] = [];
  let peak = 0;
  let peakRuns = 0;
  for (const analysis of previous) {
    const age = onDay - epochDay(analysis.localDate);
    if (age < 0) continue;
    // Max HR looks at every sport, the same day included (observeMaxHr's window).
    if (analysis.peak30sHr !== null && age < lookback) {
      peakRuns++;
      if (analysis.peak30sHr > peak) peak = analysis.peak30sHr;
    }
    if (age < 1 || !isCountedRun(analysis)) continue;
    if (age <= rules.medianRunTimeDays && analysis.movingTimeS > 0) times.push(analysis.movingTimeS);
    if (age <= rules.paceHistoryDays && analysis.averageSpeedMps !== null)
      speeds.push(analysis.averageSpeedMps);
  }
  times.sort((a, b) => a - b);
  speeds.sort((a, b) => a - b);
  return {
    medianRunTimeS: median(times),
    medianRunSpeedMps: median(speeds),
    observedMaxHr: peakRuns === 0 ? null : { value: peak, runsWithHeartRate: peakRuns },
  };
}

/** A multiset of numbers kept sorted, for medians over sliding windows. */
class SortedWindow {
  readonly values: number[] = [];

  insert(value: number): void {
    this.values.splice(this.position(value), 0, value);
  }

  remove(value: number): void {
    const index = this.position(value);
    if (this.values[index] === value) this.values.splice(index, 1);
  }

  private position(value: number): number {
    let low = 0;
    let high = this.values.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.values[middle]! < value) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/**
 * The history context, kept incrementally for an athlete's activities taken in local-date order: ask
 * `contextFor(date)` before analysing an activity, then `add` its analysis. Windows slide, so a year of
 * runs costs O(n log n) instead of the O(n²) of calling `summarizeHistory` for each. Given out of order,
 * it falls back to `summarizeHistory` over everything added, so it is never wrong, only slower.
 */
export class HistoryWindow {
  private readonly done: { day: number; analysis: AnalysisSummary }[] = [];
  private readonly runTimes = new SortedWindow();
  private readonly runSpeeds = new SortedWindow();
  private addedUpTo = 0;
  private timesFrom = 0;
  private speedsFrom = 0;
  private peaksFrom = 0;
  private peakRuns = 0;
  // Indices into `done` with decreasing peaks: the front is the window's max.
  private readonly peakQueue: number[] = [];
  private peakQueueHead = 0;
  private lastDay = Number.NEGATIVE_INFINITY;
  private inOrder = true;

  constructor(private readonly ruleSet: RuleSet) {}

  contextFor(onDate: LocalDate): HistoryContext {
    const day = epochDay(onDate);
    const latestAdded =
      this.done.length > 0 ? this.done[this.done.length - 1]!.day : Number.NEGATIVE_INFINITY;
    if (day < this.lastDay || day < latestAdded) this.inOrder = false;
    if (!this.inOrder) {
      return summarizeHistory(
        this.done.map((entry) => entry.analysis),
        onDate,
        this.ruleSet,
      );
    }
    this.lastDay = day;
    const rules = this.ruleSet.classification;
    const done = this.done;
    for (; this.addedUpTo < done.length && done[this.addedUpTo]!.day < day; this.addedUpTo++) {
      const { analysis } = done[this.addedUpTo]!;
      if (!isCountedRun(analysis)) continue;
      if (analysis.movingTimeS > 0) this.runTimes.insert(analysis.movingTimeS);
      if (analysis.averageSpeedMps !== null) this.runSpeeds.insert(analysis.averageSpeedMps);
    }
    for (
      ;
      this.timesFrom < this.addedUpTo && done[this.timesFrom]!.day < day - rules.medianRunTimeDays;
      this.timesFrom++
    ) {
      const { analysis } = done[this.timesFrom]!;
      if (isCountedRun(analysis) && analysis.movingTimeS > 0) this.runTimes.remove(analysis.movingTimeS);
    }
    for (
      ;
      this.speedsFrom < this.addedUpTo && done[this.speedsFrom]!.day < day - rules.paceHistoryDays;
      this.speedsFrom++
    ) {
      const { analysis } = done[this.speedsFrom]!;
      if (isCountedRun(analysis) && analysis.averageSpeedMps !== null)
        this.runSpeeds.remove(analysis.averageSpeedMps);
    }
    const lookback = this.ruleSet.thresholds.maxHrLookbackDays;
    for (; this.peaksFrom < done.length && done[this.peaksFrom]!.day <= day - lookback; this.peaksFrom++) {
      if (done[this.peaksFrom]!.analysis.peak30sHr !== null) this.peakRuns--;
    }
    const queue = this.peakQueue;
    while (this.peakQueueHead < queue.length && queue[this.peakQueueHead]! < this.peaksFrom)
      this.peakQueueHead++;
    const front =
      this.peakQueueHead < queue.length ? done[queue[this.peakQueueHead]!]!.analysis.peak30sHr : null;
    return {
      medianRunTimeS: median(this.runTimes.values),
      medianRunSpeedMps: median(this.runSpeeds.values),
      observedMaxHr:
        front !== null && this.peakRuns > 0 ? { value: front, runsWithHeartRate: this.peakRuns } : null,
    };
  }

  add(analysis: AnalysisSummary): void {
    const day = epochDay(analysis.localDate);
    const done = this.done;
    if (done.length > 0 && day < done[done.length - 1]!.day) this.inOrder = false;
    const index = done.length;
    done.push({ day, analysis });
    const peak = analysis.peak30sHr;
    if (peak === null) return;
    this.peakRuns++;
    const queue = this.peakQueue;
    while (queue.length > this.peakQueueHead && done[queue[queue.length - 1]!]!.analysis.peak30sHr! <= peak) {
      queue.pop();
    }
    queue.push(index);
  }
}

/**
 * Analyses an athlete's activities in local-date order, each with the history before it (median run
 * time, pace history, observed max HR), so that a first import and a nightly re-run give the same facts.
 */
export function analyzeActivities(
  athlete: AthleteProfile,
  activities: readonly ActivityInput[],
  ruleSet: RuleSet,
): ActivityAnalysis[] {
  const ordered = activities
    .map((activity) => {
      const offset = localOffsetSeconds(
        activity.startTime,
        activity.utcOffsetS,
        athlete.timeZone,
        activity.timeZone,
      );
      return { activity, localDate: localDateAt(activity.startTime, offset) };
    })
    .sort(
      (a, b) =>
        (a.localDate < b.localDate ? -1 : a.localDate > b.localDate ? 1 : 0) ||
        a.activity.startTime.getTime() - b.activity.startTime.getTime(),
    );
  const window = new HistoryWindow(ruleSet);
  return ordered.map(({ activity, localDate }) => {
    const analysis = analyzeActivity(activity, { athlete, history: window.contextFor(localDate) }, ruleSet);
    window.add(analysis);
    return analysis;
  });
}
