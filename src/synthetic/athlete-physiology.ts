import type { SeededRandom } from './seeded-random.ts';

export type AthleteSex = 'male' | 'female' | 'unknown';

/** What a synthetic runner's body is: the thresholds the analysis will be given as the athlete's facts. */
export interface AthletePhysiology {
  maxHr: number;
  restingHr: number;
  /** Lactate-threshold heart rate. */
  lthr: number;
  /** Pace the runner holds at LTHR on the flat, seconds per km. */
  thresholdPaceSPerKm: number;
  sex: AthleteSex;
}

/** A typical club runner: threshold 4:30/km, LTHR 168 (90% of max). */
export const DEFAULT_PHYSIOLOGY: AthletePhysiology = Object.freeze({
  maxHr: 187,
  restingHr: 50,
  lthr: 168,
  thresholdPaceSPerKm: 270,
  sex: 'male',
});

/**
 * A plausible runner drawn from the seed. LTHR is kept at 88–92% of max HR so that the interval target
 * (107% LTHR) stays below max HR for everyone.
 */
export function randomPhysiology(random: SeededRandom): AthletePhysiology {
  const sex: AthleteSex = random.chance(0.45) ? 'female' : 'male';
  const maxHr = Math.round(random.between(176, 200));
  const lthr = Math.round(maxHr * random.between(0.88, 0.92));
  return {
    maxHr,
    restingHr: Math.round(random.between(42, 62)),
    lthr,
    thresholdPaceSPerKm: Math.round(sex === 'female' ? random.between(235, 340) : random.between(210, 320)),
    sex,
  };
}

export function assertPlausiblePhysiology(physiology: AthletePhysiology): void {
  const { maxHr, restingHr, lthr, thresholdPaceSPerKm } = physiology;
  if (!(restingHr > 25 && restingHr < lthr && lthr < maxHr && maxHr <= 230)) {
    throw new RangeError(`implausible heart rates: resting ${restingHr}, LTHR ${lthr}, max ${maxHr}`);
  }
  if (maxHr - lthr < 8) throw new RangeError('max HR must be at least 8 bpm above LTHR');
  if (!(thresholdPaceSPerKm >= 150 && thresholdPaceSPerKm <= 480)) {
    throw new RangeError(`implausible threshold pace ${thresholdPaceSPerKm} s/km`);
  }
}

/** Seiler's three zones from LTHR (DOMAIN.md): Z1 < 90%, Z2 90–99%, Z3 ≥ 100%. */
export function seilerZoneFromLthr(heartRate: number, lthr: number): 1 | 2 | 3 {
  if (heartRate >= lthr) return 3;
  if (heartRate >= 0.9 * lthr) return 2;
  return 1;
}
