import type { RuleResult } from '../analysis/index.ts';
import type { DigestCheck } from './digest-content.ts';
import {
  formatDuration,
  formatPercent,
  formatRatio,
  formatShortDay,
  joinWords,
  plural,
} from './digest-format.ts';
import { describeStressChains, packedStressChains } from './digest-stress-days.ts';
import type { DigestWeek } from './digest-week.ts';

/**
 * What worked and what broke the balance: the analysis's rules that passed or failed, in plain words with
 * the runner's own figures. Rules without facts (unknown) or held back for lack of data are left out.
 */
export function composeChecks(week: DigestWeek): { worked: DigestCheck[]; broke: DigestCheck[] } {
  const worked: DigestCheck[] = [];
  const broke: DigestCheck[] = [];
  for (const rule of week.judgement.rules) {
    if (rule.status !== 'pass' && rule.status !== 'fail') continue;
    const check = describeRule(rule, week);
    if (check) (rule.status === 'pass' ? worked : broke).push(check);
  }
  return { worked, broke };
}

function describeRule(rule: RuleResult, week: DigestWeek): DigestCheck | null {
  const { facts, targets } = week;
  const failed = rule.status === 'fail';
  const check = (title: string, text: string): DigestCheck => ({ rule: rule.rule, title, text });
  switch (rule.rule) {
    case 'hard_sessions': {
      const count = plural(facts.hardSessions, 'hard session');
      const aim = `aim for ${targets.hardSessionsMin}\u2013${targets.hardSessionsMax}`;
      if (rule.flags.includes('too_many_hard'))
        return check('Too many hard sessions', `${count}: more stress than one week can absorb (${aim}).`);
      if (rule.flags.includes('no_hard'))
        return check('No hard session', `Easy running alone keeps fitness but does not raise it (${aim}).`);
      if (facts.hardSessions === 0)
        return check('No hard session needed', 'A recovery week can go without one.');
      return check('Hard sessions', `${count}: enough stimulus without too much stress (${aim}).`);
    }
    case 'easy_share': {
      const share = formatPercent(facts.easyShare ?? 0);
      return failed
        ? check(
            'Not enough easy running',
            `Only ${share} of your running was easy (Z1); aim for at least ${formatPercent(targets.easyShareMin)}\u2013${formatPercent(targets.easyShareTarget)}.`,
          )
        : check('Easy running', `${share} of your running was easy (Z1): the base everything else rests on.`);
    }
    case 'grey_zone': {
      const share = formatPercent(facts.greyShare ?? 0);
      const moderate =
        facts.moderateRuns > 0
          ? `; ${plural(facts.moderateRuns, 'run')} stayed moderate${facts.junkRuns > 0 ? `, ${facts.junkRuns} without a clear purpose` : ''}`
          : '';
      return failed
        ? check(
            'Too much grey zone',
            `${share} of your running was in the grey zone (Z2), at most ${formatPercent(targets.greyShareMax)} wanted${moderate}.`,
          )
        : check(
            'Little grey zone',
            `${share} of your running was in the grey zone (Z2), under ${formatPercent(targets.greyShareMax)}${moderate}.`,
          );
    }
    case 'spacing': {
      if (!failed) {
        if (facts.stressSessions.length < 2) return null;
        return check(
          'Hard days spaced out',
          `Hard days and the long run were at least ${plural(targets.minDaysBetweenStressDays, 'day')} apart.`,
        );
      }
      return check(
        'Hard days back to back',
        `${describeStressChains(packedStressChains(week))}: each hard day or long run needs ${targets.minDaysBetweenStressDays} days before the next.`,
      );
    }
    case 'recovery_day':
      if (!failed) {
        if (facts.stressSessions.length === 0) return null;
        return check(
          'Recovery after hard days',
          'Every hard day and the long run was followed by rest or easy running.',
        );
      }
      return check(
        'No easy day after a hard one',
        `No rest or easy day after ${joinWords(facts.stressDaysWithoutRecovery.map(formatShortDay))}.`,
      );
    case 'long_run': {
      const long = facts.longRun;
      if (!long) {
        return failed
          ? check('No long run', 'The long run builds endurance like nothing else.')
          : check('No long run needed', 'A recovery week can go without one.');
      }
      const size = `${formatDuration(long.movingTimeS)}, ${formatPercent(long.share)} of your running`;
      if (rule.flags.includes('long_run_survival')) {
        const drifted = long.decouplingPct !== null && long.decouplingPct >= targets.decouplingSurvivalPct;
        const why = drifted
          ? `your heart rate drifted ${long.decouplingPct!.toFixed(1)}% against your pace`
          : `you slowed ${(long.fadePct ?? 0).toFixed(1)}% at the end`;
        return check('Long run was survival', `${size}: in the second half ${why}.`);
      }
      if (rule.flags.includes('long_run_too_big'))
        return check(
          'Long run too big a share',
          `${size}; keep it under ${formatPercent(targets.longRunMaxShare)} of the week.`,
        );
      return check(
        'Long run',
        long.survival === false ? `${size}: it held together to the end.` : `${size}.`,
      );
    }
    case 'load_ratio': {
      const ratio = facts.loadRatio;
      if (ratio === null) return null;
      if (failed)
        return check(
          'A load spike',
          `${formatRatio(ratio)} times your usual load (the previous weeks); above ${targets.loadRatioMax} injury and illness risk rise.`,
        );
      return ratio < targets.loadRatioMin
        ? check(
            'A lighter week',
            `${formatRatio(ratio)} times your usual load: a lighter week lets the body absorb the weeks before.`,
          )
        : check(
            'Load in line',
            `${formatRatio(ratio)} times your usual load: between ${targets.loadRatioMin} and ${targets.loadRatioMax} the body keeps up.`,
          );
    }
    case 'monotony': {
      const monotony = facts.monotony ?? 0;
      return failed
        ? check(
            'Every day the same load',
            `Monotony ${formatRatio(monotony)} (above ${targets.monotonyMax}): no truly easy days or rest.`,
          )
        : check(
            'Varied days',
            `Monotony ${formatRatio(monotony)} (under ${targets.monotonyMax}) with ${plural(facts.restDays, 'rest day')}: hard days and easy days differed.`,
          );
    }
  }
}
