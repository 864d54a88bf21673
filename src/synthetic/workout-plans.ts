import type { AthletePhysiology } from './athlete-physiology.ts';
import type { SeededRandom } from './seeded-random.ts';

export const WORKOUT_KINDS = ['recovery', 'easy', 'tempo', 'intervals', 'long', 'race', 'grey'] as const;
export type WorkoutKind = (typeof WORKOUT_KINDS)[number];

/** The intensity classes of DOMAIN.md. */
export type RunClass = 'recovery' | 'easy' | 'moderate' | 'hard';

/** `heart_rate`: HR climbs at the same pace (cardiac drift); `pace`: pace fades at the same HR. */
export type DriftKind = 'none' | 'heart_rate' | 'pace';

export type SegmentPhase = 'warmup' | 'work' | 'recovery' | 'cooldown';

/**
 * A stretch of a workout at one effort. Effort is the heart rate the runner's effort would settle at,
 * as a fraction of LTHR; pace follows it at once, the measured HR follows it with a lag.
 */
export interface WorkoutSegment {
  phase: SegmentPhase;
  durationS: number;
  effortFrom: number;
  effortTo: number;
  /** Traffic lights and stops happen on easy running, never inside a rep or a race. */
  pausable: boolean;
}

export interface WorkoutPlan {
  kind: WorkoutKind;
  segments: WorkoutSegment[];
  intendedClass: RunClass;
  drift: DriftKind;
  /** Sum of the segments: the run's moving time. */
  movingTimeS: number;
  raceDistanceM?: number;
}

export interface WorkoutPlanOptions {
  /** Moving time for `recovery`, `easy` and `long` (other kinds have a fixed structure). */
  durationS?: number;
  /** Only for `long`: `true` means cardiac drift. */
  drift?: boolean | DriftKind;
  /** Only for `race`: 5000 or 10000; chosen from the runner's speed when absent. */
  raceDistanceM?: number;
}

/**
 * Allowed moving times, chosen so the ground truth is unambiguous under DOMAIN.md's rules: recovery stays
 * well under 40 min, easy well over it, long well over 90 min, and every non-long run under 56 min so it
 * never reaches the "≥ 60 min and 1.5 × median" long rule.
 */
export const DURATION_LIMITS_S = {
  recovery: { min: 20 * 60, max: 35 * 60 },
  easy: { min: 44 * 60, max: 56 * 60 },
  long: { min: 100 * 60, max: 150 * 60 },
} as const;

const INTENDED_CLASS: Record<WorkoutKind, RunClass> = {
  recovery: 'recovery',
  easy: 'easy',
  long: 'easy',
  grey: 'moderate',
  tempo: 'hard',
  intervals: 'hard',
  race: 'hard',
};

/**
 * Flat-ground speed for an effort. Linear in heart-rate reserve relative to LTHR: threshold pace at
 * LTHR, about 1.3 × threshold pace at 78% LTHR (an easy run), a little faster than threshold in reps.
 */
export function runningSpeedForEffort(effort: number, physiology: AthletePhysiology): number {
  const thresholdSpeed = 1000 / physiology.thresholdPaceSPerKm;
  const reserveFraction =
    (effort * physiology.lthr - physiology.restingHr) / (physiology.lthr - physiology.restingHr);
  return thresholdSpeed * Math.max(0.5, 0.35 + 0.65 * reserveFraction);
}

export function planWorkout(
  kind: WorkoutKind,
  physiology: AthletePhysiology,
  random: SeededRandom,
  options: WorkoutPlanOptions = {},
): WorkoutPlan {
  const drift = resolveDrift(kind, options.drift);
  if (options.durationS !== undefined && !(kind in DURATION_LIMITS_S)) {
    throw new RangeError(`a ${kind} run has a fixed structure; durationS applies to recovery, easy and long`);
  }
  const { segments, raceDistanceM } = buildSegments(kind, physiology, random, options);
  const movingTimeS = segments.reduce((sum, segment) => sum + segment.durationS, 0);
  const plan: WorkoutPlan = { kind, segments, intendedClass: INTENDED_CLASS[kind], drift, movingTimeS };
  if (raceDistanceM !== undefined) plan.raceDistanceM = raceDistanceM;
  return plan;
}

function resolveDrift(kind: WorkoutKind, drift: WorkoutPlanOptions['drift']): DriftKind {
  const resolved: DriftKind =
    drift === true ? 'heart_rate' : drift === false || drift === undefined ? 'none' : drift;
  if (resolved !== 'none' && kind !== 'long') throw new RangeError('drift applies to long runs only');
  return resolved;
}

function chooseDuration(
  kind: keyof typeof DURATION_LIMITS_S,
  random: SeededRandom,
  requested?: number,
): number {
  const limits = DURATION_LIMITS_S[kind];
  if (requested === undefined) return 60 * random.integer(limits.min / 60, limits.max / 60);
  if (requested < limits.min || requested > limits.max) {
    throw new RangeError(
      `a ${kind} run lasts ${limits.min / 60}–${limits.max / 60} min so its class stays unambiguous; got ${requested / 60} min`,
    );
  }
  return Math.round(requested);
}

function steady(
  phase: SegmentPhase,
  minutes: number,
  effort: number,
  pausable = phase !== 'work',
): WorkoutSegment {
  return { phase, durationS: Math.round(minutes * 60), effortFrom: effort, effortTo: effort, pausable };
}

function ramp(phase: SegmentPhase, minutes: number, from: number, to: number): WorkoutSegment {
  return { phase, durationS: Math.round(minutes * 60), effortFrom: from, effortTo: to, pausable: true };
}

