import type { ActivityStreams } from '../domain/activity.ts';
import { type ActivitySummary, summarizeStreams } from './activity-summary.ts';
import {
  type AthletePhysiology,
  assertPlausiblePhysiology,
  DEFAULT_PHYSIOLOGY,
  seilerZoneFromLthr,
} from './athlete-physiology.ts';
import { randomFor } from './seeded-random.ts';
import { type ArtifactCounts, addHeartRateArtifacts, type SensorArtifacts } from './sensor-artifacts.ts';
import { type MotionModel, type SimulatedSession, simulateSession } from './session-simulator.ts';
import { rollingRunTerrain } from './terrain.ts';
import {
  type DriftKind,
  planWorkout,
  type RunClass,
  runningSpeedForEffort,
  type WorkoutKind,
  type WorkoutPlan,
  type WorkoutPlanOptions,
} from './workout-plans.ts';

/** Seconds of moving time in each of Seiler's three zones (from LTHR). */
export interface ZoneSeconds {
  z1: number;
  z2: number;
  z3: number;
}

/** What the analysis should find in a synthetic run. */
export interface RunGroundTruth {
  kind: WorkoutKind;
  intendedClass: RunClass;
  /** By the absolute rule only (moving time ≥ 90 min); an athlete history may add the relative rule. */
  long: boolean;
  /** From the clean HR (before dropouts and spikes), pauses excluded. */
  intendedZoneSecondsApprox?: ZoneSeconds;
  /** Moving time. */
  durationS: number;
  elapsedS: number;
  distanceM: number;
  drift: DriftKind;
  /** First half vs second half of moving time, (EF1 − EF2) / EF1 × 100 with EF = mean speed / mean HR. */
  decouplingPctApprox: number;
  raceDistanceM?: number;
  artifacts: ArtifactCounts;
}

export interface SyntheticRun {
  streams: ActivityStreams;
  truth: RunGroundTruth;
  summary: ActivitySummary;
}

/** How a run is recorded, as opposed to what the runner does (the plan). */
export interface RecordingOptions {
  /** Seconds between samples, a whole number (FIT timestamps are whole seconds). Default 1. */
  sampleIntervalS?: number;
  artifacts?: SensorArtifacts;
  /** Default true. */
  noise?: boolean;
  /** Steps per minute at 3.2 m/s; drawn from the seed when absent. */
  cadenceBaseSpm?: number;
  baseAltitudeM?: number;
  heartRateLag?: { riseS: number; fallS: number };
}

export interface SyntheticRunOptions extends WorkoutPlanOptions, RecordingOptions {
  kind: WorkoutKind;
  seed: number;
  physiology?: AthletePhysiology;
}

export const LONG_RUN_MIN_MOVING_S = 90 * 60;

/** One run from a seed: plan the workout, then record it. */
export function generateSyntheticRun(options: SyntheticRunOptions): SyntheticRun {
  const physiology = options.physiology ?? DEFAULT_PHYSIOLOGY;
  const planOptions: WorkoutPlanOptions = {};
  if (options.durationS !== undefined) planOptions.durationS = options.durationS;
  if (options.drift !== undefined) planOptions.drift = options.drift;
  if (options.raceDistanceM !== undefined) planOptions.raceDistanceM = options.raceDistanceM;
  const plan = planWorkout(options.kind, physiology, randomFor(options.seed, 'plan'), planOptions);
  return recordWorkout(plan, physiology, options.seed, options);
}

export function assertSampleInterval(sampleIntervalS: number): void {
  if (!Number.isInteger(sampleIntervalS) || sampleIntervalS < 1 || sampleIntervalS > 30) {
    throw new RangeError(`sampleIntervalS must be a whole number of seconds, 1–30; got ${sampleIntervalS}`);
  }
}

export function runningMotion(physiology: AthletePhysiology, cadenceBaseSpm: number): MotionModel {
  return {
    speedForEffort: (effort) => runningSpeedForEffort(effort, physiology),
    gradeSlowdown: 2,
    gradeEffort: 0.5,
    cadenceForSpeed: (speed) => cadenceBaseSpm + 6.5 * (speed - 3.2),
    cadenceNoiseSd: 1.2,
    cadenceLimits: [150, 200],
  };
}

