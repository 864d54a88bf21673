import type { RuleSet } from './rule-set.ts';
import type { HalfTotals, IntensityTotals, RunParts } from './time-in-zones.ts';
import type { LongRunFacts } from './types.ts';

/**
 * Where the work part and the halves lie in moving time. The work part leaves out a warm-up and a
 * cool-down (cardiac lag and cool-down jogs are not the session); on a run too short for both, it is
 * the whole run.
 */
export function runParts(movingTimeS: number, ruleSet: RuleSet): RunParts {
  const { workWarmUpS, workCoolDownS } = ruleSet.classification;
  let workFromS = workWarmUpS;
  let workToS = movingTimeS - workCoolDownS;
  if (workToS <= workFromS) {
    workFromS = 0;
    workToS = movingTimeS;
  }
  const warmUp = ruleSet.longRun.warmUpExcludedS;
  const halfFromS = movingTimeS > 2 * warmUp ? warmUp : 0;
  return {
    workFromS,
    workToS,
    halfFromS,
    halfAtS: halfFromS + (movingTimeS - halfFromS) / 2,
    lateFromS: movingTimeS * (1 - ruleSet.longRun.lateShare),
  };
}

function efficiency(half: HalfTotals, minCoverage: number): number | null {
  if (half.durationS <= 0 || half.pairedS < minCoverage * half.durationS || half.heartRateTimesS <= 0)
    return null;
  return half.speedTimesS / half.heartRateTimesS;
}

/** Speed (m/min) per beat over the work part (Friel's efficiency factor), when pace and HR are both there. */
export function efficiencyFactor(totals: IntensityTotals, ruleSet: RuleSet): number | null {
  const value = efficiency(totals.work, ruleSet.longRun.minHalfCoverage);
  return value === null ? null : value * 60;
}

/**
 * Aerobic decoupling (Friel's Pa:HR): efficiency (speed per beat) of the first half against the second,
 * after the warm-up; positive when the heart works harder for the same pace late in the run. Late fade:
 * speed of the last `lateShare` of the run against the first half. Either past its cut-off makes the long
 * run "survival".
 *
 * Pace only compares on comparable ground: up a climb and back down, the halves differ by the hill, not
 * by fatigue. No grade-adjusted pace here: Minetti's cost curve overstates the downhill saving of real
 * running, and turns a descent into false "survival". So when the net grades of the compared parts
 * differ by more than `maxGradeDifferencePct`, the figure is left unknown and the terrain says why.
 */
export function longRunFacts(totals: IntensityTotals, ruleSet: RuleSet): LongRunFacts {
  const rules = ruleSet.longRun;
  const grades = terrainGrades(totals);
  const limit = rules.maxGradeDifferencePct;
  const halvesComparable = grades === null || Math.abs(grades.firstHalfPct - grades.secondHalfPct) <= limit;
  const lateComparable = grades === null || Math.abs(grades.firstHalfPct - grades.latePct) <= limit;
  const first = efficiency(totals.firstHalf, rules.minHalfCoverage);
  const second = efficiency(totals.secondHalf, rules.minHalfCoverage);
  const decouplingPct =
    halvesComparable && first !== null && second !== null && first > 0
      ? ((first - second) / first) * 100
      : null;

  let fadePct: number | null = null;
  const earlyDuration = totals.firstHalf.durationS;
  const { early, late } = totals;
  if (
    lateComparable &&
    earlyDuration > 0 &&
    late.durationS > 0 &&
    early.validS >= rules.minHalfCoverage * earlyDuration &&
    late.validS >= rules.minHalfCoverage * late.durationS
  ) {
    const earlySpeed = early.speedTimesS / early.validS;
    const lateSpeed = late.speedTimesS / late.validS;
    if (earlySpeed > 0) fadePct = ((earlySpeed - lateSpeed) / earlySpeed) * 100;
  }

  let survival: boolean | null = null;
  if (decouplingPct !== null || fadePct !== null) {
    survival =
      (decouplingPct !== null && decouplingPct >= rules.decouplingSurvivalPct) ||
      (fadePct !== null && fadePct >= rules.fadeSurvivalPct);
  }
  return {
    decouplingPct,
    fadePct,
    survival,
    gradePct: grades,
    terrainComparable: grades === null ? null : halvesComparable && lateComparable,
  };
}

/** Net grade (%) of the first half, the second half and the late part, from the altitude at their ends. */
function terrainGrades(totals: IntensityTotals): LongRunFacts['gradePct'] {
  const terrain = totals.terrain;
  if (!terrain) return null;
  const [startAltitude, middleAltitude, lateAltitude, endAltitude] = terrain.altitudeM;
  const [startDistance, middleDistance, lateDistance, endDistance] = terrain.distanceM;
  const grade = (rise: number, run: number) => (run > 0 ? (rise / run) * 100 : 0);
  return {
    firstHalfPct: grade(middleAltitude - startAltitude, middleDistance - startDistance),
    secondHalfPct: grade(endAltitude - middleAltitude, endDistance - middleDistance),
    latePct: grade(endAltitude - lateAltitude, endDistance - lateDistance),
  };
}
