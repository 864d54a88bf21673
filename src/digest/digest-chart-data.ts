import { addDays } from '../analysis/index.ts';
import { DIGEST_TREND_WEEKS } from './assemble-digest-week.ts';
import type { DigestChartData } from './digest-content.ts';
import { formatDayMonth, formatNumber, formatShortDay } from './digest-format.ts';
import type { DigestWeek } from './digest-week.ts';

const minutes = (seconds: number) => Math.round(seconds / 60);

/** The figures the two charts draw, with a description in words for readers who see no images. */
export function composeChartData(week: DigestWeek): DigestChartData {
  const days = Array.from({ length: 7 }, (_, offset) => {
    const date = addDays(week.weekStart, offset);
    const totals = { easy: 0, grey: 0, high: 0, other: 0 };
    for (const session of week.sessions) {
      if (session.localDate !== date) continue;
      if (session.zonesS) {
        totals.easy += session.zonesS.z1;
        totals.grey += session.zonesS.z2;
        totals.high += session.zonesS.z3;
      } else {
        totals.other += session.movingTimeS;
      }
    }
    return {
      date,
      label: formatShortDay(date),
      easyMin: minutes(totals.easy),
      greyMin: minutes(totals.grey),
      highMin: minutes(totals.high),
      otherMin: minutes(totals.other),
    };
  });
  const weeks = Array.from({ length: DIGEST_TREND_WEEKS }, (_, index) => {
    const weekStart = addDays(week.weekStart, -7 * (DIGEST_TREND_WEEKS - 1 - index));
    const weekEnd = addDays(weekStart, 6);
    const load = week.days
      .filter((day) => day.date >= weekStart && day.date <= weekEnd)
      .reduce((sum, day) => sum + day.load, 0);
    return { weekStart, label: formatDayMonth(weekStart), load, current: weekStart === week.weekStart };
  });
  const last = week.days.at(-1);
  return {
    weekIntensity: {
      days,
      description: `Minutes of running per day, easy (Z1) / grey zone (Z2) / hard (Z3): ${days
        .map((day) => {
          const run = day.easyMin + day.greyMin + day.highMin;
          const other = day.otherMin > 0 ? `${run > 0 ? ', ' : ''}${day.otherMin} other training` : '';
          if (run === 0 && day.otherMin === 0) return `${day.label} rest`;
          return `${day.label} ${run > 0 ? `${day.easyMin}/${day.greyMin}/${day.highMin}` : ''}${other}`;
        })
        .join('; ')}.`,
    },
    loadTrend: {
      weeks,
      days: week.days.map((day) => ({
        date: day.date,
        fitness: day.fitness,
        fatigue: day.fatigue,
        form: day.form,
      })),
      description:
        `Weekly load over ${DIGEST_TREND_WEEKS} weeks, oldest first: ${weeks.map((item) => `${item.label} ${formatNumber(item.load)}`).join(', ')}.` +
        (last
          ? ` At the end of the week: fitness ${formatNumber(last.fitness)}, fatigue ${formatNumber(last.fatigue)}, form ${formatNumber(last.form)}.`
          : ''),
    },
  };
}
