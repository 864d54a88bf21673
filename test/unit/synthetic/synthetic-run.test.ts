import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AthletePhysiology,
  DEFAULT_PHYSIOLOGY,
  randomPhysiology,
} from '../../../src/synthetic/athlete-physiology.ts';
import { SeededRandom } from '../../../src/synthetic/seeded-random.ts';
import { generateSyntheticRun, type SyntheticRun } from '../../../src/synthetic/synthetic-run.ts';
import { planWorkout, WORKOUT_KINDS, type WorkoutKind } from '../../../src/synthetic/workout-plans.ts';
import { blocksAbove, decouplingPercent, percentile, zoneMinutes } from './stream-metrics.ts';

const physiology = DEFAULT_PHYSIOLOGY;

function run(kind: WorkoutKind, seed = 1, extra: Partial<Parameters<typeof generateSyntheticRun>[0]> = {}) {
  return generateSyntheticRun({ kind, seed, physiology, ...extra });
}

function expectRealistic(generated: SyntheticRun, athlete: AthletePhysiology) {
  const { timeS, heartRate, distanceM, speedMps, altitudeM, cadence } = generated.streams;
  const length = timeS.length;
  for (const stream of [heartRate, distanceM, speedMps, altitudeM, cadence])
    expect(stream).toHaveLength(length);
  // Counted in loops and asserted once: an expect() per sample would dominate the test time.
  let unordered = 0;
  let distanceBackwards = 0;
  for (let index = 1; index < length; index++) {
    if (timeS[index]! <= timeS[index - 1]!) unordered++;
    if (distanceM![index]! < distanceM![index - 1]!) distanceBackwards++;
  }
  expect({ unordered, distanceBackwards }).toEqual({ unordered: 0, distanceBackwards: 0 });
  expect(Math.min(...heartRate!)).toBeGreaterThanOrEqual(athlete.restingHr);
  expect(Math.max(...heartRate!)).toBeLessThanOrEqual(athlete.maxHr);
  expect(Math.min(...speedMps!)).toBeGreaterThan(0);
  expect(Math.max(...speedMps!)).toBeLessThan(7.5);
  const meanSpeed = generated.truth.distanceM / generated.truth.durationS;
  expect(meanSpeed).toBeGreaterThan(2);
  expect(meanSpeed).toBeLessThan(6);
  const medianCadence = percentile(cadence!, 0.5);
  expect(medianCadence).toBeGreaterThanOrEqual(158);
  expect(medianCadence).toBeLessThanOrEqual(187);
  expect(Math.max(...altitudeM!) - Math.min(...altitudeM!)).toBeLessThan(40);
  expect(generated.truth.distanceM).toBe(distanceM![length - 1]);
}