/** Records a planned workout: streams, artefacts and the ground truth. */
export function recordWorkout(
  plan: WorkoutPlan,
  physiology: AthletePhysiology,
  seed: number,
  recording: RecordingOptions = {},
): SyntheticRun {
  assertPlausiblePhysiology(physiology);
  const sampleIntervalS = recording.sampleIntervalS ?? 1;
  assertSampleInterval(sampleIntervalS);
  const random = randomFor(seed, 'streams', plan.kind);
  const cadenceBaseSpm = recording.cadenceBaseSpm ?? random.between(166, 176);
  const heartRateLag = recording.heartRateLag ?? {
    riseS: random.between(30, 42),
    fallS: random.between(40, 55),
  };
  const driftAmount = plan.drift === 'none' ? 0 : random.between(0.09, 0.11);
  const terrain = rollingRunTerrain(random, recording.baseAltitudeM ?? random.between(20, 400));
  const session = simulateSession({
    segments: plan.segments,
    physiology,
    sampleIntervalS,
    random,
    motion: runningMotion(physiology, cadenceBaseSpm),
    terrain,
    drift: plan.drift,
    driftAmount,
    noise: recording.noise ?? true,
    pauseCount: recording.artifacts?.pauses ?? 0,
    heartRateLag,
  });
  const withArtifacts = addHeartRateArtifacts(
    session.heartRate,
    sampleIntervalS,
    randomFor(seed, 'artifacts'),
    recording.artifacts ?? {},
    physiology.maxHr,
  );
  const streams: ActivityStreams = {
    timeS: session.timeS,
    heartRate: withArtifacts.heartRate,
    distanceM: session.distanceM,
    speedMps: session.speedMps,
    altitudeM: session.altitudeM,
    cadence: session.cadence,
  };
  const truth: RunGroundTruth = {
    kind: plan.kind,
    intendedClass: plan.intendedClass,
    long: session.movingTimeS >= LONG_RUN_MIN_MOVING_S,
    intendedZoneSecondsApprox: zoneSeconds(session, physiology.lthr, sampleIntervalS),
    durationS: session.movingTimeS,
    elapsedS: session.timeS[session.timeS.length - 1]!,
    distanceM: session.distanceM[session.distanceM.length - 1]!,
    drift: plan.drift,
    decouplingPctApprox: decouplingPercent(session.speedMps, session.heartRate),
    artifacts: {
      pauses: session.pauses,
      dropoutSamples: withArtifacts.dropoutSamples,
      spikeSamples: withArtifacts.spikeSamples,
    },
  };
  if (plan.raceDistanceM !== undefined) truth.raceDistanceM = plan.raceDistanceM;
  return { streams, truth, summary: summarizeStreams(streams, session.movingTimeS) };
}

/** Each sample after the first stands for the interval before it; pauses are not moving time. */
function zoneSeconds(session: SimulatedSession, lthr: number, sampleIntervalS: number): ZoneSeconds {
  const seconds: ZoneSeconds = { z1: 0, z2: 0, z3: 0 };
  for (let index = 1; index < session.heartRate.length; index++) {
    const zone = seilerZoneFromLthr(session.heartRate[index]!, lthr);
    if (zone === 1) seconds.z1 += sampleIntervalS;
    else if (zone === 2) seconds.z2 += sampleIntervalS;
    else seconds.z3 += sampleIntervalS;
  }
  return seconds;
}

/** Friel's aerobic decoupling over the whole run, halves split by moving samples. */
export function decouplingPercent(speedMps: ArrayLike<number>, heartRate: ArrayLike<number>): number {
  const middle = Math.floor(speedMps.length / 2);
  const efficiency = (from: number, to: number) => {
    let speedSum = 0;
    let hrSum = 0;
    for (let index = from; index < to; index++) {
      const hr = heartRate[index]!;
      if (Number.isNaN(hr)) continue;
      speedSum += speedMps[index]!;
      hrSum += hr;
    }
    return speedSum / hrSum;
  };
  const first = efficiency(1, middle);
  const second = efficiency(middle, speedMps.length);
  return ((first - second) / first) * 100;
}
