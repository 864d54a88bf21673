/**
 * A session's totals as a watch wrote them are trusted only when they are physically possible: a buggy
 * device or export tool writes a negative total as a huge unsigned one (-1 s of timer time reads as 49
 * days, -5 m as 42,949 km), and one such run would dwarf every week it lands in. An impossible total is
 * replaced by what the records say (or left out when they say nothing), with a warning naming it.
 */

/** Longest activity weekwise accepts (the same bound as for Strava's): multi-day races last days. */
export const MAX_ACTIVITY_SECONDS = 30 * 24 * 3600;
/** Furthest one activity can go: a transcontinental ride is about 10,000 km. */
export const MAX_DISTANCE_M = 20_000_000;
/** Faster than this on average is no human-powered sport (the records' speed limit too). */
export const MAX_AVERAGE_SPEED_MPS = 100;
/**
 * Timer time may exceed elapsed time a little (Zwift writes 3182.8 s of timer in 3181 s): beyond this
 * share, or a few seconds for a short activity, one of them is wrong.
 */
const TIMER_SLACK_SHARE = 0.01;
const TIMER_SLACK_S = 5;

export interface TotalsReport {
  /** "the session" or "session 2": who the warning is about. */
  subject: string;
  warnings: string[];
}

/** The session's elapsed seconds, or null when absent or impossible (then the records' span is used). */
export function plausibleElapsed(recorded: number, report: TotalsReport): number | null {
  if (!(recorded >= 0)) return null;
  if (recorded <= MAX_ACTIVITY_SECONDS) return recorded;
  report.warnings.push(
    `${report.subject} says it lasted ${describeSeconds(recorded)}, more than an activity can: its duration was taken from its records`,
  );
  return null;
}

/** The session's timer (moving) seconds, or null when absent or longer than the activity itself. */
export function plausibleMoving(recorded: number, elapsedS: number, report: TotalsReport): number | null {
  if (!(recorded >= 0)) return null;
  if (recorded <= elapsedS + Math.max(TIMER_SLACK_S, elapsedS * TIMER_SLACK_SHARE)) return recorded;
  report.warnings.push(
    `${report.subject} says its timer ran ${describeSeconds(recorded)}, longer than the activity (${describeSeconds(elapsedS)}): its moving time was taken from its records`,
  );
  return null;
}

/**
 * A distance (the session's total, or the records' span) when one could cover it in `elapsedS`; null
 * otherwise, with a warning. A distance over no time at all is only possible when it is (nearly) none.
 */
export function plausibleDistance(
  distanceM: number | null,
  elapsedS: number,
  what: string,
  report: TotalsReport,
): number | null {
  if (distanceM === null || !(distanceM >= 0)) return null;
  const fastest = Math.max(elapsedS, 1) * MAX_AVERAGE_SPEED_MPS;
  if (distanceM <= Math.min(MAX_DISTANCE_M, fastest)) return distanceM;
  report.warnings.push(
    `${report.subject}: ${what} of ${describeDistance(distanceM)} in ${describeSeconds(elapsedS)} is impossible and was left out`,
  );
  return null;
}

function describeSeconds(seconds: number): string {
  if (seconds >= 2 * 86_400) return `${Math.round(seconds / 86_400)} days`;
  if (seconds >= 2 * 3600) return `${Math.round(seconds / 3600)} h`;
  if (seconds >= 120) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds)} s`;
}

function describeDistance(metres: number): string {
  return metres >= 10_000
    ? `${Math.round(metres / 1000).toLocaleString('en-US')} km`
    : `${Math.round(metres)} m`;
}
