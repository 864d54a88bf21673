import type { ActivityStreams } from '../domain/activity.ts';
import { type ActivitySummary, summarizeStreams } from './activity-summary.ts';
import type { AthletePhysiology } from './athlete-physiology.ts';
import { randomFor } from './seeded-random.ts';
import { type MotionModel, simulateSession } from './session-simulator.ts';
import { rollingRideTerrain, type Terrain } from './terrain.ts';
import type { WorkoutSegment } from './workout-plans.ts';

export type CrossTrainingKind = 'strength' | 'ride';

export interface CrossTrainingSession {
  /** Null for a strength session logged by hand (no watch). */
  streams: ActivityStreams | null;
  summary: ActivitySummary;
  durationS: number;
}

export interface CrossTrainingOptions {
  seed: number;
  physiology: AthletePhysiology;
  durationS: number;
  sampleIntervalS: number;
}

const FLAT: Terrain = { altitudeAt: () => 0, gradeAt: () => 0 };

/** Gym work: sets of 40–60 s that lift HR to 70–80% LTHR, with 1–2 min rests between them. */
export function generateStrengthSession(
  options: CrossTrainingOptions & { recorded: boolean },
): CrossTrainingSession {
  const { durationS, sampleIntervalS } = options;
  if (!options.recorded) {
    const summary: ActivitySummary = {
      elapsedTimeS: durationS,
      movingTimeS: durationS,
      distanceM: null,
      avgHeartRate: null,
      maxHeartRate: null,
    };
    return { streams: null, summary, durationS };
  }
  const random = randomFor(options.seed, 'strength');
  const segments: WorkoutSegment[] = [
    { phase: 'warmup', durationS: 300, effortFrom: 0.55, effortTo: 0.62, pausable: false },
  ];
  let plannedS = 300;
  while (plannedS < durationS - 240) {
    const setS = Math.min(10 * random.integer(4, 6), durationS - 240 - plannedS);
    const restS = 10 * random.integer(6, 12);
    const effort = random.between(0.7, 0.8);
    segments.push({ phase: 'work', durationS: setS, effortFrom: effort, effortTo: effort, pausable: false });
    segments.push({ phase: 'recovery', durationS: restS, effortFrom: 0.55, effortTo: 0.55, pausable: false });
    plannedS += setS + restS;
  }
  segments.push({ phase: 'cooldown', durationS: 240, effortFrom: 0.55, effortTo: 0.52, pausable: false });
  const session = simulateSession({
    segments,
    physiology: options.physiology,
    sampleIntervalS,
    random,
    motion: STATIONARY,
    terrain: FLAT,
    drift: 'none',
    driftAmount: 0,
    noise: true,
    pauseCount: 0,
    heartRateLag: { riseS: 25, fallS: 40 },
  });
  const streams: ActivityStreams = { timeS: session.timeS, heartRate: session.heartRate };
  return { streams, summary: summarizeStreams(streams, session.movingTimeS), durationS: session.movingTimeS };
}

/** An easy road ride at ~70% of running LTHR (cycling HR runs lower than running HR). */
export function generateRide(options: CrossTrainingOptions): CrossTrainingSession {
  const random = randomFor(options.seed, 'ride');
  const effort = random.between(0.68, 0.72);
  const segments: WorkoutSegment[] = [
    { phase: 'warmup', durationS: 600, effortFrom: 0.58, effortTo: effort, pausable: true },
    {
      phase: 'work',
      durationS: options.durationS - 900,
      effortFrom: effort,
      effortTo: effort,
      pausable: true,
    },
    { phase: 'cooldown', durationS: 300, effortFrom: effort, effortTo: 0.6, pausable: true },
  ];
  const { physiology } = options;
  const cadenceBaseRpm = random.between(80, 92);
  const motion: MotionModel = {
    speedForEffort: (rideEffort) =>
      4 +
      6 * ((rideEffort * physiology.lthr - physiology.restingHr) / (physiology.lthr - physiology.restingHr)),
    gradeSlowdown: 6,
    gradeEffort: 1,
    cadenceForSpeed: (speed) => cadenceBaseRpm + 0.5 * (speed - 7),
    cadenceNoiseSd: 3,
    cadenceLimits: [55, 115],
  };
  const session = simulateSession({
    segments,
    physiology,
    sampleIntervalS: options.sampleIntervalS,
    random,
    motion,
    terrain: rollingRideTerrain(random, random.between(20, 400)),
    drift: 'none',
    driftAmount: 0,
    noise: true,
    pauseCount: random.integer(0, 2),
    heartRateLag: { riseS: 35, fallS: 50 },
  });
  const streams: ActivityStreams = {
    timeS: session.timeS,
    heartRate: session.heartRate,
    distanceM: session.distanceM,
    speedMps: session.speedMps,
    altitudeM: session.altitudeM,
    cadence: session.cadence,
  };
  return { streams, summary: summarizeStreams(streams, session.movingTimeS), durationS: session.movingTimeS };
}

/** Strength work does not move: the simulator's speed and cadence are discarded. */
const STATIONARY: MotionModel = {
  speedForEffort: () => 0,
  gradeSlowdown: 0,
  gradeEffort: 0,
  cadenceForSpeed: () => 0,
  cadenceNoiseSd: 0,
  cadenceLimits: [0, 0],
};
