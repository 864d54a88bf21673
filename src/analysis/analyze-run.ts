import type { ActivityStreams } from '../domain/activity.ts';
import { isRunning } from '../domain/sport.ts';
import { classifyIntensity, isLongRun } from './classify-run.ts';
import { lowestConfidence } from './confidence.ts';
import { minutes, percent } from './format.ts';
import { heartRateQuality, scanSamples } from './hr-quality.ts';
import { heartRateZoneModel, paceZoneModel } from './hr-zones.ts';
import { localDateAt, localOffsetSeconds } from './local-week.ts';
import { efficiencyFactor, longRunFacts, runParts } from './long-run.ts';
import type { RuleSet } from './rule-set.ts';
import { inferPurpose } from './run-purpose.ts';
import { resolveThresholds } from './thresholds.ts';
import { measureIntensity } from './time-in-zones.ts';
import { type TrimpParameters, trimpCoefficients, trimpFromAverage } from './trimp.ts';
import type {
  ActivityAnalysis,
  ActivityInput,
  AnalysisContext,
  Confidence,
  HistoryContext,
  LongRunFacts,
  RunPurpose,
  ThresholdsInForce,
  ZoneModel,
} from './types.ts';

// The result is written out as one literal in each path (no spread): V8 builds a literal of ~40 fields
// as a fast object, but falls back to a slow dictionary object when they are spread in.

/**
 * Analyses one activity of any sport with the thresholds in force on its local date. Runs get a class,
 * the `long` flag and a purpose; other sports get zones and load (they count in the week's load).
 * Two passes over the samples (see hr-quality.ts and time-in-zones.ts); the result is plain JSON.
 */
