import type { RuleSet } from './rule-set.ts';
import type { Confidence, HeartRateQuality } from './types.ts';

export const SAMPLE_VALID = 0;
export const SAMPLE_DROPOUT = 1;
export const SAMPLE_SPIKE = 2;

// One buffer reused across calls: analysis is synchronous, and a fresh array per run would be garbage
// for the collector two million times a year-long benchmark.
let flagBuffer = new Uint8Array(8192);

function flagsFor(sampleCount: number): Uint8Array {
  if (flagBuffer.length < sampleCount) {
    let size = flagBuffer.length;
    while (size < sampleCount) size *= 2;
    flagBuffer = new Uint8Array(size);
  }
  return flagBuffer;
}

export interface SampleScan {
  sampleCount: number;
  /** Per-sample heart-rate verdict (valid, dropout, spike); only the first `sampleCount` entries. */
  flags: Uint8Array;
  movingTimeS: number;
  pausedS: number;
  validS: number;
  dropoutS: number;
  dropouts: number;
  spikeS: number;
  spikes: number;
  /** Highest rolling average over `peakWindowS` of moving time, spikes excluded; null without one. */
  peak30sHr: number | null;
}

/**
 * First pass over the samples: moving time (a gap longer than `pauseGapS` is a pause, not moving time)
 * and a verdict for every heart-rate sample. A value holds from its timestamp to the next one, so the
 * interval between samples i and i+1 is judged by sample i.
 *
 * Spikes: values outside the plausible range, and excursions of ≥ `spikeJumpBpm` from the current level
 * that come back within `spikeMaxDurationS` — the heart cannot do that, a loose strap or optical
 * cadence lock can. An excursion that stays is a real change of level (after a dropout, an interval).
 */
export function scanSamples(
  timeS: Float64Array,
  heartRate: Float64Array | undefined,
  ruleSet: RuleSet,
): SampleScan {
  const sampleCount = heartRate ? Math.min(timeS.length, heartRate.length) : timeS.length;
  const flags = flagsFor(sampleCount);
  const pauseGap = ruleSet.samples.pauseGapS;
  const { plausibleMinBpm: low, plausibleMaxBpm: high, spikeJumpBpm: jump } = ruleSet.heartRate;
  const spikeWindow = ruleSet.heartRate.spikeMaxDurationS;
  const returnBand = jump / 2;
  let movingTimeS = 0;
  let pausedS = 0;
  let validS = 0;
  let dropoutS = 0;
  let dropouts = 0;
  let spikeS = 0;
  let spikes = 0;
  let level = Number.NaN;
  let decidedUntil = 0;
  let previousFlag = SAMPLE_VALID;
  const peakWindow = ruleSet.heartRate.peakWindowS;
  const peakCoverage = ruleSet.heartRate.peakMinCoverage;
  let windowStart = 0;
  let windowSpan = 0;
  let windowValid = 0;
  let windowSum = 0;
  let peak = 0;
  for (let i = 0; i < sampleCount; i++) {
    if (!heartRate) {
      flags[i] = SAMPLE_DROPOUT;
    } else if (i >= decidedUntil) {
      const value = heartRate[i]!;
      decidedUntil = i + 1;
      if (Number.isNaN(value)) {
        flags[i] = SAMPLE_DROPOUT;
      } else if (value < low || value > high) {
        flags[i] = SAMPLE_SPIKE;
      } else if (Number.isNaN(level) || Math.abs(value - level) < jump) {
        flags[i] = SAMPLE_VALID;
        level = value;
      } else {
        const limit = timeS[i]! + spikeWindow;
        let back = -1;
        for (let j = i + 1; j < sampleCount && timeS[j]! <= limit; j++) {
          const ahead = heartRate[j]!;
          if (ahead >= low && ahead <= high && Math.abs(ahead - level) < returnBand) {
            back = j;
            break;
          }
        }
        if (back < 0) {
          flags[i] = SAMPLE_VALID;
          level = value;
        } else {
          for (let j = i; j < back; j++)
            flags[j] = Number.isNaN(heartRate[j]!) ? SAMPLE_DROPOUT : SAMPLE_SPIKE;
          decidedUntil = back;
        }
      }
    }
    const flag = flags[i]!;
    if (heartRate && flag !== previousFlag) {
      if (flag === SAMPLE_DROPOUT) dropouts++;
      else if (flag === SAMPLE_SPIKE) spikes++;
    }
    previousFlag = flag;
    if (i + 1 < sampleCount) {
      const dt = timeS[i + 1]! - timeS[i]!;
      if (!(dt > 0)) continue;
      if (dt > pauseGap) {
        pausedS += dt;
        windowStart = i + 1;
        windowSpan = 0;
        windowValid = 0;
        windowSum = 0;
        continue;
      }
      movingTimeS += dt;
      if (flag === SAMPLE_VALID) {
        validS += dt;
        windowValid += dt;
        windowSum += heartRate![i]! * dt;
      } else if (flag === SAMPLE_DROPOUT) dropoutS += dt;
      else spikeS += dt;
      // Rolling window over the intervals starting at samples windowStart..i (all already judged).
      windowSpan += dt;
      while (windowStart < i) {
        const first = timeS[windowStart + 1]! - timeS[windowStart]!;
        const firstDt = Math.max(first, 0);
        if (windowSpan - firstDt < peakWindow) break;
        windowSpan -= firstDt;
        if (flags[windowStart] === SAMPLE_VALID) {
          windowValid -= firstDt;
          windowSum -= heartRate![windowStart]! * firstDt;
        }
        windowStart++;
      }
      if (windowSpan >= peakWindow && windowValid > 0 && windowValid >= peakCoverage * windowSpan) {
        const mean = windowSum / windowValid;
        if (mean > peak) peak = mean;
      }
    }
  }
  return {
    sampleCount,
    flags,
    movingTimeS,
    pausedS,
    validS,
    dropoutS,
    dropouts,
    spikeS,
    spikes,
    peak30sHr: peak > 0 ? Math.round(peak * 100) / 100 : null,
  };
}

/** Data quality as stated to the runner, graded by heart-rate coverage of moving time and spikes. */
export function heartRateQuality(scan: SampleScan, ruleSet: RuleSet): HeartRateQuality {
  const moving = scan.movingTimeS;
  const coverage = moving > 0 ? scan.validS / moving : 0;
  const spikeShare = moving > 0 ? scan.spikeS / moving : 0;
  const rules = ruleSet.quality;
  let grade: Confidence = 'low';
  if (scan.validS === 0) grade = 'none';
  else if (coverage >= rules.highCoverage && spikeShare <= rules.highMaxSpikeShare) grade = 'high';
  else if (coverage >= rules.mediumCoverage) grade = 'medium';
  return {
    movingTimeS: moving,
    validS: scan.validS,
    coverage,
    dropoutS: scan.dropoutS,
    dropouts: scan.dropouts,
    spikeS: scan.spikeS,
    spikes: scan.spikes,
    grade,
  };
}
