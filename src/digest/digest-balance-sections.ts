import type { DigestSection } from './digest-content.ts';
import {
  capitalise,
  formatDay,
  formatDistance,
  formatDuration,
  formatPercent,
  formatShortDay,
  joinWords,
  plural,
} from './digest-format.ts';
import { describeSession, INTENSITY_LABELS } from './digest-sessions.ts';
import { describeStressChains, packedStressChains, stressDays } from './digest-stress-days.ts';
import type { DigestWeek } from './digest-week.ts';

/** Easy, grey and hard: the week's intensity distribution against DOMAIN.md's targets. */
export function intensitySection(week: DigestWeek): DigestSection {
  const { facts, targets } = week;
  const section: DigestSection = {
    id: 'intensity',
    title: 'Easy, grey and hard',
    paragraphs: [],
    bullets: [],
    bulletsFirst: true,
    notes: [
      'Easy (Z1): a pace you could chat at. Most running belongs here: it builds the base and lets you recover.',
      'Grey zone (Z2): moderate, "comfortably hard". Too hard to recover from, too easy to improve.',
      'Hard (Z3): threshold and faster (intervals, tempo, races), where speed and fitness are raised.',
    ],
    chart: 'week_intensity',
  };
  if (facts.easyShare === null || facts.greyShare === null || facts.highShare === null) {
    section.paragraphs.push('No running time had heart rate or pace to sort into zones this week.');
    return section;
  }
  const easy =
    facts.easyShare >= targets.easyShareTarget
      ? 'on target'
      : facts.easyShare >= targets.easyShareMin
        ? 'just enough'
        : 'too little';
  section.bullets.push(
    `Easy (Z1): ${formatPercent(facts.easyShare)} of running time (aim: ${formatPercent(targets.easyShareTarget)} or more, at least ${formatPercent(targets.easyShareMin)}): ${easy}.`,
    `Grey zone (Z2): ${formatPercent(facts.greyShare)} (aim: at most ${formatPercent(targets.greyShareMax)}): ${facts.greyShare <= targets.greyShareMax ? 'on target' : 'too much'}.`,
    `Hard (Z3): ${formatPercent(facts.highShare)} (${facts.hardSessions === 0 ? 'no hard session' : plural(facts.hardSessions, 'hard session')} this week).`,
  );
  if ((facts.heartRateCoverage ?? 0) < targets.minHrCoverage)
    section.paragraphs.push('These shares come mostly from pace, not heart rate: take them as rough.');
  if (facts.moderateRuns > 0) {
    const junk =
      facts.junkRuns > 0 ? `; ${facts.junkRuns} had no clear purpose (neither easy nor a real workout)` : '';
    section.paragraphs.push(
      `${capitalise(plural(facts.moderateRuns, 'run'))} stayed moderate all the way${junk}.`,
    );
  }
  if (facts.easyCeilingBpm !== null)
    section.paragraphs.push(
      `For you, easy means a heart rate below ${Math.floor(facts.easyCeilingBpm)} bpm.`,
    );
  return section;
}

