import type { Sport } from '../domain/sport.ts';

/** What the matcher looks at: one activity as any source describes it. */
export interface SessionOutline {
  sport: Sport | string;
  startTime: Date;
  elapsedTimeS: number;
  distanceM: number | null;
}

/** Sources of one run disagree on its start by seconds (device vs upload), rarely by more than a minute or two. */
export const START_TOLERANCE_MS = 5 * 60_000;
/** Share of the two time spans that must coincide: a person cannot do two sessions at once. */
const MIN_TIME_OVERLAP = 0.7;
/** Distances of one run from two sources (GPS smoothing, a watch vs a phone) differ by a few per cent. */
const MAX_DISTANCE_GAP = 0.1;

/**
 * Whether two descriptions are the same real-world session: same sport family, starts within a few
 * minutes, time spans that mostly coincide, and distances that agree when both are known. A double day —
 * two runs an hour apart — never matches: their spans do not overlap at all.
 */
export function isSameSession(left: SessionOutline, right: SessionOutline): boolean {
  if (!compatibleSports(left.sport, right.sport)) return false;
  if (Math.abs(left.startTime.getTime() - right.startTime.getTime()) > START_TOLERANCE_MS) return false;
  if (timeOverlap(left, right) < MIN_TIME_OVERLAP) return false;
  if (left.distanceM && right.distanceM && left.distanceM > 0 && right.distanceM > 0) {
    const gap = Math.abs(left.distanceM - right.distanceM) / Math.max(left.distanceM, right.distanceM);
    if (gap > MAX_DISTANCE_GAP) return false;
  }
  return true;
}

/** Intersection over union of the two sessions' time spans, 0 … 1. */
export function timeOverlap(left: SessionOutline, right: SessionOutline): number {
  const leftStart = left.startTime.getTime();
  const rightStart = right.startTime.getTime();
  const leftEnd = leftStart + Math.max(1, left.elapsedTimeS) * 1000;
  const rightEnd = rightStart + Math.max(1, right.elapsedTimeS) * 1000;
  const intersection = Math.min(leftEnd, rightEnd) - Math.max(leftStart, rightStart);
  if (intersection <= 0) return 0;
  return intersection / (Math.max(leftEnd, rightEnd) - Math.min(leftStart, rightStart));
}

/** A provider that cannot name a sport ("other", a generic workout) may still describe the same session. */
function compatibleSports(left: string, right: string): boolean {
  return left === right || left === 'other' || right === 'other';
}

/** Of several candidates, the one that is the same session and overlaps the most, or null. */
export function bestMatch<T extends SessionOutline>(
  candidate: SessionOutline,
  stored: readonly T[],
): T | null {
  let best: T | null = null;
  let bestOverlap = 0;
  for (const activity of stored) {
    if (!isSameSession(candidate, activity)) continue;
    const overlap = timeOverlap(candidate, activity);
    if (overlap > bestOverlap) {
      best = activity;
      bestOverlap = overlap;
    }
  }
  return best;
}

/**
 * SQL condition on `table` (an alias of activity) for an athlete's activities that could be the same
 * session as an outline: started within the tolerance, and a multisport parent only for a parent (its legs
 * match sessions). Indexed by start time; bestMatch judges the candidates. Its parameters
 * (sameSessionCandidateParameters) are numbered from `first`.
 */
export function sameSessionCandidates(table: string, first: number): string {
  const [athlete, start, tolerance, sport] = [first, first + 1, first + 2, first + 3].map((n) => `$${n}`);
  return `${table}.athlete_id = ${athlete} AND (${table}.sport = 'multisport') = (${sport} = 'multisport')
    AND ${table}.start_time BETWEEN ${start}::timestamptz - ${tolerance} * interval '1 millisecond'
                            AND ${start}::timestamptz + ${tolerance} * interval '1 millisecond'`;
}

export function sameSessionCandidateParameters(
  athleteId: string,
  outline: SessionOutline,
): [string, Date, number, string] {
  return [athleteId, outline.startTime, START_TOLERANCE_MS, outline.sport];
}
