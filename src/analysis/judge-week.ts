import { minutes, percent, round } from './format.ts';
import { daysBetween } from './local-week.ts';
import type { RuleSet } from './rule-set.ts';
import type { Confidence } from './types.ts';
import type { RuleResult, WeekFacts, WeekFlag, WeekJudgement } from './week-types.ts';

/** The one change that helps most comes from the first flag raised in this order (biggest risk first). */
const PRIORITY: readonly WeekFlag[] = [
  'load_spike',
  'too_many_hard',
  'hard_days_packed',
  'grey_zone',
  'too_little_easy',
  'long_run_survival',
  'long_run_too_big',
  'high_monotony',
  'no_hard',
  'no_long_run',
];

const VERDICTS: Record<WeekFlag, string> = {
  load_spike: 'load spike',
  too_many_hard: 'too many hard sessions',
  hard_days_packed: 'hard days packed together',
  grey_zone: 'too much grey zone',
  too_little_easy: 'not enough easy running',
  long_run_survival: 'long run was survival, not progression',
  long_run_too_big: 'long run too big a share of the week',
  high_monotony: 'every day the same load',
  no_hard: 'no stimulus: no hard session',
  no_long_run: 'no long run',
  not_enough_data: 'not enough data',
};

function result(rule: RuleResult['rule'], failed: WeekFlag[], evidence: string): RuleResult {
  return { rule, status: failed.length > 0 ? 'fail' : 'pass', flags: failed, evidence };
}

function unknown(rule: RuleResult['rule'], evidence: string): RuleResult {
  return { rule, status: 'unknown', flags: [], evidence };
}

function withheldReasons(facts: WeekFacts, ruleSet: RuleSet): { reasons: string[]; recommendation: string } {
  const rules = ruleSet.week;
  if (facts.runCount === 0) {
    return {
      reasons: ['no runs this week'],
      recommendation: 'Record your runs, with heart rate, to get a verdict.',
    };
  }
  const reasons: string[] = [];
  const advice: string[] = [];
  const coverage = facts.heartRateCoverage ?? 0;
  if (coverage < rules.minHrCoverage) {
    reasons.push(
      `heart rate covers ${percent(coverage)} of running time (at least ${percent(rules.minHrCoverage)} needed)`,
    );
    advice.push('wear the heart-rate sensor on every run');
  }
  const lowShare = facts.lowConfidenceZoneShare ?? 0;
  if (facts.zonedRunningTimeS > 0 && lowShare > rules.maxLowConfidenceZoneShare) {
    reasons.push(
      `${percent(lowShare)} of the zoned time rests on low-confidence zones (a default or barely estimated ` +
        'max HR, or pace)',
    );
    advice.push('set your max HR or LTHR');
  }
  const recommendation = advice.length > 0 ? `To get a verdict, ${advice.join(' and ')}.` : '';
  return { reasons, recommendation };
}

/** A week well under the previous weeks' load reads as a planned recovery week: no stimulus expected. */
function isRecoveryWeek(facts: WeekFacts, ruleSet: RuleSet): boolean {
  return facts.loadRatio !== null && facts.loadRatio < ruleSet.week.recoveryWeekLoadRatio;
}

function hardSessionsRule(facts: WeekFacts, ruleSet: RuleSet): RuleResult {
  const rules = ruleSet.week;
  const count = facts.hardSessions;
  const evidence = `${count} hard session${count === 1 ? '' : 's'} (aim for ${rules.hardSessionsMin}–${rules.hardSessionsMax})`;
  if (count > rules.hardSessionsMax) return result('hard_sessions', ['too_many_hard'], evidence);
  if (count >= rules.hardSessionsMin) return result('hard_sessions', [], evidence);
  if (isRecoveryWeek(facts, ruleSet)) {
    return result(
      'hard_sessions',
      [],
      `${evidence}; a recovery week (load ${percent(facts.loadRatio ?? 0)} of usual)`,
    );
  }
  if (!facts.complete) return unknown('hard_sessions', `${evidence} so far; the week is not over`);
  return result('hard_sessions', ['no_hard'], evidence);
}