describe('generateSyntheticRun', () => {
  it('is deterministic: same seed, same streams and truth; another seed, another run', () => {
    const first = run('intervals', 42, { artifacts: { pauses: 1, dropouts: 1, spikes: 1 } });
    const again = run('intervals', 42, { artifacts: { pauses: 1, dropouts: 1, spikes: 1 } });
    expect(again).toEqual(first);
    expect(run('intervals', 43).streams.heartRate).not.toEqual(first.streams.heartRate);
  });

  it.each(WORKOUT_KINDS)('%s: streams in realistic ranges', (kind) => {
    expectRealistic(run(kind, 5), physiology);
  });

  it('easy: > 90% of moving time under 90% LTHR, at least 44 min, not long', () => {
    const easy = run('easy', 2);
    const zones = zoneMinutes(easy.streams, physiology.lthr);
    expect(zones.z1 / zones.moving).toBeGreaterThan(0.9);
    expect(zones.moving).toBeGreaterThanOrEqual(44);
    expect(easy.truth).toMatchObject({ kind: 'easy', intendedClass: 'easy', long: false });
  });

  it('recovery: under 40 min and below 80% LTHR nearly throughout', () => {
    const recovery = run('recovery', 3);
    expect(recovery.truth.durationS).toBeLessThan(36 * 60);
    expect(percentile(recovery.streams.heartRate!, 0.98)).toBeLessThan(0.8 * physiology.lthr);
    expect(recovery.truth.intendedClass).toBe('recovery');
  });

  it('tempo: one sustained block of ≥ 20 min at ≥ 90% LTHR', () => {
    const tempo = run('tempo', 4);
    const zones = zoneMinutes(tempo.streams, physiology.lthr);
    expect(zones.z2 + zones.z3).toBeGreaterThanOrEqual(23);
    expect(Math.max(...blocksAbove(tempo.streams, 0.9 * physiology.lthr))).toBeGreaterThanOrEqual(22);
    expect(tempo.truth.intendedClass).toBe('hard');
  });

  it('intervals: repeated Z3 blocks, ≥ 8 min in Z3 in all', () => {
    const intervals = run('intervals', 5);
    const blocks = blocksAbove(intervals.streams, physiology.lthr).filter((minutes) => minutes >= 1);
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    expect(zoneMinutes(intervals.streams, physiology.lthr).z3).toBeGreaterThanOrEqual(10);
  });

  it('grey: ≥ 25% of moving time in Z2 but < 18 min in Z2+Z3 (moderate, never hard)', () => {
    const grey = run('grey', 6);
    const zones = zoneMinutes(grey.streams, physiology.lthr);
    expect(zones.z2 / zones.moving).toBeGreaterThan(0.25);
    expect(zones.z2 + zones.z3).toBeLessThan(18);
    expect(zones.z3).toBeLessThan(1);
    expect(grey.truth.intendedClass).toBe('moderate');
  });

  it('race: mostly at or above LTHR, over a 5 or 10 km', () => {
    const race = run('race', 7);
    expect(zoneMinutes(race.streams, physiology.lthr).z3).toBeGreaterThanOrEqual(12);
    expect([5000, 10_000]).toContain(race.truth.raceDistanceM);
    expect(race.truth.intendedClass).toBe('hard');
  });

  it('long without drift: ≥ 100 min, long, decoupling under 3%', () => {
    const long = run('long', 8);
    expect(long.truth.durationS).toBeGreaterThanOrEqual(100 * 60);
    expect(long.truth.long).toBe(true);
    expect(Math.abs(decouplingPercent(long.streams))).toBeLessThan(3);
  });

  it.each(['heart_rate', 'pace'] as const)('long with %s drift: decoupling > 5%%, still easy', (drift) => {
    const long = run('long', 9, { drift });
    expect(decouplingPercent(long.streams)).toBeGreaterThan(6);
    expect(long.truth.decouplingPctApprox).toBeGreaterThan(6);
    expect(long.truth).toMatchObject({ drift, intendedClass: 'easy', long: true });
    expect(zoneMinutes(long.streams, physiology.lthr).z2).toBeLessThan(5);
  });

  it('drift: true means cardiac drift: HR rises 7–11% in the second half at the same pace', () => {
    const long = run('long', 10, { drift: true, noise: false });
    const { heartRate, speedMps } = long.streams;
    const half = Math.floor(heartRate!.length / 2);
    const mean = (values: Float64Array, from: number, to: number) =>
      values.subarray(from, to).reduce((a, b) => a + b, 0) / (to - from);
    const hrRise = mean(heartRate!, half, heartRate!.length) / mean(heartRate!, 600, half) - 1;
    expect(hrRise).toBeGreaterThan(0.07);
    expect(hrRise).toBeLessThan(0.11);
    const paceChange = mean(speedMps!, half, speedMps!.length) / mean(speedMps!, 600, half) - 1;
    expect(Math.abs(paceChange)).toBeLessThan(0.02);
  });

  it('pauses are gaps in timeS; moving time excludes them', () => {
    const easy = run('easy', 11, { artifacts: { pauses: 2 } });
    const { timeS } = easy.streams;
    const gaps = [...timeS.keys()].slice(1).filter((index) => timeS[index]! - timeS[index - 1]! > 15);
    expect(gaps).toHaveLength(2);
    expect(easy.truth.elapsedS - easy.truth.durationS).toBeGreaterThanOrEqual(50);
    expect(easy.summary.movingTimeS).toBe(easy.truth.durationS);
    expect(easy.truth.artifacts.pauses).toBe(2);
  });

  it('dropouts are NaN runs and spikes impossible values; the truth keeps the clean zones', () => {
    const clean = run('easy', 12);
    const dirty = run('easy', 12, { artifacts: { dropouts: 2, spikes: 2 } });
    const hr = dirty.streams.heartRate!;
    expect(hr.filter(Number.isNaN).length).toBe(dirty.truth.artifacts.dropoutSamples);
    expect(dirty.truth.artifacts.dropoutSamples).toBeGreaterThanOrEqual(10);
    expect(hr.filter((value) => value > physiology.maxHr + 20).length).toBe(
      dirty.truth.artifacts.spikeSamples,
    );
    expect(dirty.truth.artifacts.spikeSamples).toBeGreaterThan(0);
    expect(dirty.truth.intendedZoneSecondsApprox).toEqual(clean.truth.intendedZoneSecondsApprox);
    expect(dirty.streams.distanceM).toEqual(clean.streams.distanceM);
  });

  it('honours the sample interval; durations and zones agree across intervals', () => {
    const everySecond = run('tempo', 13);
    const everyFive = run('tempo', 13, { sampleIntervalS: 5 });
    expect(everyFive.streams.timeS[1]).toBe(5);
    expect(everyFive.streams.timeS.length).toBe((everySecond.streams.timeS.length - 1) / 5 + 1);
    expect(everyFive.truth.durationS).toBe(everySecond.truth.durationS);
    const z2Every5 = everyFive.truth.intendedZoneSecondsApprox!.z2;
    expect(Math.abs(z2Every5 - everySecond.truth.intendedZoneSecondsApprox!.z2)).toBeLessThan(60);
    expect(() => run('easy', 1, { sampleIntervalS: 0.5 })).toThrow(RangeError);
  });

  it('refuses ambiguous requests', () => {
    expect(() => run('easy', 1, { durationS: 30 * 60 })).toThrow(/easy/);
    expect(() => run('recovery', 1, { durationS: 45 * 60 })).toThrow(/recovery/);
    expect(() => run('tempo', 1, { drift: true })).toThrow(/long runs only/);
    expect(() => run('tempo', 1, { durationS: 3600 })).toThrow(/fixed structure/);
    expect(() => planWorkout('race', physiology, new SeededRandom(1), { raceDistanceM: 21_097 })).toThrow(
      /5000/,
    );
  });
});

