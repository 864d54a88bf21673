/**
 * weekwise's analysis: pure functions from samples and thresholds to facts (no database, clock or I/O).
 * Outputs are plain JSON (dates as strings) and carry the rule set's version.
 */
export { type Alert, type AlertCode, detectAlerts } from './alerts.ts';
export { type AthleteReport, analyzeAthlete } from './analyze-athlete.ts';
export { analyzeActivity } from './analyze-run.ts';
export { buildDailySummaries, buildWeeks, countedActivities, type DateRange } from './build-weeks.ts';
export { classifyIntensity, isLongRun } from './classify-run.ts';
export {
  computeFatigueSeries,
  type DailyLoad,
  type FatigueDay,
  type FatigueStart,
} from './fatigue-series.ts';
export { analyzeActivities, HistoryWindow, summarizeHistory } from './history.ts';
export { heartRateZoneModel, paceZoneModel, zoneOf } from './hr-zones.ts';
export { judgeWeek } from './judge-week.ts';
export { fosterMonotony } from './load-stats.ts';
export { addDays, isoWeekday, localDateAt, localOffsetSeconds, weekStartOf } from './local-week.ts';
export { parseRuleSet, RULE_SET_V1, type RuleSet, ruleSetSchema } from './rule-set.ts';
export { type MaxHrObservation, observeMaxHr, resolveThresholds, thresholdInForce } from './thresholds.ts';
export { type TrimpParameters, trimpCoefficients, trimpFromAverage, trimpPerMinute } from './trimp.ts';
export type * from './types.ts';
export { ANALYSIS_DETAIL_KEYS } from './types.ts';
export { type WeekJson, type WeekRunJson, weekToJson } from './week-json.ts';
export type * from './week-types.ts';
export { WEEK_FLAGS } from './week-types.ts';