/** The hard sessions and the long run, and whether each had time to be absorbed. */
export function hardDaysSection(week: DigestWeek): DigestSection {
  const { facts, targets } = week;
  const days = stressDays(week);
  const section: DigestSection = {
    id: 'hard_days',
    title: 'Hard days and recovery',
    paragraphs: [],
    bullets: [],
    bulletsFirst: true,
    notes: [
      `Stress day: a hard session or the long run. Each needs ${targets.minDaysBetweenStressDays} days (48 hours) before the next, with rest or easy running in between.`,
    ],
    chart: null,
  };
  if (days.length === 0) {
    section.paragraphs.push('No hard session and no long run this week.');
    return section;
  }
  for (const day of days) {
    const what = day.session ? describeSession(day.session) : 'hard session';
    const intensity = day.session ? INTENSITY_LABELS[day.session.class] : null;
    const close =
      day.gapDays !== null && day.gapDays < targets.minDaysBetweenStressDays
        ? day.gapDays === 0
          ? ', the same day as another'
          : ', the day after another'
        : '';
    section.bullets.push(
      `${formatShortDay(day.date)}: ${what}${intensity && what !== intensity ? ` (${intensity})` : ''}${close}.`,
    );
  }
  const chains = packedStressChains(week);
  if (chains.length > 0) {
    const crossing = chains.flat().find((date) => date < week.weekStart);
    section.paragraphs.push(
      `${describeStressChains(chains)}.` +
        (crossing ? ` (${formatDay(crossing)} was last week.)` : '') +
        ' Stress stacked on stress is not absorbed: the next session starts tired and gives less.',
    );
  } else if (days.length > 1) {
    section.paragraphs.push(
      `${capitalise(plural(days.length, 'stress day'))}, each at least ${targets.minDaysBetweenStressDays} days from the next: time to absorb each one.`,
    );
  }
  if (facts.stressDaysWithoutRecovery.length > 0) {
    section.paragraphs.push(
      `No rest or easy day after ${joinWords(facts.stressDaysWithoutRecovery.map(formatShortDay))}.`,
    );
  }
  return section;
}

/** The long run: did it build endurance (progression) or turn into hanging on (survival), and why. */
export function longRunSection(week: DigestWeek): DigestSection {
  const { facts, targets } = week;
  const long = facts.longRun;
  const section: DigestSection = {
    id: 'long_run',
    title: 'The long run',
    paragraphs: [],
    bullets: [],
    bulletsFirst: false,
    notes: [
      `Drift (aerobic decoupling): how much your heart rate rises against your pace from the first half of the run to the second. Under ${targets.decouplingSurvivalPct}%: you held together.`,
    ],
    chart: null,
  };
  if (!long) {
    const light = week.judgement.rules.some((rule) => rule.rule === 'long_run' && rule.status === 'pass');
    section.paragraphs.push(
      light
        ? 'No long run, in a lighter week: fine.'
        : 'No long run this week. It is the session that builds endurance most.',
    );
    section.notes = [];
    return section;
  }
  const session = week.sessions.find((candidate) => candidate.activityId === long.activityId);
  const distance = session ? formatDistance(session.distanceM) : null;
  const tooBig = long.share > targets.longRunMaxShare;
  section.paragraphs.push(
    `${formatDay(long.localDate)}: ${formatDuration(long.movingTimeS)}${distance ? `, ${distance}` : ''}, ` +
      `${formatPercent(long.share)} of the week's running time` +
      (tooBig ? `: more than the ${formatPercent(targets.longRunMaxShare)} a long run should take.` : '.'),
  );
  const drift = long.decouplingPct;
  const fade = long.fadePct;
  if (long.terrainComparable === false) {
    section.paragraphs.push('The two halves were on different ground (a hill), so the drift was not judged.');
  } else if (long.survival === true) {
    const reasons: string[] = [];
    if (drift !== null && drift >= targets.decouplingSurvivalPct)
      reasons.push(`your heart rate drifted ${drift.toFixed(1)}% against your pace in the second half`);
    if (fade !== null && fade >= targets.fadeSurvivalPct)
      reasons.push(`you slowed ${fade.toFixed(1)}% at the end`);
    section.paragraphs.push(
      `Survival, not progression: ${joinWords(reasons)}. From ${targets.decouplingSurvivalPct}% drift (or ${targets.fadeSurvivalPct}% slowing) a long run stops building endurance and mostly costs recovery.`,
    );
  } else if (long.survival === false && drift !== null) {
    section.paragraphs.push(
      `Progression: heart rate and pace stayed together (drift ${drift.toFixed(1)}%, under ${targets.decouplingSurvivalPct}%)` +
        (fade !== null && fade < targets.fadeSurvivalPct ? ', and you held your pace to the end.' : '.'),
    );
  } else {
    section.paragraphs.push(
      'Without steady heart rate and pace in both halves, the drift could not be measured.',
    );
  }
  return section;
}