/**
 * DOMAIN.md's default rules, applied with margins: a run of each kind must land in its intended class
 * with room to spare, for any runner and seed, so an analysis that is right cannot disagree with it.
 */
describe('ground truth stays clear of the class boundaries', () => {
  const kinds = fc.constantFrom(...WORKOUT_KINDS);
  it('for random runners, seeds and sample intervals', () => {
    fc.assert(
      fc.property(
        kinds,
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.constantFrom(1, 2, 5),
        (kind, seed, athleteSeed, sampleIntervalS) => {
          const athlete = randomPhysiology(new SeededRandom(athleteSeed));
          const generated = generateSyntheticRun({ kind, seed, physiology: athlete, sampleIntervalS });
          expectRealistic(generated, athlete);
          const zones = zoneMinutes(generated.streams, athlete.lthr);
          const z2Share = zones.z2 / zones.moving;
          switch (generated.truth.intendedClass) {
            case 'hard':
              expect(zones.z3 >= 9.5 || zones.z2 + zones.z3 >= 23).toBe(true);
              break;
            case 'moderate':
              expect(zones.z3).toBeLessThan(2);
              expect(zones.z2 + zones.z3).toBeLessThan(17.5);
              expect(z2Share).toBeGreaterThan(0.24);
              break;
            case 'easy':
              expect(zones.z3).toBe(0);
              expect(z2Share).toBeLessThan(0.05);
              expect(zones.moving).toBeGreaterThan(43.99);
              break;
            case 'recovery':
              expect(zones.moving).toBeLessThan(35.01);
              expect(percentile(generated.streams.heartRate!, 0.98)).toBeLessThan(0.82 * athlete.lthr);
              break;
          }
          expect(generated.truth.long).toBe(kind === 'long');
          if (kind === 'long') expect(zones.moving).toBeGreaterThan(99.9);
          else expect(zones.moving).toBeLessThan(56.01);
        },
      ),
      { numRuns: 60 },
    );
  });
});
