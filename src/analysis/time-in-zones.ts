import type { ActivityStreams } from '../domain/activity.ts';
import { EffortBlocks } from './effort-blocks.ts';
import { SAMPLE_VALID, type SampleScan } from './hr-quality.ts';
import type { RuleSet } from './rule-set.ts';
import { TRIMP_TABLE_SIZE, type TrimpParameters, trimpPerMinute, trimpTable } from './trimp.ts';
import type { FiveZoneTimes, ZoneModel, ZoneTimes } from './types.ts';

/** Where, in moving time from the start, the parts of the run begin and end. */
export interface RunParts {
  workFromS: number;
  workToS: number;
  /** Decoupling halves and fade: first half from `halfFromS` to `halfAtS`, second half after. */
  halfFromS: number;
  halfAtS: number;
  lateFromS: number;
}

export interface IntensityPassInput {
  streams: ActivityStreams;
  scan: SampleScan;
  /** Which signal the zones apply to. */
  signal: 'heart_rate' | 'pace';
  model: ZoneModel | null;
  trimp: TrimpParameters | null;
  parts: RunParts;
}

export interface HalfTotals {
  /** Time with both heart rate and speed valid. */
  pairedS: number;
  speedTimesS: number;
  heartRateTimesS: number;
  durationS: number;
}

export interface IntensityTotals {
  zones: ZoneTimes;
  unzonedS: number;
  fiveZones: FiveZoneTimes | null;
  recoveryZoneS: number;
  workZ2Z3S: number;
  trimp: number | null;
  z3Blocks: number;
  longestZ3BlockS: number;
  /** Most time truly in Z3 within one Z3 block. */
  longestZ3CoreS: number;
  longestSustainedBlockS: number;
  distanceByTimeS: number;
  speedValidS: number;
  firstHalf: HalfTotals;
  secondHalf: HalfTotals;
  early: { speedTimesS: number; validS: number };
  late: { speedTimesS: number; validS: number; durationS: number };
  work: HalfTotals;
  /**
   * Altitude (m) and distance (m) where the compared parts begin and end: half start, midpoint, late
   * start, end. Null without an altitude stream.
   */
  terrain: {
    altitudeM: [number, number, number, number];
    distanceM: [number, number, number, number];
  } | null;
}

/**
 * The second (and last) pass over the samples: time in zones, Friel zones, TRIMP, the work part, the
 * effort blocks and the halves for decoupling, all in one loop over the typed arrays,
 * with accumulators in locals. Each interval between samples i−1 and i carries sample i−1's values
 * (zero-order hold, as devices record), is skipped when it is a pause, and is positioned by the moving
 * time at its start.
 */
