import type { Sport } from '../domain/sport.ts';
import type { Confidence, IntensityClass, LocalDate, RunPurpose, ZoneTimes } from './types.ts';

export const WEEK_FLAGS = [
  'no_hard',
  'too_many_hard',
  'too_little_easy',
  'grey_zone',
  'hard_days_packed',
  'no_long_run',
  'long_run_too_big',
  'long_run_survival',
  'load_spike',
  'high_monotony',
  'not_enough_data',
] as const;
export type WeekFlag = (typeof WEEK_FLAGS)[number];

export type WeekRule =
  | 'hard_sessions'
  | 'easy_share'
  | 'grey_zone'
  | 'spacing'
  | 'recovery_day'
  | 'long_run'
  | 'load_ratio'
  | 'monotony';

export interface RuleResult {
  rule: WeekRule;
  /** `unknown`: the facts are missing; `withheld`: the verdict is held back for lack of data. */
  status: 'pass' | 'fail' | 'unknown' | 'withheld';
  flags: WeekFlag[];
  evidence: string;
}

export interface WeekRun {
  activityId: string;
  localDate: LocalDate;
  startTime: string;
  class: IntensityClass;
  long: boolean;
  purpose: RunPurpose | null;
  junk: boolean;
  movingTimeS: number;
  distanceM: number | null;
  timeInZonesS: ZoneTimes;
  /** Of the zoned time, how much came from heart rate (the rest from pace). */
  heartRateZonedS: number;
  trimp: number | null;
  confidence: Confidence;
  zoneConfidence: Confidence;
  decouplingPct: number | null;
  fadePct: number | null;
  survival: boolean | null;
}

export interface WeekSession {
  activityId: string;
  localDate: LocalDate;
  startTime: string;
  sport: Sport;
  class: IntensityClass;
  movingTimeS: number;
  trimp: number | null;
}

export interface WeekLongRun {
  activityId: string;
  localDate: LocalDate;
  movingTimeS: number;
  /** Of the week's running time. */
  share: number;
  decouplingPct: number | null;
  fadePct: number | null;
  survival: boolean | null;
  /** False when a hill made the halves incomparable (drift left unknown). */
  terrainComparable: boolean | null;
}

export interface RollingFigures {
  load: number;
  runs: number;
  runningTimeS: number;
  hardDays: number;
  zones: ZoneTimes;
  easyShare: number | null;
}

export interface DaySummary {
  date: LocalDate;
  load: number;
  sessions: number;
  runs: number;
  runningTimeS: number;
  zones: ZoneTimes;
  hardRuns: number;
  longRun: boolean;
  /** A hard run or a long run: DOMAIN.md counts the long run as a stress day. */
  stress: boolean;
  rest: boolean;
  /** Rest, or nothing harder than easy running and no other hard session. */
  easy: boolean;
  /** The 7 days ending on this date. */
  rolling7: RollingFigures;
}

export interface WeekFacts {
  runCount: number;
  runningTimeS: number;
  zones: ZoneTimes;
  zonedRunningTimeS: number;
  easyShare: number | null;
  greyShare: number | null;
  highShare: number | null;
  /** Share of running time with usable heart rate. */
  heartRateCoverage: number | null;
  lowConfidenceZoneShare: number | null;
  highConfidenceZoneShare: number | null;
  hardSessions: number;
  moderateRuns: number;
  junkRuns: number;
  /** One entry per hard run or long run, in time order (two on a day = two entries). */
  stressSessions: { activityId: string; localDate: LocalDate }[];
  previousStressDay: LocalDate | null;
  /** Stress days followed by a day that was neither rest nor easy. */
  stressDaysWithoutRecovery: LocalDate[];
  longRun: WeekLongRun | null;
  load: number;
  dailyLoads: number[];
  previousWeekLoads: number[];
  loadRatio: number | null;
  monotony: number | null;
  strain: number | null;
  restDays: number;
  strengthSessions: number;
  sessionsBySport: Partial<Record<Sport, number>>;
  sessionsWithoutLoad: number;
  /** The Z1 ceiling (bpm) of the week's latest heart-rate run, for advice. */
  easyCeilingBpm: number | null;
  /** False while the week extends past the range's last date. */
  complete: boolean;
}

export interface WeekJudgement {
  verdict: string;
  recommendation: string;
  confidence: Confidence;
  flags: WeekFlag[];
  rules: RuleResult[];
  withheldBecause: string[];
}

export interface Week {
  ruleSetVersion: string;
  weekStart: LocalDate;
  weekEnd: LocalDate;
  /** Runs first, then other sessions, each in time order. */
  runs: WeekRun[];
  otherSessions: WeekSession[];
  days: DaySummary[];
  facts: WeekFacts;
  judgement: WeekJudgement;
}
