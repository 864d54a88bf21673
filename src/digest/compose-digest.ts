import { hardDaysSection, intensitySection, longRunSection } from './digest-balance-sections.ts';
import { composeChartData } from './digest-chart-data.ts';
import { composeChecks } from './digest-checks.ts';
import type { DigestCheck, DigestContent, DigestSection } from './digest-content.ts';
import { capitalise, formatDay, formatPercent, formatWeekRange, joinWords, plural } from './digest-format.ts';
import { composeNotices } from './digest-notices.ts';
import { composeSessionRows } from './digest-sessions.ts';
import { alertsSection, fatigueSection, loadSection } from './digest-trend-sections.ts';
import { composeVerdict, isRecoveryWeek, verdictWords } from './digest-verdict.ts';
import type { DigestWeek } from './digest-week.ts';

export interface ComposeOptions {
  /** Where the runner reaches weekwise (links to reconnect a provider); none for a local install. */
  appUrl?: string;
}

/**
 * The digest's content from one week's facts, in plain words: the verdict and how sure it is, what
 * worked and what broke the balance, the one change for next week, and the figures behind them, every
 * term of the trade explained. Pure: the same week gives the same content.
 */
export function composeDigest(week: DigestWeek, options: ComposeOptions = {}): DigestContent {
  const range = formatWeekRange(week.weekStart, week.weekEnd);
  const words = verdictWords(week);
  const { worked, broke } = week.kind === 'empty' ? { worked: [], broke: [] } : composeChecks(week);
  const verdict = composeVerdict(week, verdictDetail(week, broke));
  const recommendation = week.kind === 'empty' ? null : week.judgement.recommendation.trim() || null;
  // An empty week keeps only the fatigue trend: what the rest did to form.
  const sections = [
    ...(week.kind === 'empty'
      ? []
      : [intensitySection(week), hardDaysSection(week), longRunSection(week), loadSection(week)]),
    fatigueSection(week),
    week.kind === 'empty' ? null : alertsSection(week),
  ].filter((section): section is DigestSection => section !== null);
  // The analysis's advice may name the thresholds to set: say what they are where zones are explained.
  if (recommendation && /\b(LTHR|max HR)\b/.test(recommendation)) {
    sections
      .find((section) => section.id === 'intensity')
      ?.notes.push(
        'Max HR: the highest heart rate you reach flat out. LTHR (lactate-threshold heart rate): about what ' +
          'you can hold for an hour of racing. Set them with: weekwise athlete set --max-hr … --lthr …',
      );
  }
  return {
    kind: week.kind,
    subject: `Your week of ${range}${week.complete ? '' : ' so far'}: ${words.subject}`,
    preheader: recommendation ? `Next week: ${recommendation}` : verdict.detail,
    title: `Your week of ${formatWeekRange(week.weekStart, week.weekEnd, { year: true })}`,
    greeting: week.athlete.name?.trim() ? `Hi ${week.athlete.name.trim()},` : 'Hi,',
    verdict,
    recommendation,
    notices: composeNotices(week, options.appUrl),
    worked,
    broke,
    sections,
    sessions: composeSessionRows(week),
    charts: week.kind === 'empty' ? null : composeChartData(week),
  };
}

/** Why the verdict is what it is: the failing rule that decided it, or what made the week work. */
function verdictDetail(week: DigestWeek, broke: DigestCheck[]): string {
  const { facts, judgement } = week;
  if (week.kind === 'empty') {
    return (
      `Nothing was recorded from ${formatDay(week.weekStart)} to ${formatDay(week.weekEnd)}. ` +
      'A week of rest is part of training; if you did train, check that your watch or app synced.'
    );
  }
  if (judgement.flags.includes('not_enough_data')) {
    if (facts.runCount === 0)
      return `You trained (${plural(week.sessions.length, 'session')}) but did not run: the balance verdict is about running.`;
    return 'Zones need heart rate: without it, easy running and the grey zone cannot be told apart reliably.';
  }
  const top = judgement.flags[0];
  if (top) {
    const rule = judgement.rules.find((candidate) => candidate.flags.includes(top));
    const check = broke.find((candidate) => candidate.rule === rule?.rule);
    if (check) return check.text;
  }
  if (isRecoveryWeek(week)) {
    const ratio = formatPercent(facts.loadRatio ?? 0);
    return `${ratio} of your usual load${facts.hardSessions === 0 ? ', all of it easy' : ''}: recovery that lets the weeks before sink in.`;
  }
  const parts: string[] = [];
  if (facts.easyShare !== null) parts.push(`${formatPercent(facts.easyShare)} of the running easy`);
  if (facts.hardSessions > 0)
    parts.push(
      `${plural(facts.hardSessions, 'hard session')}${facts.stressDaysWithoutRecovery.length === 0 ? ' with recovery after each' : ''}`,
    );
  if (facts.longRun)
    parts.push(facts.longRun.survival === false ? 'a long run that held together' : 'a long run');
  const summary = parts.length ? `${capitalise(joinWords(parts))}: ` : '';
  return `${summary}a week you could repeat next week.`;
}
