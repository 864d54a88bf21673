import { z } from 'zod';

/**
 * Every cut-off the engines use, in one versioned, validated object (DOMAIN.md: "keep them in one place").
 * A coach or a later release supplies another rule set; the engines never hard-code a number.
 * Many published cut-offs are disputed (ACWR, monotony, decoupling): the values below are guides.
 */
const share = z.number().min(0).max(1);
const positive = z.number().positive();
const nonNegative = z.number().min(0);
const trimpCoefficients = z.object({ k: positive, c: positive });

export const ruleSetSchema = z.object({
  version: z.string().min(1),
  samples: z.object({
    /** A gap between samples longer than this is a pause, not moving time (Strava and Garmin use ~10–20 s). */
    pauseGapS: positive,
  }),
  heartRate: z.object({
    plausibleMinBpm: positive,
    plausibleMaxBpm: positive,
    /** A jump this large away from the current level that comes back quickly is a sensor spike. */
    spikeJumpBpm: positive,
    /** Heart rate cannot rise and fall by `spikeJumpBpm` within this time: an excursion that returns sooner is a spike. */
    spikeMaxDurationS: positive,
    /** Window of the rolling average used to estimate max HR (DOMAIN.md: 30 s). */
    peakWindowS: positive,
    /** Share of the peak window that must hold valid heart rate. */
    peakMinCoverage: share,
  }),
  defaults: z.object({
    /** Population defaults, used with low confidence only when nothing better is known. */
    maxHrBpm: positive,
    restingHrBpm: positive,
  }),
  thresholds: z.object({
    maxHrLookbackDays: positive,
    /** Runs with heart rate needed before an estimate below the population default replaces it. */
    maxHrEstimateMinRuns: z.number().int().min(1),
    /** Runs with heart rate needed before an estimate earns medium (not low) confidence. */
    maxHrEstimateMediumRuns: z.number().int().min(1),
    /** A set max HR this far below an observed 30-s peak is reported as probably stale. */
    observedAboveMaxNoteBpm: nonNegative,
  }),
  zones: z.object({
    /** Seiler's three zones (DOMAIN.md table). `z2From` is inclusive; `z3From` inclusive for LTHR, exclusive ("> 87%") otherwise. */
    lthr: z.object({ z2From: positive, z3From: positive }),
    maxHr: z.object({ z2From: positive, z3Above: positive }),
    heartRateReserve: z.object({ z2From: positive, z3Above: positive }),
    /** Friel's five zones: lower bounds of Z2..Z5 as fractions of LTHR. */
    friel: z.tuple([positive, positive, positive, positive]),
    pace: z.object({
      /**
       * Pace zones as ratios of threshold pace (s/km), after Friel's run pace zones: slower than 113% of
       * threshold pace is Z1, at or faster than threshold pace is Z3, slower than 129% is recovery.
       */
      z2FromPaceRatio: positive,
      z3FromPaceRatio: positive,
      recoveryPaceRatio: positive,
      /** Without a threshold pace, threshold speed ≈ this × the athlete's median run speed (most runs are easy). */
      thresholdSpeedPerMedianSpeed: positive,
      plausibleMaxSpeedMps: positive,
    }),
  }),
  trimp: z.object({
    /** Banister's coefficients; an athlete of unknown sex gets the mean of the two. */
    male: trimpCoefficients,
    female: trimpCoefficients,
  }),
  quality: z.object({
    highCoverage: share,
    mediumCoverage: share,
    /** Above this share of moving time in spikes the data is at most medium quality. */
    highMaxSpikeShare: share,
    /** Below this heart-rate coverage a run with a pace stream is judged on pace instead. */
    minHrCoverageForHrBasis: share,
    /** Below this heart-rate coverage, and without pace, a run is not classified at all. */
    minHrCoverageToClassify: share,
  }),
  classification: z.object({
    hardZ3MinS: positive,
    hardWorkZ2Z3MinS: positive,
    /** The work part excludes this much moving time at the start and at the end. */
    workWarmUpS: nonNegative,
    workCoolDownS: nonNegative,
    moderateZ2Share: share,
    recoveryMaxS: positive,
    /** "Nearly all in the lower half of Z1": share of zoned time below the recovery line (Friel Z1). */
    recoveryLowZ1Share: share,
    longMinS: positive,
    longMedianFactor: positive,
    longMedianMinS: positive,
    medianRunTimeDays: z.number().int().min(1),
    paceHistoryDays: z.number().int().min(1),
  }),
  purpose: z.object({
    intervalMinBlockS: positive,
    intervalMinBlocks: z.number().int().min(2),
    /** A hard run needs fewer blocks to read as intervals (2 × 10 min is a session, two hills are not). */
    intervalMinBlocksWhenHard: z.number().int().min(1),
    /** Time below the exit level that ends a Z3 block (the recovery). */
    intervalRecoveryMinS: positive,
    /** Hysteresis: a Z3 block ends only below z3From × (1 − this). */
    intervalExitDrop: share,
    tempoMinBlockS: positive,
    /** A single Z3 block this long is a threshold effort too, though shorter than a Z2–Z3 tempo block. */
    tempoMinZ3BlockS: positive,
    /** Time below Z2 that ends a sustained block (a short dip, a traffic light, does not). */
    tempoDipMaxS: positive,
    raceBlockShare: share,
    /** One unbroken Z3 block this long is a race effort (a 5K, a 10K, a time trial): tempo stays below LTHR. */
    raceMinZ3BlockS: positive,
    raceZ3Share: share,
    raceMinS: positive,
  }),
  longRun: z.object({
    /** Friel measures decoupling after the warm-up. */
    warmUpExcludedS: nonNegative,
    /** DOMAIN.md: decoupling < 5% is "progression, not survival". */
    decouplingSurvivalPct: z.number(),
    /** Late fade compares the last share of the run with the first half (after the warm-up). */
    lateShare: share,
    fadeSurvivalPct: z.number(),
    /** Share of each half that must hold both heart rate and speed for decoupling to be stated. */
    minHalfCoverage: share,
    /** Compared parts whose net grades differ by more than this (percentage points) are not compared. */
    maxGradeDifferencePct: positive,
  }),
  week: z.object({
    hardSessionsMin: z.number().int().min(0),
    hardSessionsMax: z.number().int().min(0),
    easyShareMin: share,
    easyShareTarget: share,
    greyShareMax: share,
    moderateRunsMax: z.number().int().min(0),
    /** "≥ 48 h between hard sessions", counted in local days: stress days at least this many days apart. */
    minDaysBetweenStressDays: z.number().int().min(1),
    longRunMaxShare: share,
    loadRatioMin: positive,
    loadRatioMax: positive,
    loadRatioPreviousWeeks: z.number().int().min(1),
    loadRatioMinPreviousWeeks: z.number().int().min(1),
    /** A week under this share of the previous weeks' load is read as a planned recovery week. */
    recoveryWeekLoadRatio: positive,
    monotonyMax: positive,
    /** Verdict withheld below this share of running time with usable heart rate. */
    minHrCoverage: share,
    /** Verdict withheld when more than this share of zoned time rests on low-confidence zones. */
    maxLowConfidenceZoneShare: share,
    highConfidenceCoverage: share,
    highConfidenceZoneShare: share,
    lowConfidenceCoverage: share,
    lowConfidenceZoneShare: share,
  }),
  fatigue: z.object({
    ctlDays: positive,
    atlDays: positive,
    rampDays: z.number().int().min(1),
    acwrAcuteDays: positive,
    acwrChronicDays: positive,
    /** EWMA ACWR is biased until the chronic window has filled (Williams et al. 2017). */
    acwrMinHistoryDays: z.number().int().min(0),
    monotonyDays: z.number().int().min(2),
    /** Identical loads every day give SD = 0: monotony is capped so it stays a finite number. */
    monotonyCap: positive,
  }),
  alerts: z.object({
    tsbBelow: z.number(),
    acwrAbove: positive,
    monotonyAbove: positive,
    hardDaysInWindow: z.number().int().min(1),
    hardDaysWindowDays: z.number().int().min(1),
    efficiencyDropPct: positive,
    efficiencyRecentDays: z.number().int().min(1),
    efficiencyBaselineDays: z.number().int().min(1),
    efficiencyMinRuns: z.number().int().min(1),
  }),
});

