import { fosterMonotony } from './load-stats.ts';
import { dateFromEpochDay, epochDay } from './local-week.ts';
import type { RuleSet } from './rule-set.ts';
import type { LocalDate } from './types.ts';

export interface DailyLoad {
  date: LocalDate;
  load: number;
}

export interface FatigueDay {
  date: LocalDate;
  load: number;
  /** Fitness: 42-day exponentially weighted load. */
  ctl: number;
  /** Fatigue: 7-day exponentially weighted load. */
  atl: number;
  /** Form: yesterday's CTL − yesterday's ATL, so today's session does not judge itself. */
  tsb: number;
  /** CTL − CTL `rampDays` ago; null until that much history exists. */
  rampRate: number | null;
  /** EWMA-7 / EWMA-28 of daily load; null until the chronic window has filled. */
  acwr: number | null;
  monotony: number | null;
  /** 7-day load × monotony (Foster). */
  strain: number | null;
}

export interface FatigueStart {
  ctl: number;
  atl: number;
  acuteEwma: number;
  chronicEwma: number;
}

/**
 * The coach's fatigue series, one entry per date from the first to the last given (or `range`), missing
 * dates counted as rest (load 0). CTL/ATL use the Banister-style impulse response
 * X = X' + (load − X')·(1 − e^(−1/N)); ACWR uses Williams et al.'s EWMA, λ = 2/(N+1), which they proposed
 * against the rolling-average ratio (its cut-offs remain disputed: Impellizzeri 2020).
 *
 * Start: a stored state when given; else `'seeded'` (default), every average starts at the mean daily
 * load of the first `ctlDays` days. Data begins with an import, not with the athlete's first run: from
 * zero, CTL needs months to settle and TSB reads −50 for weeks. `'zero'` is the textbook start.
 */
export function computeFatigueSeries(
  dailyLoads: readonly DailyLoad[],
  ruleSet: RuleSet,
  options: { range?: { from: LocalDate; to: LocalDate }; start?: FatigueStart | 'seeded' | 'zero' } = {},
): FatigueDay[] {
  const rules = ruleSet.fatigue;
  const loads = new Map<number, number>();
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const { date, load } of dailyLoads) {
    const day = epochDay(date);
    loads.set(day, (loads.get(day) ?? 0) + (Number.isFinite(load) && load > 0 ? load : 0));
    if (day < first) first = day;
    if (day > last) last = day;
  }
  if (options.range) {
    first = epochDay(options.range.from);
    last = epochDay(options.range.to);
  }
  if (!(first <= last)) return [];

  const ctlFactor = 1 - Math.exp(-1 / rules.ctlDays);
  const atlFactor = 1 - Math.exp(-1 / rules.atlDays);
  const acuteLambda = 2 / (rules.acwrAcuteDays + 1);
  const chronicLambda = 2 / (rules.acwrChronicDays + 1);
  const start = options.start ?? 'seeded';
  let seed = 0;
  if (start === 'seeded') {
    const days = Math.min(Math.ceil(rules.ctlDays), last - first + 1);
    for (let day = first; day < first + days; day++) seed += loads.get(day) ?? 0;
    seed /= days;
  }
  const given = typeof start === 'object' ? start : null;
  let ctl = given?.ctl ?? seed;
  let atl = given?.atl ?? seed;
  let acute = given?.acuteEwma ?? seed;
  let chronic = given?.chronicEwma ?? seed;
  const warm = given !== null;
  const series: FatigueDay[] = [];
  const window: number[] = [];
  for (let day = first; day <= last; day++) {
    const load = loads.get(day) ?? 0;
    const tsb = ctl - atl;
    ctl += (load - ctl) * ctlFactor;
    atl += (load - atl) * atlFactor;
    acute = acuteLambda * load + (1 - acuteLambda) * acute;
    chronic = chronicLambda * load + (1 - chronicLambda) * chronic;
    const index = series.length;
    window.push(load);
    if (window.length > rules.monotonyDays) window.shift();
    const full = window.length === rules.monotonyDays;
    const monotony = full ? fosterMonotony(window, rules.monotonyCap) : null;
    const weekLoad = window.reduce((sum, value) => sum + value, 0);
    const earlier = index >= rules.rampDays ? series[index - rules.rampDays]! : null;
    const acwrReady = warm || index + 1 >= rules.acwrMinHistoryDays;
    series.push({
      date: dateFromEpochDay(day),
      load,
      ctl,
      atl,
      tsb,
      rampRate: earlier ? ctl - earlier.ctl : null,
      acwr: acwrReady && chronic > 0 ? acute / chronic : null,
      monotony,
      strain: monotony === null ? null : weekLoad * monotony,
    });
  }
  return series;
}
