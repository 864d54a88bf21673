import { createHash } from 'node:crypto';
import type { AthleteProfile, HistoryContext, LocalDate, RuleSet } from '../analysis/index.ts';

/**
 * What one activity's analysis depended on, as a short hash: the rule set, the athlete's thresholds that
 * could be in force on its date, their sex, and what their history said then. When it changes (new
 * thresholds, a run imported into the past, a new rule set) the activity is analysed again.
 */
export function analysisInputsKey(
  ruleSet: RuleSet,
  athlete: AthleteProfile,
  localDate: LocalDate,
  history: HistoryContext,
): string {
  const thresholds = athlete.thresholds.filter((threshold) => threshold.validFrom <= localDate);
  const inputs = {
    rules: ruleSet.version,
    sex: athlete.sex,
    thresholds,
    medianRunTimeS: round(history.medianRunTimeS),
    medianRunSpeedMps: round(history.medianRunSpeedMps, 100),
    observedMaxHr: history.observedMaxHr,
  };
  return createHash('sha256').update(JSON.stringify(inputs)).digest('base64url').slice(0, 22);
}

function round(value: number | null, factor = 1): number | null {
  return value === null ? null : Math.round(value * factor) / factor;
}
