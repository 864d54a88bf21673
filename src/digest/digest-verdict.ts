import type { WeekFlag } from '../analysis/index.ts';
import type { DigestTone, DigestVerdict } from './digest-content.ts';
import { formatPercent, joinWords, plural } from './digest-format.ts';
import type { DigestWeek } from './digest-week.ts';

interface VerdictWords {
  headline: string;
  /** The verdict as the subject line says it, after "Your week of …: ". */
  subject: string;
  tone: DigestTone;
}

/** The judgement's first flag is its verdict (the analysis orders them biggest risk first). */
const FLAG_WORDS: Record<Exclude<WeekFlag, 'not_enough_data'>, VerdictWords> = {
  load_spike: { headline: 'A load spike', subject: 'a load spike, ease back', tone: 'warning' },
  too_many_hard: { headline: 'Too many hard sessions', subject: 'too many hard sessions', tone: 'warning' },
  hard_days_packed: {
    headline: 'Hard days packed together',
    subject: 'hard days packed together',
    tone: 'warning',
  },
  grey_zone: { headline: 'Too much grey zone', subject: 'too much grey zone', tone: 'warning' },
  too_little_easy: {
    headline: 'Not enough easy running',
    subject: 'not enough easy running',
    tone: 'warning',
  },
  long_run_survival: {
    headline: 'The long run was survival, not progression',
    subject: 'the long run was survival',
    tone: 'warning',
  },
  long_run_too_big: {
    headline: 'The long run was too big a share of the week',
    subject: 'the long run was too big a share',
    tone: 'warning',
  },
  high_monotony: { headline: 'Every day the same load', subject: 'every day the same load', tone: 'warning' },
  no_hard: { headline: 'No hard session', subject: 'no hard session', tone: 'warning' },
  no_long_run: { headline: 'No long run', subject: 'no long run', tone: 'warning' },
};

const BALANCED: VerdictWords = {
  headline: 'Balanced: repeat it',
  subject: 'balanced, repeat it',
  tone: 'good',
};
const RECOVERY: VerdictWords = {
  headline: 'A lighter week, well balanced',
  subject: 'a lighter week, well balanced',
  tone: 'good',
};
const NO_ACTIVITY: VerdictWords = {
  headline: 'No activity recorded',
  subject: 'no activity recorded',
  tone: 'neutral',
};
const NO_RUNS: VerdictWords = {
  headline: 'No runs this week',
  subject: 'no runs this week',
  tone: 'neutral',
};
const WITHHELD: VerdictWords = {
  headline: 'Not enough heart rate for a verdict',
  subject: 'not enough heart rate for a verdict',
  tone: 'neutral',
};

export function verdictWords(week: DigestWeek): VerdictWords {
  if (week.kind === 'empty') return NO_ACTIVITY;
  const { flags } = week.judgement;
  if (flags.includes('not_enough_data')) return week.facts.runCount === 0 ? NO_RUNS : WITHHELD;
  const top = flags[0];
  if (top && top !== 'not_enough_data') return FLAG_WORDS[top];
  return isRecoveryWeek(week) ? RECOVERY : BALANCED;
}

/** A balanced week well under the usual load reads as planned recovery, not as one to repeat as is. */
export function isRecoveryWeek(week: DigestWeek): boolean {
  const ratio = week.facts.loadRatio;
  return ratio !== null && ratio < week.targets.recoveryWeekLoadRatio;
}

export function composeVerdict(week: DigestWeek, detail: string): DigestVerdict {
  const words = verdictWords(week);
  return {
    headline: words.headline,
    tone: words.tone,
    detail,
    confidence: week.judgement.confidence,
    confidenceNote: confidenceNote(week),
  };
}

/** How sure the verdict is, and why: the runner should know when to take it with a pinch of salt. */
function confidenceNote(week: DigestWeek): string | null {
  const { facts, targets, dataQuality } = week;
  if (week.kind === 'empty') return null;
  if (facts.runCount === 0) return 'No verdict: the balance is judged on runs, and none were recorded.';
  const coverage = facts.heartRateCoverage ?? 0;
  const missing =
    dataQuality.runsWithoutHeartRate > 0
      ? ` (${dataQuality.runsWithoutHeartRate} of ${plural(dataQuality.runs, 'run')} had none)`
      : '';
  const coverageWords = `heart rate covered ${coverage < 0.9 ? 'only ' : ''}${formatPercent(coverage)} of your running time${missing}`;
  const lowZones = facts.lowConfidenceZoneShare ?? 0;
  const zoneWords = `${formatPercent(lowZones)} of your zoned time comes from pace or estimated zones rather than heart rate on your own thresholds`;
  switch (week.judgement.confidence) {
    case 'high':
      return `High confidence: ${coverageWords}, on reliable heart-rate zones.`;
    case 'medium':
      return `Medium confidence: ${coverageWords}${lowZones > 0.1 ? `, and ${zoneWords}` : ''}.`;
    case 'low': {
      const reasons = [coverage < 0.8 ? coverageWords : null, lowZones > 0.25 ? zoneWords : null].filter(
        (reason): reason is string => reason !== null,
      );
      return `Low confidence: ${joinWords(reasons.length ? reasons : [coverageWords])}. Read the verdict as a rough guide.`;
    }
    default: {
      const reasons: string[] = [];
      if (coverage < targets.minHrCoverage)
        reasons.push(`${coverageWords}, and at least ${formatPercent(targets.minHrCoverage)} is needed`);
      if (lowZones > 0.5) reasons.push(zoneWords);
      return `No verdict: ${(reasons.length ? reasons : [coverageWords]).join('; ')}.`;
    }
  }
}