/** Highest effort a runner can hold without touching max HR (keeps 2 bpm below it). */
function effortCeiling(physiology: AthletePhysiology): number {
  return (physiology.maxHr - 2) / physiology.lthr;
}

function buildSegments(
  kind: WorkoutKind,
  physiology: AthletePhysiology,
  random: SeededRandom,
  options: WorkoutPlanOptions,
): { segments: WorkoutSegment[]; raceDistanceM?: number } {
  switch (kind) {
    case 'recovery': {
      // ~72% LTHR: far below the 85% LTHR top of Friel Z1, the "lower half" of Seiler's Z1.
      const total = chooseDuration('recovery', random, options.durationS);
      const effort = random.between(0.7, 0.73);
      return {
        segments: [
          ramp('warmup', 4, 0.62, effort),
          { ...steady('work', (total - 240) / 60, effort), pausable: true },
        ],
      };
    }
    case 'easy': {
      const total = chooseDuration('easy', random, options.durationS);
      const effort = random.between(0.77, 0.8);
      return {
        segments: [
          ramp('warmup', 6, 0.66, effort),
          { ...steady('work', (total - 540) / 60, effort), pausable: true },
          ramp('cooldown', 3, effort, 0.74),
        ],
      };
    }
    case 'long': {
      const total = chooseDuration('long', random, options.durationS);
      // Lower with drift so that +10% HR still stays in Z1: the run is survival, not grey.
      const effort = random.between(0.74, 0.76);
      return {
        segments: [
          ramp('warmup', 8, 0.66, effort),
          { ...steady('work', (total - 600) / 60, effort), pausable: true },
          ramp('cooldown', 2, effort, 0.72),
        ],
      };
    }
    case 'grey': {
      // Two surges into 94–95% LTHR (~15 min of Z2 in 45): moderate by the ≥ 20% rule, far from the
      // 20-min Z2+Z3 "hard" rule. Between them the runner cruises at 83–84%, "comfortably hard".
      const surge = random.between(0.94, 0.95);
      return {
        segments: [
          ramp('warmup', 10, 0.66, 0.82),
          steady('work', 7.5, surge),
          steady('work', 5, 0.84),
          steady('work', 7.5, surge),
          steady('work', 10, 0.83),
          ramp('cooldown', 5, 0.8, 0.76),
        ],
      };
    }
    case 'tempo': {
      // 25 min sustained at 95.5–97% LTHR: ≥ 24 min in Z2+Z3 against the 20-min hard rule.
      const tempo = Math.min(random.between(0.955, 0.97), effortCeiling(physiology));
      return {
        segments: [
          ramp('warmup', 12, 0.66, 0.8),
          { ...ramp('work', 3, 0.8, 0.9), pausable: false },
          steady('work', 25, tempo),
          ramp('cooldown', 10, 0.78, 0.74),
        ],
      };
    }
    case 'intervals': {
      // 6 × 3 min at 107% LTHR (or 5 × 4 min when max HR is too close to LTHR for that): HR crosses
      // LTHR ~50 s into each rep, so a run holds ≥ 10 min in Z3 against the 8-min hard rule.
      const ceiling = effortCeiling(physiology);
      const effort = Math.min(1.07, ceiling);
      const [reps, repMinutes] = ceiling >= 1.06 ? [6, 3] : [5, 4];
      const segments: WorkoutSegment[] = [ramp('warmup', 15, 0.66, 0.8)];
      for (let rep = 0; rep < reps; rep++) {
        segments.push(steady('work', repMinutes, effort, false));
        if (rep < reps - 1) segments.push(steady('recovery', 2, 0.76, false));
      }
      segments.push(ramp('cooldown', 10, 0.78, 0.72));
      return { segments };
    }
    case 'race':
      return raceSegments(physiology, options.raceDistanceM);
  }
}

const RACES = [
  { distanceM: 10_000, effortFrom: 0.99, effortTo: 1.03 },
  { distanceM: 5_000, effortFrom: 1.01, effortTo: 1.05 },
] as const;

/**
 * A 5 km or 10 km race after a 10-min warm-up. Without a requested distance a 10 km is run only when it
 * fits in 38 min, so the whole session stays under 56 min and can never count as a long run.
 */
function raceSegments(
  physiology: AthletePhysiology,
  requestedDistanceM: number | undefined,
): { segments: WorkoutSegment[]; raceDistanceM: number } {
  const ceiling = effortCeiling(physiology);
  const raceTimeS = (race: (typeof RACES)[number]) =>
    race.distanceM /
    runningSpeedForEffort(Math.min((race.effortFrom + race.effortTo) / 2, ceiling), physiology);
  const [tenK, fiveK] = RACES;
  let race: (typeof RACES)[number];
  if (requestedDistanceM === undefined) race = raceTimeS(tenK) <= 38 * 60 ? tenK : fiveK;
  else {
    const requested = RACES.find((candidate) => candidate.distanceM === requestedDistanceM);
    if (!requested) throw new RangeError('a synthetic race is 5000 or 10000 m');
    race = requested;
  }
  const raceSegment: WorkoutSegment = {
    phase: 'work',
    durationS: Math.round(raceTimeS(race)),
    effortFrom: Math.min(race.effortFrom, ceiling),
    effortTo: Math.min(race.effortTo, ceiling),
    pausable: false,
  };
  return {
    segments: [ramp('warmup', 10, 0.66, 0.82), raceSegment, ramp('cooldown', 6, 0.78, 0.72)],
    raceDistanceM: race.distanceM,
  };
}