export type RuleSet = z.infer<typeof ruleSetSchema>;

export const RULE_SET_V1: RuleSet = {
  version: '2026.1',
  samples: { pauseGapS: 15 },
  heartRate: {
    plausibleMinBpm: 30,
    plausibleMaxBpm: 230,
    spikeJumpBpm: 25,
    spikeMaxDurationS: 10,
    peakWindowS: 30,
    peakMinCoverage: 0.8,
  },
  // 185 bpm: a typical adult runner's max HR; resting 60 bpm: the textbook adult value.
  defaults: { maxHrBpm: 185, restingHrBpm: 60 },
  thresholds: {
    maxHrLookbackDays: 365,
    maxHrEstimateMinRuns: 5,
    maxHrEstimateMediumRuns: 10,
    observedAboveMaxNoteBpm: 3,
  },
  zones: {
    lthr: { z2From: 0.9, z3From: 1.0 },
    maxHr: { z2From: 0.82, z3Above: 0.87 },
    heartRateReserve: { z2From: 0.7, z3Above: 0.85 },
    friel: [0.85, 0.9, 0.95, 1.0],
    pace: {
      z2FromPaceRatio: 1.13,
      z3FromPaceRatio: 1.0,
      recoveryPaceRatio: 1.29,
      thresholdSpeedPerMedianSpeed: 1.25,
      plausibleMaxSpeedMps: 10,
    },
  },
  trimp: { male: { k: 0.64, c: 1.92 }, female: { k: 0.86, c: 1.67 } },
  quality: {
    highCoverage: 0.95,
    mediumCoverage: 0.8,
    highMaxSpikeShare: 0.02,
    minHrCoverageForHrBasis: 0.5,
    minHrCoverageToClassify: 0.25,
  },
  classification: {
    hardZ3MinS: 8 * 60,
    hardWorkZ2Z3MinS: 20 * 60,
    workWarmUpS: 10 * 60,
    workCoolDownS: 5 * 60,
    moderateZ2Share: 0.2,
    recoveryMaxS: 40 * 60,
    recoveryLowZ1Share: 0.9,
    longMinS: 90 * 60,
    longMedianFactor: 1.5,
    longMedianMinS: 60 * 60,
    medianRunTimeDays: 28,
    paceHistoryDays: 90,
  },
  purpose: {
    intervalMinBlockS: 60,
    intervalMinBlocks: 3,
    intervalMinBlocksWhenHard: 2,
    intervalRecoveryMinS: 30,
    intervalExitDrop: 0.04,
    tempoMinBlockS: 15 * 60,
    tempoMinZ3BlockS: 8 * 60,
    tempoDipMaxS: 60,
    raceBlockShare: 0.8,
    raceMinZ3BlockS: 15 * 60,
    raceZ3Share: 0.5,
    raceMinS: 10 * 60,
  },
  longRun: {
    warmUpExcludedS: 10 * 60,
    decouplingSurvivalPct: 5,
    lateShare: 0.25,
    fadeSurvivalPct: 10,
    minHalfCoverage: 0.5,
    maxGradeDifferencePct: 1,
  },
  week: {
    hardSessionsMin: 1,
    hardSessionsMax: 2,
    easyShareMin: 0.75,
    easyShareTarget: 0.8,
    greyShareMax: 0.15,
    moderateRunsMax: 2,
    minDaysBetweenStressDays: 2,
    longRunMaxShare: 0.35,
    loadRatioMin: 0.8,
    loadRatioMax: 1.3,
    loadRatioPreviousWeeks: 4,
    loadRatioMinPreviousWeeks: 2,
    recoveryWeekLoadRatio: 0.7,
    monotonyMax: 2.0,
    minHrCoverage: 0.7,
    maxLowConfidenceZoneShare: 0.5,
    highConfidenceCoverage: 0.9,
    highConfidenceZoneShare: 0.9,
    lowConfidenceCoverage: 0.8,
    lowConfidenceZoneShare: 0.25,
  },
  fatigue: {
    ctlDays: 42,
    atlDays: 7,
    rampDays: 7,
    acwrAcuteDays: 7,
    acwrChronicDays: 28,
    acwrMinHistoryDays: 28,
    monotonyDays: 7,
    monotonyCap: 10,
  },
  alerts: {
    tsbBelow: -30,
    acwrAbove: 1.5,
    monotonyAbove: 2.0,
    hardDaysInWindow: 3,
    hardDaysWindowDays: 7,
    efficiencyDropPct: 5,
    efficiencyRecentDays: 7,
    efficiencyBaselineDays: 28,
    efficiencyMinRuns: 3,
  },
};