export function analyzeActivity(
  activity: ActivityInput,
  context: AnalysisContext,
  ruleSet: RuleSet,
): ActivityAnalysis {
  const { athlete, history } = context;
  const offsetS = localOffsetSeconds(
    activity.startTime,
    activity.utcOffsetS,
    athlete.timeZone,
    activity.timeZone,
  );
  const localDate = localDateAt(activity.startTime, offsetS);
  const running = isRunning(activity.sport);
  const { streams, dropped } = alignedStreams(activity.streams);

  if (!streams || streams.timeS.length < 2) {
    const thresholds = resolveThresholds(athlete.thresholds, localDate, ruleSet, history.observedMaxHr);
    const movingTimeS = activity.movingTimeS ?? activity.elapsedTimeS;
    const long = running && isLongRun(movingTimeS, history.medianRunTimeS, ruleSet);
    const purpose = inferPurpose(
      {
        running,
        class: 'unknown',
        long,
        declared: activity.declaredPurpose ?? null,
        movingTimeS,
        zones: { z1: 0, z2: 0, z3: 0 },
        z3Blocks: 0,
        longestZ3CoreS: 0,
        longestSustainedBlockS: 0,
      },
      ruleSet,
    );
    // Banister's original TRIMP from the average keeps a summary-only upload in the load; a manual entry
    // gets duration only (DOMAIN.md).
    const averageHr = activity.manual ? null : activity.avgHeartRate;
    const trimp =
      averageHr !== null && averageHr > 0
        ? trimpFromAverage(averageHr, movingTimeS / 60, trimpParametersFor(thresholds, athlete.sex, ruleSet))
        : null;
    return {
      ...identify(activity, localDate, offsetS, ruleSet),
      movingTimeS,
      pausedS: Math.max(0, activity.elapsedTimeS - movingTimeS),
      distanceM: activity.distanceM,
      averageSpeedMps: averageSpeed(activity.distanceM, movingTimeS),
      signal: 'none',
      class: 'unknown',
      classEvidence: {
        rule: 'no_samples',
        detail: activity.manual ? 'manual entry: duration only' : 'no samples recorded',
      },
      long,
      purpose: purpose.purpose,
      purposeSource: purpose.source,
      junk: false,
      timeInZonesS: { z1: 0, z2: 0, z3: 0 },
      unzonedS: movingTimeS,
      fiveZonesS: null,
      workZ2Z3S: 0,
      recoveryZoneS: 0,
      structure: { z3Blocks: 0, longestZ3BlockS: 0, longestZ3CoreS: 0, longestSustainedBlockS: 0 },
      zones: null,
      trimp,
      trimpMethod: trimp === null ? null : 'average',
      heartRateQuality: null,
      peak30sHr: null,
      efficiencyFactor: null,
      longRun: null,
      thresholds,
      confidence: 'none',
      confidenceReasons: [
        activity.manual ? 'manual entry without samples' : 'no samples: class unknown',
        ...(trimp === null ? [] : ['load estimated from the average heart rate']),
      ],
    };
  }

  const scan = scanSamples(streams.timeS, streams.heartRate, ruleSet);
  const quality = streams.heartRate ? heartRateQuality(scan, ruleSet) : null;
  const thresholds = resolveThresholds(
    athlete.thresholds,
    localDate,
    ruleSet,
    withOwnPeak(history.observedMaxHr, scan.peak30sHr),
  );
  const hasPace = streams.distanceM !== undefined || streams.speedMps !== undefined;
  const heartRateZones = heartRateZoneModel(thresholds, ruleSet);
  const paceZones = running && hasPace ? paceZoneModel(thresholds, history, ruleSet) : null;
  const coverage = quality?.coverage ?? 0;
  let signal: ActivityAnalysis['signal'] = 'none';
  let model: ZoneModel | null = null;
  if (quality && coverage >= ruleSet.quality.minHrCoverageForHrBasis) {
    signal = 'heart_rate';
    model = heartRateZones;
  } else if (paceZones) {
    signal = 'pace';
    model = paceZones;
  } else if (quality && quality.validS > 0 && coverage >= ruleSet.quality.minHrCoverageToClassify) {
    signal = 'heart_rate';
    model = heartRateZones;
  }

  const movingTimeS = scan.movingTimeS;
  const trimpParameters = streams.heartRate ? trimpParametersFor(thresholds, athlete.sex, ruleSet) : null;
  const totals = measureIntensity(
    {
      streams,
      scan,
      signal: signal === 'pace' ? 'pace' : 'heart_rate',
      model,
      trimp: trimpParameters,
      parts: runParts(movingTimeS, ruleSet),
    },
    ruleSet,
  );
  const classification =
    signal === 'none'
      ? ({
          class: 'unknown',
          evidence: { rule: 'no_usable_signal', detail: 'no usable heart rate or pace' },
        } as const)
      : classifyIntensity(
          {
            zones: totals.zones,
            workZ2Z3S: totals.workZ2Z3S,
            recoveryZoneS: totals.recoveryZoneS,
            movingTimeS,
          },
          ruleSet,
        );
  const long = running && isLongRun(movingTimeS, history.medianRunTimeS, ruleSet);
  const purpose = inferPurpose(
    {
      running,
      class: classification.class,
      long,
      declared: activity.declaredPurpose ?? null,
      movingTimeS,
      zones: totals.zones,
      z3Blocks: totals.z3Blocks,
      longestZ3CoreS: totals.longestZ3CoreS,
      longestSustainedBlockS: totals.longestSustainedBlockS,
    },
    ruleSet,
  );
  const streamDistance = totals.speedValidS > 0 ? totals.distanceByTimeS : null;
  const distanceM = activity.distanceM ?? streamDistance;
  const trimp = totals.trimp !== null && scan.validS > 0 ? totals.trimp : null;
  const { confidence, reasons } = gradeConfidence(signal, model, quality, thresholds);
  if (dropped.length > 0) reasons.push(`${dropped.join(', ')} left out: not aligned with the time stream`);

  return {
    ...identify(activity, localDate, offsetS, ruleSet),
    movingTimeS,
    pausedS: scan.pausedS,
    distanceM,
    averageSpeedMps: averageSpeed(distanceM, movingTimeS),
    signal,
    class: classification.class,
    classEvidence: classification.evidence,
    long,
    purpose: purpose.purpose,
    purposeSource: purpose.source,
    junk: purpose.junk,
    timeInZonesS: totals.zones,
    unzonedS: totals.unzonedS,
    fiveZonesS: signal === 'heart_rate' ? totals.fiveZones : null,
    workZ2Z3S: totals.workZ2Z3S,
    recoveryZoneS: totals.recoveryZoneS,
    structure: {
      z3Blocks: totals.z3Blocks,
      longestZ3BlockS: totals.longestZ3BlockS,
      longestZ3CoreS: totals.longestZ3CoreS,
      longestSustainedBlockS: totals.longestSustainedBlockS,
    },
    zones: model,
    trimp,
    trimpMethod: trimp === null ? null : 'samples',
    heartRateQuality: quality,
    peak30sHr: scan.peak30sHr,
    efficiencyFactor: running ? efficiencyFactor(totals, ruleSet) : null,
    longRun: long ? judgedLongRun(longRunFacts(totals, ruleSet), purpose.purpose) : null,
    thresholds,
    confidence,
    confidenceReasons: reasons,
  };
}