function easyShareRule(facts: WeekFacts, ruleSet: RuleSet): RuleResult {
  const rules = ruleSet.week;
  if (facts.easyShare === null) return unknown('easy_share', 'no zoned running time');
  const evidence = `${percent(facts.easyShare)} of running time in Z1 (aim for ${percent(rules.easyShareMin)}–${percent(rules.easyShareTarget)} or more)`;
  return result('easy_share', facts.easyShare < rules.easyShareMin ? ['too_little_easy'] : [], evidence);
}

function greyZoneRule(facts: WeekFacts, ruleSet: RuleSet): RuleResult {
  const rules = ruleSet.week;
  if (facts.greyShare === null) return unknown('grey_zone', 'no zoned running time');
  const evidence =
    `${percent(facts.greyShare)} of running time in Z2 (at most ${percent(rules.greyShareMax)}), ` +
    `${facts.moderateRuns} moderate run${facts.moderateRuns === 1 ? '' : 's'} (at most ${rules.moderateRunsMax})` +
    (facts.junkRuns > 0 ? `, ${facts.junkRuns} without a clear purpose` : '');
  const failed = facts.greyShare > rules.greyShareMax || facts.moderateRuns > rules.moderateRunsMax;
  return result('grey_zone', failed ? ['grey_zone'] : [], evidence);
}

/** Pairs of stress sessions (hard runs, long runs) closer than the minimum, across the week boundary too. */
function packedPairs(facts: WeekFacts, ruleSet: RuleSet): string[] {
  const minimum = ruleSet.week.minDaysBetweenStressDays;
  const dates = facts.stressSessions.map((session) => session.localDate);
  if (facts.previousStressDay) dates.unshift(facts.previousStressDay);
  const pairs: string[] = [];
  for (let index = 1; index < dates.length; index++) {
    const gap = daysBetween(dates[index - 1]!, dates[index]!);
    if (gap < minimum)
      pairs.push(gap === 0 ? `two on ${dates[index]}` : `${dates[index - 1]} and ${dates[index]}`);
  }
  return pairs;
}

function spacingRule(facts: WeekFacts, ruleSet: RuleSet): RuleResult {
  const pairs = packedPairs(facts, ruleSet);
  const minimum = ruleSet.week.minDaysBetweenStressDays;
  if (pairs.length === 0) {
    const count = facts.stressSessions.length;
    return result(
      'spacing',
      [],
      `${count} stress day${count === 1 ? '' : 's'} (hard or long), ≥ ${minimum} days apart`,
    );
  }
  return result(
    'spacing',
    ['hard_days_packed'],
    `stress days less than ${minimum} days apart: ${pairs.join('; ')}`,
  );
}

function recoveryDayRule(facts: WeekFacts): RuleResult {
  const missing = facts.stressDaysWithoutRecovery;
  if (missing.length === 0)
    return result('recovery_day', [], 'every stress day was followed by rest or easy running');
  return {
    rule: 'recovery_day',
    status: 'fail',
    flags: [],
    evidence: `no rest or easy day after ${missing.join(', ')}`,
  };
}

