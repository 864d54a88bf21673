import type { RuleSet } from './rule-set.ts';
import type { IntensityClass, RunPurpose, ZoneTimes } from './types.ts';

export interface PurposeInput {
  running: boolean;
  class: IntensityClass;
  long: boolean;
  declared: RunPurpose | null;
  movingTimeS: number;
  zones: ZoneTimes;
  z3Blocks: number;
  longestZ3CoreS: number;
  longestSustainedBlockS: number;
}

export interface PurposeVerdict {
  purpose: RunPurpose | null;
  source: 'declared' | 'structure' | null;
  /** DOMAIN.md: a moderate or hard run whose purpose cannot be named is junk load. */
  junk: boolean;
}

/**
 * A purpose from the run's structure, first match wins: race (one unbroken Z3 block of 15 min or more,
 * or Z2–Z3 covering nearly the whole run, mostly in Z3; a threshold time trial reads as one too),
 * intervals (repeated Z3 blocks with recoveries), long, tempo (one sustained
 * Z2–Z3 block, or one long Z3 block), recovery, aerobic. What the athlete declared wins over all of it.
 */
export function inferPurpose(input: PurposeInput, ruleSet: RuleSet): PurposeVerdict {
  if (!input.running) return { purpose: null, source: null, junk: false };
  if (input.declared) return { purpose: input.declared, source: 'declared', junk: false };
  if (input.class === 'unknown') return { purpose: null, source: null, junk: false };
  const rules = ruleSet.purpose;
  const { z1, z2, z3 } = input.zones;
  const zoned = z1 + z2 + z3;
  const quality = input.class === 'hard' || input.class === 'moderate';
  const structure = (purpose: RunPurpose): PurposeVerdict => ({ purpose, source: 'structure', junk: false });
  const wholeRunEffort =
    input.movingTimeS >= rules.raceMinS &&
    input.longestSustainedBlockS >= rules.raceBlockShare * input.movingTimeS &&
    zoned > 0 &&
    z3 / zoned >= rules.raceZ3Share;
  if (quality && (wholeRunEffort || input.longestZ3CoreS >= rules.raceMinZ3BlockS)) return structure('race');
  const blocksNeeded = input.class === 'hard' ? rules.intervalMinBlocksWhenHard : rules.intervalMinBlocks;
  if (input.z3Blocks >= blocksNeeded) return structure('intervals');
  if (input.long) return structure('long');
  const sustained =
    input.longestSustainedBlockS >= rules.tempoMinBlockS || input.longestZ3CoreS >= rules.tempoMinZ3BlockS;
  if (quality && sustained) return structure('tempo');
  if (input.class === 'recovery') return structure('recovery');
  if (input.class === 'easy') return structure('aerobic');
  return { purpose: null, source: null, junk: true };
}
