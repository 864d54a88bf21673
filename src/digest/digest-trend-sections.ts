import { type Alert, addDays } from '../analysis/index.ts';
import type { DigestSection } from './digest-content.ts';
import { formatChange, formatDay, formatNumber, formatRatio, plural } from './digest-format.ts';
import type { DigestWeek } from './digest-week.ts';

/** This week's load against the four before: the acute:chronic ratio, and how varied the days were. */
export function loadSection(week: DigestWeek): DigestSection {
  const { facts, targets } = week;
  const section: DigestSection = {
    id: 'load',
    title: 'Load against your usual',
    paragraphs: [],
    bullets: [],
    bulletsFirst: false,
    notes: [
      'Load (TRIMP): minutes of training weighted by how hard your heart worked.',
      `Acute:chronic ratio: this week's load divided by your usual (the average of the weeks before). Between ${targets.loadRatioMin} and ${targets.loadRatioMax} the body keeps up; above it, injury and illness risk rise.`,
    ],
    chart: 'load_trend',
  };
  const load = formatNumber(facts.load);
  const previous = week.previousWeeks.map((item) => item.load);
  if (facts.loadRatio !== null && previous.length > 0) {
    const usual = previous.reduce((sum, value) => sum + value, 0) / previous.length;
    const ratio = facts.loadRatio;
    const reading =
      ratio > targets.loadRatioMax
        ? 'a spike: more than the body can adapt to in one step'
        : ratio < targets.loadRatioMin
          ? 'a lighter week than usual'
          : 'in the range where the body keeps up';
    section.paragraphs.push(
      `This week: ${load}, against ${formatNumber(usual)} on average over the previous ${plural(previous.length, 'week')}. ` +
        `Acute:chronic ratio ${formatRatio(ratio)}: ${reading}.`,
    );
    section.bullets.push(
      `Previous weeks, oldest first: ${week.previousWeeks.map((item) => formatNumber(item.load)).join(', ')}.`,
    );
  } else {
    section.paragraphs.push(`This week: ${load}. Too few earlier weeks with training to compare it with.`);
  }
  if (facts.monotony !== null) {
    section.bullets.push(
      facts.monotony > targets.monotonyMax
        ? `Monotony ${formatRatio(facts.monotony)} (above ${targets.monotonyMax}): every day carried about the same load. Contrast (hard days, truly easy days, rest) is what the body adapts to.`
        : `Monotony ${formatRatio(facts.monotony)} (under ${targets.monotonyMax}): the days varied, ${plural(facts.restDays, 'rest day')}.`,
    );
    section.notes.push(
      'Monotony: average daily load divided by how much it varies over the week; high when every day is alike.',
    );
  }
  return section;
}

/** Fitness, fatigue and form at the end of the week, each with what it means. */
export function fatigueSection(week: DigestWeek): DigestSection | null {
  const end = [...week.days].reverse().find((day) => day.date <= week.weekEnd);
  if (!end) return null;
  const before = week.days.find((day) => day.date === addDays(week.weekStart, -1)) ?? week.days[0]!;
  const section: DigestSection = {
    id: 'fatigue',
    title: 'Fitness, fatigue and form',
    paragraphs: [],
    bulletsFirst: false,
    bullets: [
      `Fitness (CTL) ${formatNumber(end.fitness)} (${formatChange(end.fitness - before.fitness)} this week): your long-term load, about six weeks' average. It grows slowly with steady training.`,
      `Fatigue (ATL) ${formatNumber(end.fatigue)} (${formatChange(end.fatigue - before.fatigue)}): your short-term load, about the last week's average. It rises fast after hard days and falls fast with rest.`,
      `Form (TSB) ${formatNumber(end.form)}: fitness minus fatigue. Below zero while you train, above zero when fresh; below ${formatNumber(week.targets.tsbAlertBelow)} is a warning.`,
    ],
    notes: [],
    chart: null,
  };
  const fitnessChange = end.fitness - before.fitness;
  const trend =
    fitnessChange >= 1
      ? 'Fitness is rising.'
      : fitnessChange <= -1
        ? 'Fitness is slipping.'
        : 'Fitness held steady.';
  const form =
    end.form > 5
      ? 'You are fresh: a good moment for a race or a harder block.'
      : end.form >= -10
        ? 'Fitness and fatigue are in balance.'
        : end.form >= week.targets.tsbAlertBelow
          ? 'You are carrying training fatigue, as a building week should.'
          : `Fatigue is deep: keep the days easy until form is back above ${formatNumber(week.targets.tsbAlertBelow)}.`;
  section.paragraphs.push(`${trend} ${form}`);
  return section;
}

/** The coach's alerts that touch this week, as guides (DOMAIN.md: the cut-offs are disputed). */
export function alertsSection(week: DigestWeek): DigestSection | null {
  // The week's own verdict already tells these; an alert would say it twice.
  const told = new Set<Alert['code']>();
  if (week.judgement.flags.includes('long_run_survival')) told.add('long_run_survival');
  if (week.judgement.flags.includes('high_monotony')) told.add('high_monotony');
  const alerts = week.alerts.filter((alert) => !told.has(alert.code));
  if (alerts.length === 0) return null;
  return {
    id: 'alerts',
    title: 'Worth watching',
    paragraphs: [],
    bulletsFirst: true,
    bullets: alerts.map((alert) => `${describeAlert(alert)} ${caveat(alert)}`),
    notes: [],
    chart: null,
  };
}

function span(alert: Alert): string {
  return alert.from === alert.to
    ? `on ${formatDay(alert.from)}`
    : `from ${formatDay(alert.from)} to ${formatDay(alert.to)}`;
}

function describeAlert(alert: Alert): string {
  switch (alert.code) {
    case 'low_form':
      return `Form (TSB) fell to ${formatNumber(alert.value)} ${span(alert)} (warning below ${formatNumber(alert.threshold)}).`;
    case 'acwr_high':
      return `Your load rose fast: the acute:chronic ratio reached ${formatRatio(alert.value)} ${span(alert)} (warning above ${alert.threshold}).`;
    case 'high_monotony':
      return `Every day carried about the same load: monotony reached ${formatRatio(alert.value)} ${span(alert)} (warning above ${alert.threshold}).`;
    case 'hard_days_cluster':
      return `${plural(alert.value, 'hard day')} within a week, up to ${formatDay(alert.worstDate)} (warning from ${alert.threshold}).`;
    case 'long_run_survival':
      return `The long run on ${formatDay(alert.worstDate)} turned into survival.`;
    case 'heart_rate_at_pace_drift':
      return `Your easy runs covered ${alert.value.toFixed(1)}% less ground per heartbeat ${span(alert)} than in the weeks before.`;
  }
}

function caveat(alert: Alert): string {
  const reason = alert.caveat.replace(/^a guide:\s*/i, '');
  return `A guide, not a diagnosis: ${reason}.`;
}
