import { daysBetween } from './local-week.ts';
import type { RuleSet } from './rule-set.ts';
import type {
  Confidence,
  DatedThreshold,
  HistoryContext,
  LocalDate,
  ThresholdInForce,
  ThresholdKind,
  ThresholdSource,
  ThresholdsInForce,
} from './types.ts';

const SOURCE_ORDER: readonly ThresholdSource[] = ['set', 'provider', 'estimated', 'default'];
const SOURCE_CONFIDENCE: Record<ThresholdSource, Confidence> = {
  set: 'high',
  provider: 'high',
  estimated: 'medium',
  default: 'low',
};

/**
 * The value of one kind in force on a date. The best source wins (set > provider > estimated > default,
 * DOMAIN.md), and within a source the latest value dated on or before the date: an athlete's own number
 * from last year still beats this month's estimate.
 */
export function thresholdInForce(
  thresholds: readonly DatedThreshold[],
  kind: ThresholdKind,
  onDate: LocalDate,
): ThresholdInForce | null {
  let best: DatedThreshold | null = null;
  for (const threshold of thresholds) {
    if (threshold.kind !== kind || threshold.validFrom > onDate || !(threshold.value > 0)) continue;
    if (best === null) {
      best = threshold;
      continue;
    }
    const rank = SOURCE_ORDER.indexOf(threshold.source);
    const bestRank = SOURCE_ORDER.indexOf(best.source);
    if (rank < bestRank || (rank === bestRank && threshold.validFrom > best.validFrom)) best = threshold;
  }
  if (!best) return null;
  return {
    value: best.value,
    source: best.source,
    validFrom: best.validFrom,
    confidence: SOURCE_CONFIDENCE[best.source],
  };
}

export interface MaxHrObservation {
  localDate: LocalDate;
  peak30sHr: number | null;
}

/**
 * Highest 30-s rolling-average heart rate in the lookback window ending on `onDate` (included), and how
 * many runs with heart rate the window holds. The peaks already exclude spikes (see hr-quality.ts).
 */
export function observeMaxHr(
  observations: readonly MaxHrObservation[],
  onDate: LocalDate,
  ruleSet: RuleSet,
): HistoryContext['observedMaxHr'] {
  let value = 0;
  let runs = 0;
  for (const observation of observations) {
    if (observation.peak30sHr === null) continue;
    const age = daysBetween(observation.localDate, onDate);
    if (age < 0 || age >= ruleSet.thresholds.maxHrLookbackDays) continue;
    runs++;
    if (observation.peak30sHr > value) value = observation.peak30sHr;
  }
  return runs === 0 ? null : { value, runsWithHeartRate: runs };
}

/**
 * Max HR when nobody set it: an observed 30-s peak is a lower bound of the true max, so it replaces the
 * population default as soon as it exceeds it; below the default it is trusted only after enough runs
 * (a runner who never runs hard never shows their max).
 */
function estimateMaxHr(
  stored: ThresholdInForce | null,
  observed: HistoryContext['observedMaxHr'],
  ruleSet: RuleSet,
): ThresholdInForce | null {
  const rules = ruleSet.thresholds;
  const usable =
    observed !== null &&
    (observed.runsWithHeartRate >= rules.maxHrEstimateMinRuns || observed.value > ruleSet.defaults.maxHrBpm);
  if (!usable) return stored;
  if (stored && stored.value >= observed.value) return stored;
  return {
    value: observed.value,
    source: 'estimated',
    validFrom: null,
    confidence: observed.runsWithHeartRate >= rules.maxHrEstimateMediumRuns ? 'medium' : 'low',
  };
}

function populationDefault(value: number): ThresholdInForce {
  return { value, source: 'default', validFrom: null, confidence: 'low' };
}

/** All thresholds in force on a date, falling back to estimates and then to population defaults. */
export function resolveThresholds(
  thresholds: readonly DatedThreshold[],
  onDate: LocalDate,
  ruleSet: RuleSet,
  observedMaxHr: HistoryContext['observedMaxHr'] = null,
): ThresholdsInForce {
  const notes: string[] = [];
  const maxHrGiven = thresholdInForce(thresholds, 'max_hr', onDate);
  let maxHr: ThresholdInForce;
  if (maxHrGiven && (maxHrGiven.source === 'set' || maxHrGiven.source === 'provider')) {
    maxHr = maxHrGiven;
    const margin = ruleSet.thresholds.observedAboveMaxNoteBpm;
    if (observedMaxHr && observedMaxHr.value > maxHr.value + margin) {
      notes.push(
        `observed 30-s heart rate ${Math.round(observedMaxHr.value)} bpm is above the ${maxHr.source} max HR ` +
          `${maxHr.value} bpm: the max HR is probably out of date`,
      );
    }
  } else {
    const storedEstimate = maxHrGiven?.source === 'estimated' ? maxHrGiven : null;
    const storedDefault = maxHrGiven?.source === 'default' ? maxHrGiven : null;
    maxHr =
      estimateMaxHr(storedEstimate, observedMaxHr, ruleSet) ??
      storedDefault ??
      populationDefault(ruleSet.defaults.maxHrBpm);
  }
  let restingHr =
    thresholdInForce(thresholds, 'resting_hr', onDate) ?? populationDefault(ruleSet.defaults.restingHrBpm);
  if (restingHr.value >= maxHr.value * 0.8) {
    notes.push(
      `resting HR ${restingHr.value} bpm is not plausible against max HR ${maxHr.value} bpm: default used`,
    );
    restingHr = populationDefault(Math.min(ruleSet.defaults.restingHrBpm, maxHr.value * 0.5));
  }
  if (maxHr.source === 'default')
    notes.push(`max HR unknown: population default ${maxHr.value} bpm (used for load)`);
  return {
    date: onDate,
    maxHr,
    restingHr,
    lthr: thresholdInForce(thresholds, 'lthr', onDate),
    thresholdPaceSPerKm: thresholdInForce(thresholds, 'threshold_pace', onDate),
    notes,
  };
}