/** Drift across an interval session measures its structure, not fatigue: it is told, not judged. */
function judgedLongRun(facts: LongRunFacts, purpose: RunPurpose | null): LongRunFacts {
  return purpose === 'intervals' ? { ...facts, survival: null } : facts;
}

/** Streams must align sample for sample with `timeS` (domain contract); one that does not is left out. */
function alignedStreams(streams: ActivityStreams | null): {
  streams: ActivityStreams | null;
  dropped: string[];
} {
  if (!streams) return { streams, dropped: [] };
  const length = streams.timeS.length;
  const dropped: string[] = [];
  let aligned = streams;
  for (const name of ['heartRate', 'distanceM', 'speedMps', 'altitudeM', 'cadence'] as const) {
    const values = streams[name];
    if (values === undefined || values.length === length) continue;
    if (aligned === streams) aligned = { ...streams };
    delete aligned[name];
    dropped.push(name);
  }
  return { streams: aligned, dropped };
}

/** This run's own peak is evidence too: a max HR below what the athlete just produced is wrong. */
function withOwnPeak(
  observed: HistoryContext['observedMaxHr'],
  ownPeak: number | null,
): HistoryContext['observedMaxHr'] {
  if (ownPeak === null) return observed;
  if (observed === null) return { value: ownPeak, runsWithHeartRate: 1 };
  return { value: Math.max(observed.value, ownPeak), runsWithHeartRate: observed.runsWithHeartRate + 1 };
}

function trimpParametersFor(
  thresholds: ThresholdsInForce,
  sex: AnalysisContext['athlete']['sex'],
  ruleSet: RuleSet,
): TrimpParameters {
  const { k, c } = trimpCoefficients(sex, ruleSet);
  return { restingHr: thresholds.restingHr.value, maxHr: thresholds.maxHr.value, k, c };
}

function averageSpeed(distanceM: number | null, movingTimeS: number): number | null {
  return distanceM !== null && distanceM > 0 && movingTimeS > 0 ? distanceM / movingTimeS : null;
}

function gradeConfidence(
  signal: ActivityAnalysis['signal'],
  model: ZoneModel | null,
  quality: ActivityAnalysis['heartRateQuality'],
  thresholds: ThresholdsInForce,
): { confidence: Confidence; reasons: string[] } {
  const reasons: string[] = [...thresholds.notes];
  if (signal === 'none' || !model) {
    reasons.push('no usable heart rate or pace');
    return { confidence: 'none', reasons };
  }
  if (signal === 'pace') {
    reasons.push(
      model.basis === 'threshold_pace'
        ? 'classified from pace against threshold pace (no usable heart rate)'
        : "classified from pace against the athlete's pace history (no usable heart rate)",
    );
    return { confidence: 'low', reasons };
  }
  const grade = quality?.grade ?? 'none';
  if (quality && grade !== 'high') {
    reasons.push(`heart rate covers ${percent(quality.coverage)} of moving time`);
    if (quality.spikeS > 0) reasons.push(`${quality.spikes} spikes (${minutes(quality.spikeS)}) left out`);
  }
  if (model.confidence !== 'high')
    reasons.push(`zones from ${model.basis.replaceAll('_', ' ')} (${model.confidence})`);
  return { confidence: lowestConfidence(grade, model.confidence), reasons };
}

/** The fields every analysis starts with: which activity, when, under which rule set. */
function identify(activity: ActivityInput, localDate: string, offsetS: number, ruleSet: RuleSet) {
  return {
    ruleSetVersion: ruleSet.version,
    activityId: activity.id,
    parentId: activity.parentId ?? null,
    sport: activity.sport,
    subSport: activity.subSport,
    manual: activity.manual,
    startTime: activity.startTime.toISOString(),
    localDate,
    utcOffsetS: offsetS,
    elapsedTimeS: activity.elapsedTimeS,
  };
}
