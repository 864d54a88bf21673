import { analyzeActivity } from '../../../src/analysis/analyze-run.ts';
import { RULE_SET_V1, type RuleSet } from '../../../src/analysis/rule-set.ts';
import type {
  ActivityAnalysis,
  ActivityInput,
  AthleteProfile,
  DatedThreshold,
  HistoryContext,
  IsoWeekday,
  RunPurpose,
} from '../../../src/analysis/types.ts';
import type { ActivityStreams } from '../../../src/domain/activity.ts';
import type { Sport } from '../../../src/domain/sport.ts';
import type { StreamBuilder } from './stream-builder.ts';

export const NO_HISTORY: HistoryContext = {
  medianRunTimeS: null,
  medianRunSpeedMps: null,
  observedMaxHr: null,
};

/** LTHR 170 (set): Z1 < 153, Z2 153–169.99, Z3 ≥ 170; Friel Z1 (recovery) < 144.5. */
export function athlete(
  overrides: Partial<AthleteProfile> & { lthr?: number | null; maxHr?: number; restingHr?: number } = {},
): AthleteProfile {
  const { lthr = 170, maxHr, restingHr, ...rest } = overrides;
  const thresholds: DatedThreshold[] = [...(overrides.thresholds ?? [])];
  if (lthr !== null) thresholds.push({ kind: 'lthr', value: lthr, validFrom: '2020-01-01', source: 'set' });
  if (maxHr !== undefined)
    thresholds.push({ kind: 'max_hr', value: maxHr, validFrom: '2020-01-01', source: 'set' });
  if (restingHr !== undefined) {
    thresholds.push({ kind: 'resting_hr', value: restingHr, validFrom: '2020-01-01', source: 'provider' });
  }
  return {
    sex: 'male',
    timeZone: 'Europe/Paris',
    weekStartDay: 1 as IsoWeekday,
    ...rest,
    thresholds,
  };
}

let counter = 0;

export interface ActivityOptions {
  id?: string;
  parentId?: string | null;
  sport?: Sport;
  subSport?: string | null;
  start?: string;
  utcOffsetS?: number | null;
  timeZone?: string | null;
  manual?: boolean;
  avgHeartRate?: number | null;
  movingTimeS?: number | null;
  elapsedTimeS?: number;
  distanceM?: number | null;
  declaredPurpose?: RunPurpose | null;
  intervalS?: number;
  heartRate?: boolean;
  pace?: 'speed' | 'distance' | 'both' | 'none';
}

/** An activity from a stream builder (or none: a summary or manual entry). */
export function activity(builder: StreamBuilder | null, options: ActivityOptions = {}): ActivityInput {
  counter++;
  const built: ActivityStreams | null = builder
    ? builder.build({ intervalS: options.intervalS, heartRate: options.heartRate, pace: options.pace })
    : null;
  const moving = builder ? builder.movingTimeS() : (options.movingTimeS ?? 3600);
  return {
    id: options.id ?? `activity-${counter}`,
    parentId: options.parentId ?? null,
    sport: options.sport ?? 'running',
    subSport: options.subSport ?? null,
    startTime: new Date(options.start ?? '2026-03-04T07:00:00Z'),
    utcOffsetS: options.utcOffsetS === undefined ? null : options.utcOffsetS,
    timeZone: options.timeZone ?? null,
    elapsedTimeS: options.elapsedTimeS ?? (builder ? builder.elapsedTimeS() : moving),
    movingTimeS: options.movingTimeS === undefined ? moving : options.movingTimeS,
    distanceM: options.distanceM ?? null,
    manual: options.manual ?? false,
    avgHeartRate: options.avgHeartRate ?? null,
    streams: built,
    declaredPurpose: options.declaredPurpose ?? null,
  };
}

export function analyze(
  builder: StreamBuilder | null,
  options: ActivityOptions & {
    athlete?: AthleteProfile;
    history?: Partial<HistoryContext>;
    ruleSet?: RuleSet;
  } = {},
): ActivityAnalysis {
  return analyzeActivity(
    activity(builder, options),
    { athlete: options.athlete ?? athlete(), history: { ...NO_HISTORY, ...options.history } },
    options.ruleSet ?? RULE_SET_V1,
  );
}
