import type {
  Alert,
  Confidence,
  IntensityClass,
  IsoWeekday,
  LocalDate,
  RunPurpose,
  WeekFacts,
  WeekJudgement,
  ZoneTimes,
} from '../analysis/index.ts';
import type { Sport } from '../domain/sport.ts';

/**
 * Everything one weekly digest says, read once from the database: plain JSON (dates as `YYYY-MM-DD`), so a
 * job can log it, a test can build it without a database, and composing it needs no I/O.
 */
export interface DigestWeek {
  /** Bumped when the shape changes, so a stored or queued copy can be recognised. */
  version: 1;
  /** `empty`: no activity at all that week (or none recorded yet): the digest is a short note. */
  kind: 'week' | 'empty';
  athlete: DigestAthlete;
  weekStart: LocalDate;
  weekEnd: LocalDate;
  /** False when the analysis ran before the week ended: the figures cover the days so far. */
  complete: boolean;
  ruleSetVersion: string;
  judgement: WeekJudgement;
  facts: WeekFacts;
  /** Runs first, then other sessions, each in time order (as the week lists them). */
  sessions: DigestSession[];
  /** The four weeks before, oldest first; load 0 for a week without training. */
  previousWeeks: Array<{ weekStart: LocalDate; load: number }>;
  /** Eight weeks of daily figures ending on `weekEnd` (days before the runner's data began are absent). */
  days: DigestDay[];
  /** Alert episodes that touch this week, each with its evidence and caveat. */
  alerts: Alert[];
  /** Provider links that stopped working: activities from them are missing until the runner reconnects. */
  connections: DigestConnectionIssue[];
  dataQuality: DigestDataQuality;
  /** The rule set's targets the week was judged against, for explaining the figures. */
  targets: DigestTargets;
}

export interface DigestAthlete {
  id: string;
  name: string | null;
  email: string;
  timeZone: string;
  weekStartDay: IsoWeekday;
}

export interface DigestSession {
  activityId: string;
  localDate: LocalDate;
  /** Local wall-clock start, `HH:MM`. */
  startLocalTime: string;
  /** What the runner or their provider called it: user input, never trusted as markup. */
  name: string | null;
  sport: Sport;
  subSport: string | null;
  run: boolean;
  manual: boolean;
  distanceM: number | null;
  movingTimeS: number;
  class: IntensityClass;
  purpose: RunPurpose | null;
  long: boolean;
  /** A moderate or hard run without a nameable purpose. */
  junk: boolean;
  /** Running time in the three zones; null for other sports. */
  zonesS: ZoneTimes | null;
  /** TRIMP; null without heart rate or duration. */
  load: number | null;
  /** Whether heart rate drove the zones (else pace, or nothing). */
  heartRate: boolean;
  /** The run's confidence grade; null for other sports, which the analysis does not grade. */
  confidence: Confidence | null;
}

export interface DigestDay {
  date: LocalDate;
  load: number;
  /** CTL: 42-day exponentially weighted load. */
  fitness: number;
  /** ATL: 7-day exponentially weighted load. */
  fatigue: number;
  /** TSB: yesterday's fitness minus yesterday's fatigue. */
  form: number;
}

export interface DigestConnectionIssue {
  provider: 'strava' | 'garmin' | 'fit_file';
  status: 'needs_reauth' | 'revoked';
  reason: string | null;
}

export interface DigestDataQuality {
  runs: number;
  runsWithoutHeartRate: number;
  /** Runs whose own confidence is low or none (dropouts, spikes, pace only). */
  lowConfidenceRuns: number;
  /** Share of running time with usable heart rate. */
  heartRateCoverage: number | null;
  /** Share of zoned time that rests on default or barely estimated thresholds, or pace. */
  lowConfidenceZoneShare: number | null;
}

export interface DigestTargets {
  hardSessionsMin: number;
  hardSessionsMax: number;
  easyShareMin: number;
  easyShareTarget: number;
  greyShareMax: number;
  moderateRunsMax: number;
  minDaysBetweenStressDays: number;
  longRunMaxShare: number;
  decouplingSurvivalPct: number;
  fadeSurvivalPct: number;
  loadRatioMin: number;
  loadRatioMax: number;
  /** A week under this share of the usual load is a recovery week. */
  recoveryWeekLoadRatio: number;
  monotonyMax: number;
  minHrCoverage: number;
  tsbAlertBelow: number;
}