function longRunRule(facts: WeekFacts, ruleSet: RuleSet, judgeDecoupling: boolean): RuleResult {
  const long = facts.longRun;
  if (!long) {
    if (!facts.complete) return unknown('long_run', 'no long run so far; the week is not over');
    if (isRecoveryWeek(facts, ruleSet)) return result('long_run', [], 'no long run, in a recovery week');
    return result('long_run', ['no_long_run'], 'no long run this week');
  }
  const flags: WeekFlag[] = [];
  const parts = [
    `long run ${minutes(long.movingTimeS)} on ${long.localDate}, ${percent(long.share)} of running time`,
  ];
  if (long.share > ruleSet.week.longRunMaxShare) {
    flags.push('long_run_too_big');
    parts.push(`above ${percent(ruleSet.week.longRunMaxShare)}`);
  }
  if (long.decouplingPct !== null) parts.push(`decoupling ${round(long.decouplingPct, 1)}%`);
  if (long.fadePct !== null) parts.push(`late fade ${round(long.fadePct, 1)}%`);
  if (long.terrainComparable === false) parts.push('halves on different ground (a hill): drift not judged');
  if (judgeDecoupling && long.survival === true) {
    flags.push('long_run_survival');
    parts.push(
      `survival (decoupling from ${ruleSet.longRun.decouplingSurvivalPct}% or fade from ${ruleSet.longRun.fadeSurvivalPct}%)`,
    );
  }
  return result('long_run', flags, parts.join(', '));
}

function loadRatioRule(facts: WeekFacts, ruleSet: RuleSet): RuleResult {
  const rules = ruleSet.week;
  if (facts.loadRatio === null) {
    return unknown(
      'load_ratio',
      `fewer than ${rules.loadRatioMinPreviousWeeks} earlier weeks with load to compare`,
    );
  }
  const previous = facts.previousWeekLoads;
  const mean = previous.reduce((sum, value) => sum + value, 0) / previous.length;
  const evidence =
    `load ${Math.round(facts.load)} against ${Math.round(mean)} on average over the previous ${previous.length} weeks ` +
    `(ratio ${round(facts.loadRatio, 2)}, aim for ${rules.loadRatioMin}–${rules.loadRatioMax})`;
  return result('load_ratio', facts.loadRatio > rules.loadRatioMax ? ['load_spike'] : [], evidence);
}

function monotonyRule(facts: WeekFacts, ruleSet: RuleSet): RuleResult {
  if (facts.monotony === null) return unknown('monotony', 'no load this week');
  const evidence = `monotony ${round(facts.monotony, 2)} (below ${ruleSet.week.monotonyMax} wanted), ${facts.restDays} rest day${facts.restDays === 1 ? '' : 's'}`;
  return result('monotony', facts.monotony > ruleSet.week.monotonyMax ? ['high_monotony'] : [], evidence);
}

function weekConfidence(facts: WeekFacts, ruleSet: RuleSet): Confidence {
  const rules = ruleSet.week;
  const coverage = facts.heartRateCoverage ?? 0;
  const highShare = facts.highConfidenceZoneShare ?? 0;
  const lowShare = facts.lowConfidenceZoneShare ?? 1;
  if (coverage < rules.lowConfidenceCoverage || lowShare > rules.lowConfidenceZoneShare) return 'low';
  if (coverage >= rules.highConfidenceCoverage && highShare >= rules.highConfidenceZoneShare) return 'high';
  return 'medium';
}

function ceiling(facts: WeekFacts): string {
  return facts.easyCeilingBpm === null ? '' : ` (below ${Math.floor(facts.easyCeilingBpm)} bpm)`;
}

