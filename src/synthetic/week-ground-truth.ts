import { addDays } from './local-time.ts';
import type { RunGroundTruth, ZoneSeconds } from './synthetic-run.ts';
import type { SyntheticSession } from './synthetic-session.ts';
import { type PlannedSession, runningSeconds, type WeekPattern } from './week-plans.ts';
import type { DriftKind } from './workout-plans.ts';

/** What the week analysis should find; computed from the plan and the clean streams. */
export interface WeekGroundTruth {
  index: number;
  /** Local Monday. */
  weekStart: string;
  pattern: WeekPattern;
  runCount: number;
  hardRunCount: number;
  moderateRunCount: number;
  strengthCount: number;
  rideCount: number;
  /** Days with no session of any kind. */
  restDays: number;
  runningTimeS: number;
  runningZoneSecondsApprox: ZoneSeconds;
  longRunShare: number | null;
  longRunDrift: DriftKind | null;
  /** Longest streak of calendar days with a hard run. */
  maxConsecutiveHardDays: number;
  /** Hard runs and the long run are stress sessions; start to start, including last week's last one. */
  minHoursBetweenStressSessions: number | null;
  /**
   * This week's running time over the mean of the previous (up to) 4 weeks. A rest week in those 4 drags
   * the mean down: a balanced week after it can then pass the load-ratio limit (an honest flag, not a bug).
   */
  runningTimeRatioToRecentWeeks: number | null;
}

export function isStressSession(session: SyntheticSession): boolean {
  return session.truth.intendedClass === 'hard' || session.truth.long;
}

export function summarizeWeek(
  index: number,
  weekStart: string,
  pattern: WeekPattern,
  plan: readonly PlannedSession[],
  sessions: readonly SyntheticSession[],
  previousRunningS: readonly number[],
  previousStress: Date | null,
): WeekGroundTruth {
  const runs = sessions.filter((session) => session.activity.sport === 'running');
  const runningTimeS = runningSeconds(plan);
  const zones: ZoneSeconds = { z1: 0, z2: 0, z3: 0 };
  for (const run of runs) {
    const runZones = (run.truth as RunGroundTruth).intendedZoneSecondsApprox;
    if (!runZones) continue;
    zones.z1 += runZones.z1;
    zones.z2 += runZones.z2;
    zones.z3 += runZones.z3;
  }
  const long = runs.find((run) => run.truth.long);
  const activeDays = new Set(sessions.map((session) => session.localDate));
  const recent = previousRunningS.slice(-4);
  const recentMean = recent.length > 0 ? recent.reduce((a, b) => a + b, 0) / recent.length : null;
  return {
    index,
    weekStart,
    pattern,
    runCount: runs.length,
    hardRunCount: runs.filter((run) => run.truth.intendedClass === 'hard').length,
    moderateRunCount: runs.filter((run) => run.truth.intendedClass === 'moderate').length,
    strengthCount: sessions.filter((session) => session.kind === 'strength').length,
    rideCount: sessions.filter((session) => session.kind === 'ride').length,
    restDays: 7 - activeDays.size,
    runningTimeS,
    runningZoneSecondsApprox: zones,
    longRunShare: long ? long.truth.durationS / runningTimeS : null,
    longRunDrift: long ? (long.truth as RunGroundTruth).drift : null,
    maxConsecutiveHardDays: longestHardStreak(runs),
    minHoursBetweenStressSessions: minStressGapHours(sessions, previousStress),
    runningTimeRatioToRecentWeeks: recentMean ? runningTimeS / recentMean : null,
  };
}

function longestHardStreak(runs: readonly SyntheticSession[]): number {
  const hardDays = [
    ...new Set(runs.filter((run) => run.truth.intendedClass === 'hard').map((run) => run.localDate)),
  ].sort();
  let longest = 0;
  let streak = 0;
  let previous: string | null = null;
  for (const day of hardDays) {
    streak = previous !== null && addDays(previous, 1) === day ? streak + 1 : 1;
    longest = Math.max(longest, streak);
    previous = day;
  }
  return longest;
}

function minStressGapHours(
  sessions: readonly SyntheticSession[],
  previousStress: Date | null,
): number | null {
  const starts = sessions.filter(isStressSession).map((session) => session.activity.startTime.getTime());
  if (previousStress) starts.unshift(previousStress.getTime());
  let min: number | null = null;
  for (let index = 1; index < starts.length; index++) {
    const hours = (starts[index]! - starts[index - 1]!) / 3_600_000;
    min = min === null ? hours : Math.min(min, hours);
  }
  return min;
}
