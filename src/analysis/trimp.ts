import type { RuleSet } from './rule-set.ts';
import type { Sex } from './types.ts';

/**
 * Banister's TRIMP: Σ dt(min) · x · k·e^(c·x), x = (HR − HRrest)/(HRmax − HRrest) (Banister 1991;
 * k and c from Morton, Fitz-Clarke & Banister 1990). HR below rest contributes nothing; HR above max is
 * not clamped: a max HR that is too low should show as more load, not hide it.
 */
export interface TrimpParameters {
  restingHr: number;
  maxHr: number;
  k: number;
  c: number;
}

export function trimpCoefficients(sex: Sex | null, ruleSet: RuleSet): { k: number; c: number } {
  const { male, female } = ruleSet.trimp;
  if (sex === 'male') return male;
  if (sex === 'female') return female;
  return { k: (male.k + female.k) / 2, c: (male.c + female.c) / 2 };
}

/** TRIMP per minute at a heart rate. */
export function trimpPerMinute(heartRate: number, parameters: TrimpParameters): number {
  const reserve = parameters.maxHr - parameters.restingHr;
  if (!(reserve > 0)) return 0;
  const x = (heartRate - parameters.restingHr) / reserve;
  if (!(x > 0)) return 0;
  return x * parameters.k * Math.exp(parameters.c * x);
}

/** Banister's original form, from the session's average heart rate: only when no samples exist. */
export function trimpFromAverage(averageHr: number, minutes: number, parameters: TrimpParameters): number {
  return minutes * trimpPerMinute(averageHr, parameters);
}

const TABLE_SIZE = 256;
let cachedKey = '';
let cachedTable = new Float64Array(TABLE_SIZE);

/**
 * TRIMP per minute for every whole bpm, so the per-sample loop avoids Math.exp on recorded (integer)
 * heart rates. One table is kept: an athlete's runs arrive together and share their thresholds.
 */
export function trimpTable(parameters: TrimpParameters): Float64Array {
  const key = `${parameters.restingHr}|${parameters.maxHr}|${parameters.k}|${parameters.c}`;
  if (key !== cachedKey) {
    const table = new Float64Array(TABLE_SIZE);
    for (let heartRate = 0; heartRate < TABLE_SIZE; heartRate++) {
      table[heartRate] = trimpPerMinute(heartRate, parameters);
    }
    cachedTable = table;
    cachedKey = key;
  }
  return cachedTable;
}

export const TRIMP_TABLE_SIZE = TABLE_SIZE;
