import { lowestConfidence } from './confidence.ts';
import type { RuleSet } from './rule-set.ts';
import type { HistoryContext, ThresholdsInForce, ZoneModel } from './types.ts';

/** Boundaries are rounded to a micro-beat so that 82% of 200 is 164, not 164.00000000000003. */
function bpm(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function frielBounds(lthr: number, ruleSet: RuleSet): [number, number, number, number] {
  const [z2, z3, z4, z5] = ruleSet.zones.friel;
  return [bpm(lthr * z2), bpm(lthr * z3), bpm(lthr * z4), bpm(lthr * z5)];
}

/**
 * Seiler's three zones from the best basis known (DOMAIN.md table): LTHR first; then heart-rate reserve
 * (Karvonen) when a real resting HR is known; then max HR alone. A population-default resting HR is not
 * good enough for Karvonen: it would move every boundary by a guess.
 *
 * Friel's five zones need LTHR. Without it they hang off the Z3 boundary, since in the LTHR column
 * Z3 starts at exactly 100% LTHR; they are then marked `fiveZoneDerived` (display only).
 */
export function heartRateZoneModel(thresholds: ThresholdsInForce, ruleSet: RuleSet): ZoneModel {
  const zones = ruleSet.zones;
  const { maxHr, restingHr, lthr } = thresholds;
  if (lthr) {
    const fiveZoneFrom = frielBounds(lthr.value, ruleSet);
    return {
      basis: 'lthr',
      unit: 'bpm',
      z2From: bpm(lthr.value * zones.lthr.z2From),
      z3From: bpm(lthr.value * zones.lthr.z3From),
      z3Inclusive: true,
      recoveryBelow: fiveZoneFrom[0],
      fiveZoneFrom,
      fiveZoneDerived: false,
      confidence: lthr.confidence,
    };
  }
  let z2From: number;
  let z3From: number;
  let basis: ZoneModel['basis'];
  let confidence = maxHr.confidence;
  if (restingHr.source !== 'default') {
    const reserve = maxHr.value - restingHr.value;
    basis = 'heart_rate_reserve';
    z2From = bpm(restingHr.value + reserve * zones.heartRateReserve.z2From);
    z3From = bpm(restingHr.value + reserve * zones.heartRateReserve.z3Above);
    confidence = lowestConfidence(maxHr.confidence, restingHr.confidence);
  } else {
    basis = 'max_hr';
    z2From = bpm(maxHr.value * zones.maxHr.z2From);
    z3From = bpm(maxHr.value * zones.maxHr.z3Above);
  }
  const fiveZoneFrom = frielBounds(z3From / zones.lthr.z3From, ruleSet);
  return {
    basis,
    unit: 'bpm',
    z2From,
    z3From,
    z3Inclusive: false,
    recoveryBelow: fiveZoneFrom[0],
    fiveZoneFrom,
    fiveZoneDerived: true,
    confidence,
  };
}

/**
 * Pace zones for runs without heart rate, in m/s (faster = harder). Threshold pace when known, else a
 * threshold speed guessed from the athlete's median run speed. Always low confidence (DOMAIN.md).
 */
export function paceZoneModel(
  thresholds: ThresholdsInForce,
  history: HistoryContext,
  ruleSet: RuleSet,
): ZoneModel | null {
  const pace = ruleSet.zones.pace;
  let thresholdSpeed: number;
  let basis: ZoneModel['basis'];
  if (thresholds.thresholdPaceSPerKm) {
    thresholdSpeed = 1000 / thresholds.thresholdPaceSPerKm.value;
    basis = 'threshold_pace';
  } else if (history.medianRunSpeedMps !== null && history.medianRunSpeedMps > 0) {
    thresholdSpeed = history.medianRunSpeedMps * pace.thresholdSpeedPerMedianSpeed;
    basis = 'pace_history';
  } else {
    return null;
  }
  return {
    basis,
    unit: 'mps',
    z2From: thresholdSpeed / pace.z2FromPaceRatio,
    z3From: thresholdSpeed / pace.z3FromPaceRatio,
    z3Inclusive: true,
    recoveryBelow: thresholdSpeed / pace.recoveryPaceRatio,
    fiveZoneFrom: null,
    fiveZoneDerived: false,
    confidence: 'low',
  };
}

/** Zone 1, 2 or 3 of a value under a model (the hot loop inlines the same comparisons). */
export function zoneOf(value: number, model: ZoneModel): 1 | 2 | 3 {
  if (model.z3Inclusive ? value >= model.z3From : value > model.z3From) return 3;
  return value >= model.z2From ? 2 : 1;
}