const orderedRuleSetSchema = ruleSetSchema.superRefine((rules, context) => {
  const problem = (path: string[], message: string) => context.addIssue({ code: 'custom', path, message });
  if (rules.zones.lthr.z2From >= rules.zones.lthr.z3From)
    problem(['zones', 'lthr'], 'z2From must be below z3From');
  if (rules.zones.maxHr.z2From >= rules.zones.maxHr.z3Above)
    problem(['zones', 'maxHr'], 'z2From must be below z3Above');
  if (rules.zones.heartRateReserve.z2From >= rules.zones.heartRateReserve.z3Above) {
    problem(['zones', 'heartRateReserve'], 'z2From must be below z3Above');
  }
  const friel = rules.zones.friel;
  if (!(friel[0] < friel[1] && friel[1] < friel[2] && friel[2] < friel[3])) {
    problem(['zones', 'friel'], 'Friel bounds must increase');
  }
  const pace = rules.zones.pace;
  if (!(pace.recoveryPaceRatio > pace.z2FromPaceRatio && pace.z2FromPaceRatio > pace.z3FromPaceRatio)) {
    problem(['zones', 'pace'], 'pace ratios must decrease from recovery to Z3');
  }
  if (rules.heartRate.plausibleMinBpm >= rules.heartRate.plausibleMaxBpm) {
    problem(['heartRate'], 'plausible range is empty');
  }
  if (rules.week.hardSessionsMin > rules.week.hardSessionsMax)
    problem(['week'], 'hard sessions range is empty');
  if (rules.week.loadRatioMin >= rules.week.loadRatioMax) problem(['week'], 'load ratio range is empty');
  if (rules.quality.mediumCoverage > rules.quality.highCoverage) problem(['quality'], 'medium above high');
});

/** Validates a rule set from outside the code (a coach's file, a stored JSON), listing every problem. */
export function parseRuleSet(input: unknown): RuleSet {
  return orderedRuleSetSchema.parse(input);
}
