import type { AlertCode, RuleSet } from '../../analysis/index.ts';

export type RiskLevel = 'high' | 'watch' | 'low';

export interface RosterRisk {
  /** Higher is more worrying; only used to order the roster and colour it, never shown as a diagnosis. */
  score: number;
  level: RiskLevel;
  /** What the score is made of, in words. */
  reasons: string[];
}

/** Heavier for the alerts a coach acts on at once (deep fatigue, a load spike) than for slow drifts. */
const ALERT_WEIGHTS: Record<AlertCode, number> = {
  low_form: 3,
  acwr_high: 3,
  hard_days_cluster: 2,
  long_run_survival: 2,
  high_monotony: 1.5,
  heart_rate_at_pace_drift: 1.5,
};

const ALERT_WORDS: Record<AlertCode, string> = {
  low_form: 'very low form',
  acwr_high: 'load spike',
  hard_days_cluster: 'hard days packed',
  long_run_survival: 'long run survival',
  high_monotony: 'monotonous load',
  heart_rate_at_pace_drift: 'heart rate drifting at pace',
};

/**
 * Orders a coach's roster: each active alert adds its weight, and today's figures add how far they have
 * gone into the "watch" band just short of each alert threshold of the rule set (form from 20 above its
 * alert level, ACWR from 0.2 under its — the top of Gabbett's sweet spot —, monotony from 0.5 under its).
 * So an athlete drifting towards an alert rises before the alert fires.
 */
export function rosterRisk(
  input: {
    current: { tsb: number; acwr: number | null; monotony: number | null } | null;
    alertCodes: readonly AlertCode[];
  },
  ruleSet: RuleSet,
): RosterRisk {
  const rules = ruleSet.alerts;
  let score = 0;
  const reasons: string[] = [];
  for (const code of new Set(input.alertCodes)) {
    score += ALERT_WEIGHTS[code];
    reasons.push(ALERT_WORDS[code]);
  }
  const current = input.current;
  if (current) {
    const formWatch = rules.tsbBelow + 20;
    if (current.tsb < formWatch) {
      score += (formWatch - current.tsb) / 10;
      reasons.push(`form ${Math.round(current.tsb)}`);
    }
    const acwrWatch = rules.acwrAbove - 0.2;
    if (current.acwr !== null && current.acwr > acwrWatch) {
      score += (current.acwr - acwrWatch) * 10;
      reasons.push(`ACWR ${current.acwr.toFixed(2)}`);
    }
    const monotonyWatch = rules.monotonyAbove - 0.5;
    if (current.monotony !== null && current.monotony > monotonyWatch) {
      score += (current.monotony - monotonyWatch) * 2;
      reasons.push(`monotony ${current.monotony.toFixed(1)}`);
    }
  }
  score = Math.round(score * 10) / 10;
  return { score, level: score >= 4 ? 'high' : score >= 1.5 ? 'watch' : 'low', reasons };
}
