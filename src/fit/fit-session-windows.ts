import { type FitMessage, readEnum, readNumber, readTime } from './fit-message.ts';
import { formatInstant } from './fit-time.ts';

/** The span of one activity and the records that fall in it. */
export interface SessionWindow {
  /** 0-based position of the session message across the whole file; 0 for an activity without session. */
  sessionIndex: number;
  /** Null when the activity is derived from records alone (a file without session message). */
  session: FitMessage | null;
  startMs: number;
  endMs: number;
  /** Indices into the file's records, in file order. */
  recordIndices: number[];
  /** Records without a timestamp that belong here (counted, but they cannot be placed on the time axis). */
  untimedRecords: number;
  /**
   * The session says it lasted no time at all (a watch that wrote its summary at the start): it spans its
   * records instead, up to the next session, and its duration comes from them.
   */
  openEnded: boolean;
}

/** Records are written up to a second or two after the session's nominal end (Onelap: 20 s). */
const END_SLACK_MS = 60_000;
/** Beyond this many records outside every window (or a quarter of a short file's), the user is told. */
const REPORTED_OUTSIDE_RECORDS = 10;
const REPORTED_OUTSIDE_SHARE = 0.25;

/** One window per usable session, sorted by start time. */
export function planSessionWindows(
  sessions: readonly FitMessage[],
  laps: readonly FitMessage[],
  warnings: string[],
): SessionWindow[] {
  const windows: SessionWindow[] = [];
  sessions.forEach((session, sessionIndex) => {
    const window = windowOfSession(session, sessionIndex);
    if (window) windows.push(window);
    else warnings.push(`session ${sessionIndex + 1} has no usable start time and was skipped`);
  });
  windows.sort((left, right) => left.startMs - right.startMs);
  repairOverlappingStarts(windows, laps, warnings);
  return windows;
}

function windowOfSession(session: FitMessage, sessionIndex: number): SessionWindow | null {
  const end = readTime(session, 'timestamp');
  const elapsedS = readNumber(session, 'total_elapsed_time');
  let startMs = readTime(session, 'start_time');
  if (Number.isNaN(startMs) && !Number.isNaN(end) && elapsedS >= 0) startMs = end - elapsedS * 1000;
  if (Number.isNaN(startMs)) return null;
  let durationMs = elapsedS >= 0 ? elapsedS * 1000 : end - startMs;
  if (!(durationMs >= 0)) durationMs = 0;
  const openEnded = durationMs === 0;
  return {
    sessionIndex,
    session,
    startMs,
    endMs: openEnded ? Number.POSITIVE_INFINITY : startMs + durationMs,
    recordIndices: [],
    untimedRecords: 0,
    openEnded,
  };
}

/**
 * The fenix 2 writes the first session of a multisport file with a start_time 45 minutes late: its
 * duration then runs into the next session, while its end timestamp minus its duration lands on its first
 * record and its first lap. When the end is consistent, that start (or the lap's, when one starts within
 * seconds of it) is used instead.
 */
function repairOverlappingStarts(
  windows: SessionWindow[],
  laps: readonly FitMessage[],
  warnings: string[],
): void {
  for (let index = 0; index + 1 < windows.length; index++) {
    const window = windows[index]!;
    const next = windows[index + 1]!;
    if (window.openEnded || window.endMs <= next.startMs + END_SLACK_MS) continue;
    const end = readTime(window.session ?? undefined, 'timestamp');
    const duration = window.endMs - window.startMs;
    const previousEnd = index > 0 ? windows[index - 1]!.endMs : Number.NEGATIVE_INFINITY;
    const repairedStart = snapToLapStart(end - duration, laps);
    if (Number.isNaN(end) || end > next.startMs + END_SLACK_MS || repairedStart >= window.startMs) continue;
    if (repairedStart < previousEnd - END_SLACK_MS) continue;
    warnings.push(
      `session ${window.sessionIndex + 1}: its start_time (${formatInstant(window.startMs)}) overlaps the next session; ` +
        `used its end minus its duration (${formatInstant(repairedStart)})`,
    );
    window.startMs = repairedStart;
    window.endMs = end;
  }
}

const LAP_SNAP_MS = 10_000;

function snapToLapStart(startMs: number, laps: readonly FitMessage[]): number {
  for (const lap of laps) {
    const lapStart = readTime(lap, 'start_time');
    if (Math.abs(lapStart - startMs) <= LAP_SNAP_MS) return lapStart;
  }
  return startMs;
}

/** Records further apart than this are not one activity (a clock that jumped, a record from another day). */
const RECORD_CLUSTER_GAP_MS = 24 * 3600_000;

/**
 * A file without session message: the activity spans its timed records — those of the largest run of
 * records without a day-long gap, so that a few records whose clock jumped years do not stretch it.
 */
export function deriveWindowFromRecords(
  recordTimes: Float64Array,
  latestPlausibleMs: number,
): SessionWindow | null {
  const times = recordTimes.filter((time) => !Number.isNaN(time) && time <= latestPlausibleMs).sort();
  if (times.length === 0) return null;
  let best = { first: 0, last: 0 };
  let clusterStart = 0;
  for (let index = 1; index <= times.length; index++) {
    if (index < times.length && times[index]! - times[index - 1]! <= RECORD_CLUSTER_GAP_MS) continue;
    if (index - clusterStart > best.last - best.first + 1) best = { first: clusterStart, last: index - 1 };
    clusterStart = index;
  }
  return {
    sessionIndex: 0,
    session: null,
    startMs: times[best.first]!,
    endMs: times[best.last]!,
    recordIndices: [],
    untimedRecords: 0,
    openEnded: false,
  };
}

/**
 * Gives each record to the window it falls in: [start, end + slack], cut at the next session's start
 * (summary-first and multisport files list all sessions apart from their records). Untimed records go to
 * a lone window. Returns how many timed records fell outside every window.
 */
export function assignRecordsToWindows(
  windows: SessionWindow[],
  recordTimes: Float64Array,
  warnings: string[],
): number {
  let outside = 0;
  const lone = windows.length === 1 ? windows[0]! : null;
  for (let index = 0; index < recordTimes.length; index++) {
    const time = recordTimes[index]!;
    if (Number.isNaN(time)) {
      if (lone) lone.untimedRecords++;
      continue;
    }
    const window = findWindow(windows, time);
    if (window) window.recordIndices.push(index);
    else outside++;
  }
  if (
    outside > REPORTED_OUTSIDE_RECORDS ||
    (outside > 0 && outside >= recordTimes.length * REPORTED_OUTSIDE_SHARE)
  ) {
    warnings.push(`${outside} records outside every session's time span were left out`);
  }
  return outside;
}

function findWindow(windows: readonly SessionWindow[], time: number): SessionWindow | null {
  for (let index = windows.length - 1; index >= 0; index--) {
    const window = windows[index]!;
    if (time < window.startMs) continue;
    const nextStart = index + 1 < windows.length ? windows[index + 1]!.startMs : Number.POSITIVE_INFINITY;
    return time <= window.endMs + END_SLACK_MS && time < nextStart ? window : null;
  }
  return null;
}

/**
 * Several sessions make a multisport activity when the device says so (auto_multi_sport), when they
 * include a transition or when their sports differ; two runs that merely share a file stay apart.
 */
export function isMultisport(windows: readonly SessionWindow[], activity: FitMessage | undefined): boolean {
  if (windows.length < 2) return false;
  if (readEnum(activity, 'type') === 'auto_multi_sport') return true;
  const sports = new Set(windows.map((window) => readEnum(window.session ?? undefined, 'sport')));
  return sports.has('transition') || sports.size > 1;
}
