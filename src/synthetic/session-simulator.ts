import type { AthletePhysiology } from './athlete-physiology.ts';
import type { SeededRandom } from './seeded-random.ts';
import type { Terrain } from './terrain.ts';
import type { DriftKind, WorkoutSegment } from './workout-plans.ts';

/** How effort becomes movement for one sport. */
export interface MotionModel {
  /** Flat-ground speed for an effort (a fraction of LTHR), m/s. */
  speedForEffort(effort: number): number;
  /** Uphill slows: speed × (1 − gradeSlowdown × grade). */
  gradeSlowdown: number;
  /** Uphill also costs heart rate: target HR × (1 + gradeEffort × grade). */
  gradeEffort: number;
  /** Steps per minute (running) or revolutions per minute (cycling) at a speed, before noise. */
  cadenceForSpeed(speedMps: number): number;
  cadenceNoiseSd: number;
  cadenceLimits: readonly [number, number];
}

export interface SimulationInput {
  segments: readonly WorkoutSegment[];
  physiology: AthletePhysiology;
  sampleIntervalS: number;
  random: SeededRandom;
  motion: MotionModel;
  terrain: Terrain;
  drift: DriftKind;
  /** Size of the drift: 0.1 = HR 10% higher, or pace 10% slower, once it has set in. */
  driftAmount: number;
  /** Sensor noise and pace wobble; off gives smooth curves (for checking the model itself). */
  noise: boolean;
  pauseCount: number;
  /** First-order HR response time constants, s (HR rises a little faster than it falls). */
  heartRateLag: { riseS: number; fallS: number };
}

/** Streams as the device records them (whole bpm, cm, mm/s, 0.2 m), HR before any artefact. */
export interface SimulatedSession {
  timeS: Float64Array;
  heartRate: Float64Array;
  distanceM: Float64Array;
  speedMps: Float64Array;
  altitudeM: Float64Array;
  cadence: Float64Array;
  movingTimeS: number;
  pausedS: number;
  pauses: number;
}

/** Everyone's HR creeps up ~1% an hour even on a good day; it keeps the no-drift long run honest. */
const BASELINE_DRIFT_PER_HOUR = 0.01;

/**
 * Steps through the moving time one sample at a time: effort sets pace at once and a target HR that the
 * measured HR approaches with a first-order lag; noise is AR(1) so it wanders like a real sensor.
 */
export function simulateSession(input: SimulationInput): SimulatedSession {
  const { segments, physiology, random, motion, terrain, noise } = input;
  const dt = input.sampleIntervalS;
  const totalMovingS = segments.reduce((sum, segment) => sum + segment.durationS, 0);
  const sampleCount = Math.round(totalMovingS / dt) + 1;
  const pauses = placePauses(segments, dt, random, input.pauseCount);

  const timeS = new Float64Array(sampleCount);
  const heartRate = new Float64Array(sampleCount);
  const distanceM = new Float64Array(sampleCount);
  const speedMps = new Float64Array(sampleCount);
  const altitudeM = new Float64Array(sampleCount);
  const cadence = new Float64Array(sampleCount);

  const riseFactor = 1 - Math.exp(-dt / input.heartRateLag.riseS);
  const fallFactor = 1 - Math.exp(-dt / input.heartRateLag.fallS);
  const accelerationFactor = 1 - Math.exp(-dt / 4);
  const hrNoise = new Ar1Noise(random, 1.0, dt, 15);
  const speedNoise = new Ar1Noise(random, 0.015, dt, 8);
  const cadenceNoise = new Ar1Noise(random, motion.cadenceNoiseSd, dt, 10);
  const standingHr = physiology.restingHr + 30;
  const [minCadence, maxCadence] = motion.cadenceLimits;

  let segmentIndex = 0;
  let segmentStartS = 0;
  let hr = physiology.restingHr + 25 + 10 * random.next();
  let speed = 0;
  let distance = 0;
  let pausedS = 0;
  let nextPause = 0;
  // Grade from the last step's rise over run: one sine per sample instead of a sine and a cosine.
  let grade = terrain.gradeAt(0);
  let previousAltitude = terrain.altitudeAt(0);

  for (let index = 0; index < sampleCount; index++) {
    const movingS = Math.min(index * dt, totalMovingS);
    if (nextPause < pauses.length && pauses[nextPause]!.sample === index) {
      const pause = pauses[nextPause++]!.seconds;
      // Standing at a traffic light: HR falls toward a standing value, the runner restarts from a walk.
      pausedS += pause;
      hr = standingHr + (hr - standingHr) * Math.exp(-pause / input.heartRateLag.fallS);
      speed *= 0.3;
    }
    let segment = segments[segmentIndex]!;
    while (segmentIndex < segments.length - 1 && movingS >= segmentStartS + segment.durationS) {
      segmentStartS += segment.durationS;
      segmentIndex++;
      segment = segments[segmentIndex]!;
    }
    const segmentFraction = Math.min(1, (movingS - segmentStartS) / segment.durationS);
    const effort = segment.effortFrom + (segment.effortTo - segment.effortFrom) * segmentFraction;
    const runFraction = movingS / totalMovingS;

    const driftOnset = input.drift === 'none' ? 0 : input.driftAmount * driftProfile(runFraction);
    const hrMultiplier =
      1 + BASELINE_DRIFT_PER_HOUR * (movingS / 3600) + (input.drift === 'heart_rate' ? driftOnset : 0);
    const hrTarget = Math.min(
      physiology.lthr * effort * (1 + motion.gradeEffort * grade) * hrMultiplier,
      physiology.maxHr - 1,
    );
    if (index > 0) hr += (hrTarget - hr) * (hrTarget > hr ? riseFactor : fallFactor);

    const paceMultiplier = input.drift === 'pace' ? 1 - driftOnset : 1;
    const speedTarget = motion.speedForEffort(effort) * (1 - motion.gradeSlowdown * grade) * paceMultiplier;
    speed = index === 0 ? 0.6 * speedTarget : speed + (speedTarget - speed) * accelerationFactor;
    const recordedSpeed = Math.max(0.3, speed * (1 + (noise ? speedNoise.next() : 0)));
    if (index > 0) distance += recordedSpeed * dt;
    const altitude = terrain.altitudeAt(distance);
    if (index > 0) grade = (altitude - previousAltitude) / (recordedSpeed * dt);
    previousAltitude = altitude;

    timeS[index] = index * dt + pausedS;
    heartRate[index] = clamp(
      Math.round(hr + (noise ? hrNoise.next() : 0)),
      physiology.restingHr,
      physiology.maxHr,
    );
    speedMps[index] = Math.round(recordedSpeed * 1000) / 1000;
    distanceM[index] = Math.round(distance * 100) / 100;
    altitudeM[index] = Math.round(altitude * 5) / 5;
    cadence[index] = clamp(
      Math.round(motion.cadenceForSpeed(recordedSpeed) + (noise ? cadenceNoise.next() : 0)),
      minCadence,
      maxCadence,
    );
  }
  return {
    timeS,
    heartRate,
    distanceM,
    speedMps,
    altitudeM,
    cadence,
    movingTimeS: (sampleCount - 1) * dt,
    pausedS,
    pauses: pauses.length,
  };
}

