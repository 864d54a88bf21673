import { weekToJson } from '../../analysis/index.ts';
import type { StoredWeek } from '../../athlete-analysis/athlete-analysis.store.ts';
import { formatDuration } from './format.ts';
import { createTable } from './table.ts';

const RULE_MARK = { pass: '✓', fail: '✗', unknown: '?', withheld: '–' } as const;

/** One row a week: what a runner needs to see the balance at a glance. */
export function printWeeksTable(weeks: StoredWeek[]): void {
  const table = createTable({
    head: [
      'week of',
      'runs',
      'running',
      'easy / grey / hard',
      'hard',
      'long run',
      'load (vs 4 wk)',
      'verdict',
    ],
    colWidths: [12, 6, 10, 20, 6, 17, 16, 36],
    wordWrap: true,
  });
  for (const week of weeks) {
    const json = weekToJson(week);
    const share = (value: number | null) => (value === null ? '–' : `${Math.round(value * 100)}%`);
    const longRun = json.longRun
      ? `${formatDuration(week.facts.longRun!.movingTimeS)}${json.longRun.survival ? ' survival' : ''}`
      : '–';
    table.push([
      week.weekStart,
      String(week.runs.length),
      formatDuration(json.runningTimeS),
      `${share(json.easyShare)} / ${share(json.greyShare)} / ${share(json.highShare)}`,
      String(json.hardSessions),
      longRun,
      `${Math.round(json.load)}${json.acwr === null ? '' : ` (×${json.acwr.toFixed(2)})`}`,
      `${json.verdict}${json.confidence === 'high' || json.confidence === 'none' ? '' : ` (${json.confidence} confidence)`}`,
    ]);
  }
  console.log(table.toString());
}

export function printLatestWeek(week: StoredWeek): void {
  const { judgement } = week;
  console.log(
    `\nWeek of ${week.weekStart}${week.facts.complete ? '' : ' (in progress)'}: ${judgement.verdict}`,
  );
  for (const rule of judgement.rules) console.log(`  ${RULE_MARK[rule.status]} ${rule.evidence}`);
  if (judgement.recommendation) console.log(`\nNext week: ${judgement.recommendation}`);
  console.log(
    '\nZ1 easy · Z2 moderate, the "grey zone": too hard to recover from, too easy to improve · Z3 hard.',
  );
}
