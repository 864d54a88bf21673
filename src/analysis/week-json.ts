import { round } from './format.ts';
import type { Confidence, IntensityClass, LocalDate, RunPurpose } from './types.ts';
import type { Week, WeekFlag } from './week-types.ts';

export interface WeekRunJson {
  activityId: string;
  class: IntensityClass;
  long: boolean;
  purpose: RunPurpose | null;
  timeInZonesS: { z1: number; z2: number; z3: number };
  trimp: number | null;
  confidence: Confidence;
}

/** The CLI's week JSON: exactly these keys, figures rounded for reading. */
export interface WeekJson {
  weekStart: LocalDate;
  runs: WeekRunJson[];
  runningTimeS: number;
  hardSessions: number;
  easyShare: number | null;
  greyShare: number | null;
  highShare: number | null;
  longRun: {
    activityId: string;
    share: number;
    decouplingPct: number | null;
    survival: boolean | null;
  } | null;
  load: number;
  /** This week's load over the mean of the previous weeks (DOMAIN.md's acute:chronic, 0.8–1.3). */
  acwr: number | null;
  monotony: number | null;
  verdict: string;
  recommendation: string;
  confidence: Confidence;
  flags: WeekFlag[];
}

const share = (value: number | null) => (value === null ? null : round(value, 3));
const optional = (value: number | null, digits: number) => (value === null ? null : round(value, digits));

/** Takes a week with or without its days (stored weeks keep their days in the day rows). */
export function weekToJson(week: Omit<Week, 'days'>): WeekJson {
  const { facts, judgement } = week;
  return {
    weekStart: week.weekStart,
    runs: week.runs.map((run) => ({
      activityId: run.activityId,
      class: run.class,
      long: run.long,
      purpose: run.purpose,
      timeInZonesS: {
        z1: Math.round(run.timeInZonesS.z1),
        z2: Math.round(run.timeInZonesS.z2),
        z3: Math.round(run.timeInZonesS.z3),
      },
      trimp: optional(run.trimp, 1),
      confidence: run.confidence,
    })),
    runningTimeS: Math.round(facts.runningTimeS),
    hardSessions: facts.hardSessions,
    easyShare: share(facts.easyShare),
    greyShare: share(facts.greyShare),
    highShare: share(facts.highShare),
    longRun: facts.longRun
      ? {
          activityId: facts.longRun.activityId,
          share: round(facts.longRun.share, 3),
          decouplingPct: optional(facts.longRun.decouplingPct, 1),
          survival: facts.longRun.survival,
        }
      : null,
    load: round(facts.load, 1),
    acwr: optional(facts.loadRatio, 2),
    monotony: optional(facts.monotony, 2),
    verdict: judgement.verdict,
    recommendation: judgement.recommendation,
    confidence: judgement.confidence,
    flags: [...judgement.flags],
  };
}
