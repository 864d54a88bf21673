import type { ActivityStreams } from '../domain/activity.ts';
import type { Sport } from '../domain/sport.ts';

/** A civil date in some local time, `YYYY-MM-DD`. */
export type LocalDate = string;

export type Sex = 'female' | 'male';
export type ThresholdKind = 'max_hr' | 'resting_hr' | 'lthr' | 'threshold_pace';
/** Best first. */
export type ThresholdSource = 'set' | 'provider' | 'estimated' | 'default';
export type Confidence = 'high' | 'medium' | 'low' | 'none';
/** ISO day number: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface DatedThreshold {
  kind: ThresholdKind;
  /** bpm for heart rates, seconds per km for threshold pace. */
  value: number;
  validFrom: LocalDate;
  source: ThresholdSource;
}

export interface AthleteProfile {
  sex: Sex | null;
  /** IANA zone, e.g. `Europe/Paris`. */
  timeZone: string;
  weekStartDay: IsoWeekday;
  thresholds: readonly DatedThreshold[];
}

export type IntensityClass = 'recovery' | 'easy' | 'moderate' | 'hard' | 'unknown';
export type RunPurpose = 'recovery' | 'aerobic' | 'long' | 'tempo' | 'intervals' | 'race';

/** One activity as the analysis needs it: provider-neutral, any sport. */
export interface ActivityInput {
  id: string;
  /** Multisport legs point at their parent; the parent's own load is not counted twice. */
  parentId?: string | null;
  sport: Sport;
  subSport: string | null;
  startTime: Date;
  /** Local time minus UTC at the start, when the recording says so (travel-proof). */
  utcOffsetS: number | null;
  /** IANA zone of the activity when a source names one. */
  timeZone?: string | null;
  elapsedTimeS: number;
  movingTimeS: number | null;
  distanceM: number | null;
  manual: boolean;
  avgHeartRate: number | null;
  streams: ActivityStreams | null;
  /** What the athlete or provider said the session was (e.g. a race tag), trusted over the structure. */
  declaredPurpose?: RunPurpose | null;
}

/** What the athlete's own recent history says, computed by the caller or by `summarizeHistory`. */
export interface HistoryContext {
  /** Median moving time of runs in the last 28 days before this one (for the `long` flag). */
  medianRunTimeS: number | null;
  /** Median average speed of recent runs (for runs without heart rate). */
  medianRunSpeedMps: number | null;
  /** Highest 30-s heart rate seen in the lookback window, and how many runs with heart rate it covers. */
  observedMaxHr: { value: number; runsWithHeartRate: number } | null;
}

export interface AnalysisContext {
  athlete: AthleteProfile;
  history: HistoryContext;
}

export interface ThresholdInForce {
  value: number;
  source: ThresholdSource;
  /** Null for population defaults and for estimates made on the fly. */
  validFrom: LocalDate | null;
  confidence: Confidence;
}

export interface ThresholdsInForce {
  date: LocalDate;
  maxHr: ThresholdInForce;
  restingHr: ThresholdInForce;
  lthr: ThresholdInForce | null;
  thresholdPaceSPerKm: ThresholdInForce | null;
  notes: string[];
}

export type ZoneBasis = 'lthr' | 'heart_rate_reserve' | 'max_hr' | 'threshold_pace' | 'pace_history';

/** Zone boundaries in the unit of the signal they apply to (bpm, or m/s for pace: faster is harder). */
export interface ZoneModel {
  basis: ZoneBasis;
  unit: 'bpm' | 'mps';
  z2From: number;
  z3From: number;
  /** LTHR's "≥ 100%" includes the boundary; "> 87% HRmax" and "> 85% HRR" do not. */
  z3Inclusive: boolean;
  /** Upper bound of the lower half of Z1 (Friel Z1, the recovery zone). */
  recoveryBelow: number;
  /** Lower bounds of Friel Z2..Z5 (bpm), or null for pace. */
  fiveZoneFrom: readonly [number, number, number, number] | null;
  /** True when LTHR was not known and Friel zones hang off the Z3 boundary instead. */
  fiveZoneDerived: boolean;
  confidence: Confidence;
}