export function measureIntensity(input: IntensityPassInput, ruleSet: RuleSet): IntensityTotals {
  const { streams, scan, model, parts } = input;
  const time = streams.timeS;
  const heartRate = streams.heartRate;
  const distance = streams.distanceM;
  const speed = streams.speedMps;
  const flags = scan.flags;
  const n = scan.sampleCount;
  const pauseGap = ruleSet.samples.pauseGapS;
  const maxSpeed = ruleSet.zones.pace.plausibleMaxSpeedMps;
  const usePace = input.signal === 'pace';
  const hasHeartRate = heartRate !== undefined;

  const z2From = model ? model.z2From : Number.POSITIVE_INFINITY;
  const z3From = model ? model.z3From : Number.POSITIVE_INFINITY;
  const z3Inclusive = model ? model.z3Inclusive : true;
  const recoveryBelow = model ? model.recoveryBelow : Number.NEGATIVE_INFINITY;
  const five = model?.fiveZoneFrom ?? null;
  const f2 = five ? five[0] : 0;
  const f3 = five ? five[1] : 0;
  const f4 = five ? five[2] : 0;
  const f5 = five ? five[3] : 0;
  const intervalExit = z3From * (1 - ruleSet.purpose.intervalExitDrop);

  // Imported bindings are live module cells; copies in locals keep the loop free of those loads.
  const valid = SAMPLE_VALID;
  const tableSize = TRIMP_TABLE_SIZE;
  const trimpParameters = input.trimp;
  const table = trimpParameters ? trimpTable(trimpParameters) : null;

  const purpose = ruleSet.purpose;
  const z3Blocks = new EffortBlocks(purpose.intervalMinBlockS, purpose.intervalRecoveryMinS);
  const sustained = new EffortBlocks(purpose.tempoMinBlockS, purpose.tempoDipMaxS);

  const zoneTime = new Float64Array(4);
  const fiveZoneTime = new Float64Array(5);
  let unzoned = 0;
  let recoveryZone = 0;
  let workZ2Z3 = 0;
  let trimp = 0;
  let moving = 0;
  let distanceByTime = 0;
  let speedValidTotal = 0;
  // Every accumulator is a local (not an object field) so the optimiser can keep them in registers.
  const { workFromS, workToS, halfFromS, halfAtS, lateFromS } = parts;
  const altitude = streams.altitudeM;
  const marks = [halfFromS, halfAtS, lateFromS];
  let nextMark = 0;
  let nextMarkAt = altitude ? halfFromS : Number.POSITIVE_INFINITY;
  const markAltitude = [Number.NaN, Number.NaN, Number.NaN, Number.NaN] as [number, number, number, number];
  const markDistance = [0, 0, 0, 0] as [number, number, number, number];
  let firstPaired = 0;
  let firstSpeed = 0;
  let firstHeartRate = 0;
  let firstDuration = 0;
  let secondPaired = 0;
  let secondSpeed = 0;
  let secondHeartRate = 0;
  let secondDuration = 0;
  let workPaired = 0;
  let workSpeed = 0;
  let workHeartRate = 0;
  let workDuration = 0;
  let earlySpeedTimes = 0;
  let earlyValid = 0;
  let lateSpeedTimes = 0;
  let lateValid = 0;
  let lateDuration = 0;

  for (let i = 1; i < n; i++) {
    const dt = time[i]! - time[i - 1]!;
    if (!(dt > 0)) continue;
    if (dt > pauseGap) {
      z3Blocks.pause(dt);
      sustained.pause(dt);
      continue;
    }
    const position = moving;
    moving += dt;
    if (position >= nextMarkAt) {
      while (nextMark < 3 && position >= marks[nextMark]!) {
        markAltitude[nextMark] = lastAltitudeBefore(altitude, i);
        markDistance[nextMark] = distanceByTime;
        nextMark++;
      }
      nextMarkAt = nextMark < 3 && altitude ? marks[nextMark]! : Number.POSITIVE_INFINITY;
    }

    const hrValid = hasHeartRate && flags[i - 1] === valid;
    const hr = hrValid ? heartRate[i - 1]! : 0;
    let v = -1;
    if (distance) v = (distance[i]! - distance[i - 1]!) / dt;
    else if (speed) v = speed[i - 1]!;
    // NaN fails both comparisons: a dropout is not a speed.
    const speedValid = v >= 0 && v <= maxSpeed;
    const valueValid = usePace ? speedValid : hrValid;
    const value = usePace ? v : hr;

    if (valueValid && model) {
      // Branch-free: heart rate hovering at a boundary would make a branch mispredict every other sample.
      const inZ3 = z3Inclusive ? value >= z3From : value > z3From;
      const zone = 1 + +(value >= z2From) + +inZ3;
      zoneTime[zone]! += dt;
      if (zone > 1 && position >= workFromS && position < workToS) workZ2Z3 += dt;
      recoveryZone += value < recoveryBelow ? dt : 0;
      if (five) fiveZoneTime[+(value >= f2) + +(value >= f3) + +(value >= f4) + +(value >= f5)]! += dt;
      z3Blocks.add(dt, zone === 3, value < intervalExit);
      sustained.add(dt, zone > 1, zone === 1);
    } else {
      unzoned += dt;
    }

    if (hrValid && table && trimpParameters) {
      const whole = hr | 0;
      const perMinute =
        whole === hr && whole < tableSize ? table[whole]! : trimpPerMinute(hr, trimpParameters);
      trimp += (dt / 60) * perMinute;
    }

    if (speedValid) {
      distanceByTime += v * dt;
      speedValidTotal += dt;
      if (position >= halfFromS && position < halfAtS) {
        earlySpeedTimes += v * dt;
        earlyValid += dt;
      }
      if (position >= lateFromS) {
        lateSpeedTimes += v * dt;
        lateValid += dt;
      }
    }
    if (position >= lateFromS) lateDuration += dt;
    const paired = speedValid && hrValid;
    if (position >= halfFromS) {
      if (position < halfAtS) {
        firstDuration += dt;
        if (paired) {
          firstPaired += dt;
          firstSpeed += v * dt;
          firstHeartRate += hr * dt;
        }
      } else {
        secondDuration += dt;
        if (paired) {
          secondPaired += dt;
          secondSpeed += v * dt;
          secondHeartRate += hr * dt;
        }
      }
    }
    if (position >= workFromS && position < workToS) {
      workDuration += dt;
      if (paired) {
        workPaired += dt;
        workSpeed += v * dt;
        workHeartRate += hr * dt;
      }
    }
  }
  z3Blocks.finish();
  sustained.finish();
  if (altitude && n > 0) {
    markAltitude[3] = lastAltitudeBefore(altitude, n);
    markDistance[3] = distanceByTime;
  }
  const terrainKnown =
    altitude !== undefined && nextMark === 3 && markAltitude.every((value) => !Number.isNaN(value));

  return {
    zones: { z1: zoneTime[1]!, z2: zoneTime[2]!, z3: zoneTime[3]! },
    unzonedS: unzoned,
    fiveZones: five
      ? {
          z1: fiveZoneTime[0]!,
          z2: fiveZoneTime[1]!,
          z3: fiveZoneTime[2]!,
          z4: fiveZoneTime[3]!,
          z5: fiveZoneTime[4]!,
        }
      : null,
    recoveryZoneS: recoveryZone,
    workZ2Z3S: workZ2Z3,
    trimp: trimpParameters && hasHeartRate ? trimp : null,
    z3Blocks: z3Blocks.count,
    longestZ3BlockS: z3Blocks.longestS,
    longestZ3CoreS: z3Blocks.longestCoreS,
    longestSustainedBlockS: sustained.longestS,
    distanceByTimeS: distanceByTime,
    speedValidS: speedValidTotal,
    firstHalf: {
      pairedS: firstPaired,
      speedTimesS: firstSpeed,
      heartRateTimesS: firstHeartRate,
      durationS: firstDuration,
    },
    secondHalf: {
      pairedS: secondPaired,
      speedTimesS: secondSpeed,
      heartRateTimesS: secondHeartRate,
      durationS: secondDuration,
    },
    early: { speedTimesS: earlySpeedTimes, validS: earlyValid },
    late: { speedTimesS: lateSpeedTimes, validS: lateValid, durationS: lateDuration },
    work: {
      pairedS: workPaired,
      speedTimesS: workSpeed,
      heartRateTimesS: workHeartRate,
      durationS: workDuration,
    },
    terrain: terrainKnown ? { altitudeM: markAltitude, distanceM: markDistance } : null,
  };
}

/** The last recorded altitude before sample `end` (barometers drop out too). */
function lastAltitudeBefore(altitude: Float64Array | undefined, end: number): number {
  if (!altitude) return Number.NaN;
  for (let index = end - 1; index >= 0; index--) {
    const height = altitude[index]!;
    if (!Number.isNaN(height)) return height;
  }
  return Number.NaN;
}