function recommend(flag: WeekFlag | undefined, facts: WeekFacts, ruleSet: RuleSet): string {
  const rules = ruleSet.week;
  switch (flag) {
    case 'load_spike': {
      const mean =
        facts.previousWeekLoads.reduce((sum, value) => sum + value, 0) / facts.previousWeekLoads.length;
      return `Bring next week's load back to about ${Math.round(mean * 1.1)} (the previous weeks averaged ${Math.round(mean)}, this week ${Math.round(facts.load)}).`;
    }
    case 'too_many_hard':
      return `Keep ${rules.hardSessionsMax} hard sessions next week and run the others easy${ceiling(facts)}.`;
    case 'hard_days_packed':
      return 'Put an easy day or a rest day between hard sessions and the long run.';
    case 'grey_zone':
      return `Run the moderate runs truly easy${ceiling(facts)}, or make one of them a real quality session.`;
    case 'too_little_easy':
      return `Run more of the week easy${ceiling(facts)}: aim for ${percent(rules.easyShareTarget)} of running time in Z1.`;
    case 'long_run_survival':
      return 'Start the long run slower, or shorten it, so the second half holds the pace at the same heart rate.';
    case 'long_run_too_big':
      return `Add easy running during the week, or shorten the long run to at most ${percent(rules.longRunMaxShare)} of the week.`;
    case 'high_monotony':
      return 'Vary the days: make the easy days easier and take a rest day.';
    case 'no_hard':
      return 'Add one quality session (intervals or a tempo run) next week.';
    case 'no_long_run':
      return 'Add a long run next week.';
    default:
      return 'Repeat this week: the balance is right.';
  }
}

/**
 * After a recovery week, "repeat this week" would be wrong, and so would jumping straight back: next week
 * is judged against the last four weeks, this light one included, so more than 1.3 × their average is a
 * load spike. Say where that line is.
 */
function comeBackGradually(facts: WeekFacts, ruleSet: RuleSet): string {
  const rules = ruleSet.week;
  const lastWeeks = [facts.load, ...facts.previousWeekLoads].slice(0, rules.loadRatioPreviousWeeks);
  const mean = lastWeeks.reduce((sum, value) => sum + value, 0) / lastWeeks.length;
  return (
    `A recovery week (${percent(facts.loadRatio ?? 0)} of your usual load). Build back gradually: ` +
    `keep next week's load under about ${Math.round(mean * rules.loadRatioMax)}, easy running first.`
  );
}

/** DOMAIN.md's balance verdict: each rule with its evidence, a one-line verdict and the change that helps most. */
export function judgeWeek(facts: WeekFacts, ruleSet: RuleSet): WeekJudgement {
  const withheld = withheldReasons(facts, ruleSet);
  // Duration alone says whether a long run happened and how big it was; drift needs heart rate.
  const longRun = longRunRule(facts, ruleSet, withheld.reasons.length === 0);
  const rules: RuleResult[] = [
    hardSessionsRule(facts, ruleSet),
    easyShareRule(facts, ruleSet),
    greyZoneRule(facts, ruleSet),
    spacingRule(facts, ruleSet),
    recoveryDayRule(facts),
    longRun,
    loadRatioRule(facts, ruleSet),
    monotonyRule(facts, ruleSet),
  ];
  if (withheld.reasons.length > 0) {
    const judged = rules.map(
      (rule): RuleResult =>
        rule === longRun && facts.runCount > 0 ? rule : { ...rule, status: 'withheld', flags: [] },
    );
    const raised = new Set(judged.flatMap((rule) => rule.flags));
    return {
      verdict: `not enough data: ${withheld.reasons.join('; ')}`,
      recommendation: withheld.recommendation,
      confidence: 'none',
      flags: ['not_enough_data', ...PRIORITY.filter((flag) => raised.has(flag))],
      rules: judged,
      withheldBecause: withheld.reasons,
    };
  }
  const raised = new Set(rules.flatMap((rule) => rule.flags));
  const flags = PRIORITY.filter((flag) => raised.has(flag));
  const top = flags[0];
  const recoveryMissing = !top && facts.stressDaysWithoutRecovery.length > 0;
  const recoveryWeek = !top && isRecoveryWeek(facts, ruleSet);
  return {
    verdict: top ? VERDICTS[top] : recoveryWeek ? 'recovery week' : 'balanced',
    recommendation: recoveryMissing
      ? 'Make the day after each hard session or long run a rest day or an easy run.'
      : recoveryWeek
        ? comeBackGradually(facts, ruleSet)
        : recommend(top, facts, ruleSet),
    confidence: weekConfidence(facts, ruleSet),
    flags,
    rules,
    withheldBecause: [],
  };
}
