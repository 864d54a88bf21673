import type { ActivityStreams } from '../../../src/domain/activity.ts';

/** Independent re-computations for the tests, so the generator's own ground truth is checked, not trusted. */

/** A sample interval longer than this is a pause (DOMAIN.md: ~15 s), not time in a zone. */
const PAUSE_GAP_S = 15;

export interface ZoneMinutes {
  z1: number;
  z2: number;
  z3: number;
  moving: number;
}

/** Minutes in Seiler's zones from LTHR; each sample stands for the interval before it. */
export function zoneMinutes(streams: ActivityStreams, lthr: number): ZoneMinutes {
  const { timeS, heartRate } = streams;
  const minutes: ZoneMinutes = { z1: 0, z2: 0, z3: 0, moving: 0 };
  for (let index = 1; index < timeS.length; index++) {
    const dt = timeS[index]! - timeS[index - 1]!;
    if (dt > PAUSE_GAP_S) continue;
    minutes.moving += dt / 60;
    const hr = heartRate?.[index];
    if (hr === undefined || Number.isNaN(hr)) continue;
    if (hr >= lthr) minutes.z3 += dt / 60;
    else if (hr >= 0.9 * lthr) minutes.z2 += dt / 60;
    else minutes.z1 += dt / 60;
  }
  return minutes;
}

/** Contiguous stretches (minutes) with HR at or above a threshold. */
export function blocksAbove(streams: ActivityStreams, thresholdBpm: number): number[] {
  const { timeS, heartRate } = streams;
  const blocks: number[] = [];
  let current = 0;
  for (let index = 1; index < timeS.length; index++) {
    const hr = heartRate![index]!;
    if (hr >= thresholdBpm) current += (timeS[index]! - timeS[index - 1]!) / 60;
    else if (current > 0) {
      blocks.push(current);
      current = 0;
    }
  }
  if (current > 0) blocks.push(current);
  return blocks;
}

/** Pace:HR decoupling, first half vs second half of the samples, in percent. */
export function decouplingPercent(streams: ActivityStreams): number {
  const speed = streams.speedMps!;
  const hr = streams.heartRate!;
  const middle = Math.floor(speed.length / 2);
  const ratio = (from: number, to: number) => {
    let speedSum = 0;
    let hrSum = 0;
    for (let index = from; index < to; index++) {
      if (Number.isNaN(hr[index]!)) continue;
      speedSum += speed[index]!;
      hrSum += hr[index]!;
    }
    return speedSum / hrSum;
  };
  const first = ratio(0, middle);
  return ((first - ratio(middle, speed.length)) / first) * 100;
}

export function percentile(values: ArrayLike<number>, fraction: number): number {
  const sorted = Array.from(values)
    .filter((value) => !Number.isNaN(value))
    .sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

/** Banister TRIMP from the samples (DOMAIN.md), pauses and dropouts skipped. */
export function banisterTrimp(
  streams: ActivityStreams,
  athlete: { restingHr: number; maxHr: number; sex: 'male' | 'female' | 'unknown' },
): number {
  const [k, c] =
    athlete.sex === 'female' ? [0.86, 1.67] : athlete.sex === 'male' ? [0.64, 1.92] : [0.75, 1.795];
  const { timeS, heartRate } = streams;
  let trimp = 0;
  for (let index = 1; index < timeS.length; index++) {
    const dt = timeS[index]! - timeS[index - 1]!;
    const hr = heartRate?.[index];
    if (dt > PAUSE_GAP_S || hr === undefined || Number.isNaN(hr) || hr > athlete.maxHr) continue;
    const x = Math.max(0, (hr - athlete.restingHr) / (athlete.maxHr - athlete.restingHr));
    trimp += (dt / 60) * x * k * Math.exp(c * x);
  }
  return trimp;
}

/** Foster monotony: mean daily load over its standard deviation across the 7 days. */
export function fosterMonotony(dailyLoads: readonly number[]): number {
  const mean = dailyLoads.reduce((a, b) => a + b, 0) / dailyLoads.length;
  const variance = dailyLoads.reduce((sum, load) => sum + (load - mean) ** 2, 0) / dailyLoads.length;
  return mean / Math.sqrt(variance);
}
