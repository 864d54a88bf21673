import { minutes, percent } from './format.ts';
import type { RuleSet } from './rule-set.ts';
import type { ClassEvidence, IntensityClass, ZoneTimes } from './types.ts';

export interface ClassificationInput {
  zones: ZoneTimes;
  workZ2Z3S: number;
  recoveryZoneS: number;
  movingTimeS: number;
}

export interface Classification {
  class: IntensityClass;
  evidence: ClassEvidence;
}

/**
 * DOMAIN.md's default rules, first match wins. Shares are of the time with a usable signal, not of all
 * moving time: a dropout should lower the confidence, not make a run look easier.
 */
export function classifyIntensity(input: ClassificationInput, ruleSet: RuleSet): Classification {
  const rules = ruleSet.classification;
  const { z1, z2, z3 } = input.zones;
  const zoned = z1 + z2 + z3;
  if (zoned <= 0) {
    return {
      class: 'unknown',
      evidence: { rule: 'no_usable_signal', detail: 'no usable heart rate or pace' },
    };
  }
  if (z3 >= rules.hardZ3MinS) {
    return {
      class: 'hard',
      evidence: { rule: 'z3_time', detail: `${minutes(z3)} in Z3 (hard from ${minutes(rules.hardZ3MinS)})` },
    };
  }
  if (input.workZ2Z3S >= rules.hardWorkZ2Z3MinS) {
    return {
      class: 'hard',
      evidence: {
        rule: 'work_z2_z3_time',
        detail: `${minutes(input.workZ2Z3S)} in Z2–Z3 in the work part (hard from ${minutes(rules.hardWorkZ2Z3MinS)})`,
      },
    };
  }
  const z2Share = z2 / zoned;
  if (z2Share >= rules.moderateZ2Share) {
    return {
      class: 'moderate',
      evidence: {
        rule: 'z2_share',
        detail: `${percent(z2Share)} of the time in Z2, the grey zone (moderate from ${percent(rules.moderateZ2Share)})`,
      },
    };
  }
  const lowShare = input.recoveryZoneS / zoned;
  if (input.movingTimeS < rules.recoveryMaxS && lowShare >= rules.recoveryLowZ1Share) {
    return {
      class: 'recovery',
      evidence: {
        rule: 'recovery_low_z1',
        detail: `${minutes(input.movingTimeS)} with ${percent(lowShare)} in the lower half of Z1`,
      },
    };
  }
  return {
    class: 'easy',
    evidence: { rule: 'easy_default', detail: `${percent(z1 / zoned)} in Z1, ${minutes(z3)} in Z3` },
  };
}

/** DOMAIN.md: ≥ 90 min, or ≥ 1.5 × the median run time of the last 28 days and ≥ 60 min. */
export function isLongRun(movingTimeS: number, medianRunTimeS: number | null, ruleSet: RuleSet): boolean {
  const rules = ruleSet.classification;
  if (movingTimeS >= rules.longMinS) return true;
  return (
    medianRunTimeS !== null &&
    medianRunTimeS > 0 &&
    movingTimeS >= rules.longMedianFactor * medianRunTimeS &&
    movingTimeS >= rules.longMedianMinS
  );
}