/**
 * Drift sets in between 35% and 65% of the run and then holds: the second half's mean ends up ~0.85 ×
 * the full amount above the first half's, so 10% drift gives ~8% decoupling.
 */
function driftProfile(runFraction: number): number {
  return clamp((runFraction - 0.35) / 0.3, 0, 1);
}

/** Pauses by sample index, in order. They fall inside pausable segments, 30 s clear of their edges. */
function placePauses(
  segments: readonly WorkoutSegment[],
  dt: number,
  random: SeededRandom,
  count: number,
): { sample: number; seconds: number }[] {
  const windows: { fromS: number; toS: number }[] = [];
  let startS = 0;
  for (const segment of segments) {
    const fromS = Math.max(startS + 30, 60);
    const toS = startS + segment.durationS - 30;
    if (segment.pausable && toS > fromS) windows.push({ fromS, toS });
    startS += segment.durationS;
  }
  const pauses = new Map<number, number>();
  const totalWindowS = windows.reduce((sum, window) => sum + window.toS - window.fromS, 0);
  for (let attempt = 0; attempt < count * 4 && pauses.size < count && totalWindowS > 0; attempt++) {
    let offsetS = random.next() * totalWindowS;
    for (const window of windows) {
      const length = window.toS - window.fromS;
      if (offsetS < length) {
        const sample = Math.ceil((window.fromS + offsetS) / dt);
        if (!pauses.has(sample)) pauses.set(sample, Math.round(random.between(25, 90)));
        break;
      }
      offsetS -= length;
    }
  }
  return [...pauses].map(([sample, seconds]) => ({ sample, seconds })).sort((a, b) => a.sample - b.sample);
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}

/** Noise with memory: x ← ρx + σ√(1−ρ²)·N(0,1), ρ = e^(−dt/τ), stationary SD σ whatever the sampling. */
class Ar1Noise {
  private value = 0;
  private readonly rho: number;
  private readonly innovation: number;

  constructor(
    private readonly random: SeededRandom,
    sd: number,
    dt: number,
    timeConstantS: number,
  ) {
    this.rho = Math.exp(-dt / timeConstantS);
    this.innovation = sd * Math.sqrt(1 - this.rho * this.rho);
    this.value = sd * random.normal();
  }

  next(): number {
    this.value = this.rho * this.value + this.innovation * this.random.normal();
    return this.value;
  }
}
