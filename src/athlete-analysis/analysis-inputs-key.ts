import { createHash } from 'node:crypto';
import type { AthleteProfile, HistoryContext, LocalDate, RuleSet } from '../analysis/index.ts';
import type { Activity } from '../generated/prisma/client.ts';

/** The activity's own figures an analysis reads, and which samples it has (their source and size). */
export type ActivityDataFields = Pick<
  Activity,
  | 'sport'
  | 'subSport'
  | 'startTime'
  | 'utcOffsetS'
  | 'timeZone'
  | 'elapsedTimeS'
  | 'movingTimeS'
  | 'distanceM'
  | 'avgHeartRate'
  | 'maxHeartRate'
  | 'manual'
  | 'streamsSourceId'
  | 'heartRateSamples'
>;

/**
 * What one activity's analysis depended on, as a short hash: the activity's own figures and samples (as
 * the row read *before* the samples says them: samples read later can only be newer, so a mismatch only
 * ever makes it analysed again), the rule set, the athlete's thresholds that could be in force on its
 * date, their sex, and what their history said then. When it changes (new samples, an edited summary,
 * new thresholds, a run imported into the past, a new rule set) the activity is analysed again, whatever
 * order concurrent syncs and analyses ran in.
 */
export function analysisInputsKey(
  ruleSet: RuleSet,
  athlete: AthleteProfile,
  localDate: LocalDate,
  history: HistoryContext,
  activity: ActivityDataFields,
): string {
  const thresholds = athlete.thresholds.filter((threshold) => threshold.validFrom <= localDate);
  const inputs = {
    activity: [
      activity.sport,
      activity.subSport,
      activity.startTime.getTime(),
      activity.utcOffsetS,
      activity.timeZone,
      activity.elapsedTimeS,
      activity.movingTimeS,
      activity.distanceM,
      activity.avgHeartRate,
      activity.maxHeartRate,
      activity.manual,
      activity.streamsSourceId,
      activity.heartRateSamples,
    ],
    rules: ruleSet.version,
    sex: athlete.sex,
    thresholds,
    medianRunTimeS: round(history.medianRunTimeS),
    medianRunSpeedMps: round(history.medianRunSpeedMps, 100),
    observedMaxHr: history.observedMaxHr,
  };
  return createHash('sha256').update(JSON.stringify(inputs)).digest('base64url').slice(0, 22);
}

function round(value: number | null, factor = 1): number | null {
  return value === null ? null : Math.round(value * factor) / factor;
}