export interface ZoneTimes {
  z1: number;
  z2: number;
  z3: number;
}

export interface FiveZoneTimes {
  z1: number;
  z2: number;
  z3: number;
  z4: number;
  z5: number;
}

export interface HeartRateQuality {
  movingTimeS: number;
  validS: number;
  /** Share of moving time with plausible heart rate. */
  coverage: number;
  dropoutS: number;
  dropouts: number;
  spikeS: number;
  spikes: number;
  grade: Confidence;
}

export interface LongRunFacts {
  /** Friel's Pa:HR decoupling, first half against second half (after the warm-up); positive = drift. */
  decouplingPct: number | null;
  /** Speed lost in the last part against the first half; positive = slower at the end. */
  fadePct: number | null;
  survival: boolean | null;
  /** Net grade of the compared parts, from the altitude stream; null without one. */
  gradePct: { firstHalfPct: number; secondHalfPct: number; latePct: number } | null;
  /** False when the parts were on too different ground for pace to compare (figures left unknown). */
  terrainComparable: boolean | null;
}

export interface ClassEvidence {
  rule:
    | 'z3_time'
    | 'work_z2_z3_time'
    | 'z2_share'
    | 'recovery_low_z1'
    | 'easy_default'
    | 'no_samples'
    | 'no_usable_signal';
  detail: string;
}

/** Everything the analysis states about one activity; plain JSON. */
export interface ActivityAnalysis {
  ruleSetVersion: string;
  activityId: string;
  parentId: string | null;
  sport: Sport;
  subSport: string | null;
  manual: boolean;
  startTime: string;
  /** The local date the activity belongs to (its own offset when known, else the athlete's zone). */
  localDate: LocalDate;
  utcOffsetS: number;
  elapsedTimeS: number;
  movingTimeS: number;
  pausedS: number;
  distanceM: number | null;
  averageSpeedMps: number | null;
  signal: 'heart_rate' | 'pace' | 'none';
  class: IntensityClass;
  classEvidence: ClassEvidence;
  long: boolean;
  purpose: RunPurpose | null;
  purposeSource: 'declared' | 'structure' | null;
  /** A moderate or hard run whose purpose cannot be named: load without a reason. */
  junk: boolean;
  timeInZonesS: ZoneTimes;
  /** Moving time without a usable signal (dropouts, spikes, no sensor). */
  unzonedS: number;
  fiveZonesS: FiveZoneTimes | null;
  workZ2Z3S: number;
  recoveryZoneS: number;
  /** Effort blocks (with hysteresis, see effort-blocks.ts): what the purpose is read from. */
  structure: {
    z3Blocks: number;
    longestZ3BlockS: number;
    longestZ3CoreS: number;
    longestSustainedBlockS: number;
  };
  zones: ZoneModel | null;
  trimp: number | null;
  trimpMethod: 'samples' | 'average' | null;
  heartRateQuality: HeartRateQuality | null;
  /** Highest rolling 30-s average heart rate, spikes excluded (feeds the max HR estimate). */
  peak30sHr: number | null;
  /** Speed (m/min) per beat over the work part: the "HR at pace" a coach watches. */
  efficiencyFactor: number | null;
  longRun: LongRunFacts | null;
  thresholds: ThresholdsInForce;
  confidence: Confidence;
  confidenceReasons: string[];
}

/** Per-run detail that weeks, days, history and alerts never read: left out when analyses are reloaded in bulk. */
export const ANALYSIS_DETAIL_KEYS = [
  'thresholds',
  'heartRateQuality',
  'structure',
  'confidenceReasons',
  'classEvidence',
  'fiveZonesS',
] as const;

/** An analysis as weeks, days, history and alerts need it. */
export type AnalysisSummary = Omit<ActivityAnalysis, (typeof ANALYSIS_DETAIL_KEYS)[number]>;
