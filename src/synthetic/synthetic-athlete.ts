import type { ImportedActivity } from '../domain/activity.ts';
import type { Sport } from '../domain/sport.ts';
import { toImportedActivity } from './activity-summary.ts';
import { type AthletePhysiology, assertPlausiblePhysiology, randomPhysiology } from './athlete-physiology.ts';
import { type CrossTrainingKind, generateRide, generateStrengthSession } from './cross-training.ts';
import { addDays, isoWeekdayIndex, localTimeToUtc } from './local-time.ts';
import { deriveSeed, randomFor, type SeededRandom } from './seeded-random.ts';
import type { SensorArtifacts } from './sensor-artifacts.ts';
import { assertSampleInterval, recordWorkout } from './synthetic-run.ts';
import type { CrossTrainingGroundTruth, SyntheticSession } from './synthetic-session.ts';
import { isStressSession, summarizeWeek, type WeekGroundTruth } from './week-ground-truth.ts';
import { chooseWeekPatterns, type PlannedSession, planWeek, type WeekPattern } from './week-plans.ts';

export type { CrossTrainingGroundTruth, SessionGroundTruth, SyntheticSession } from './synthetic-session.ts';
export type { WeekGroundTruth } from './week-ground-truth.ts';

export interface SyntheticAthleteOptions {
  seed: number;
  /** A count (patterns drawn from the seed) or the pattern of each week. */
  weeks: number | readonly WeekPattern[];
  /** IANA zone the athlete lives in, e.g. 'Europe/Paris'. */
  timeZone: string;
  /** Local Monday of the first week, 'YYYY-MM-DD'. */
  firstWeekStart: string;
  /** Drawn from the seed when absent. */
  physiology?: AthletePhysiology;
  /** Default 1; 5 makes a year of a runner ~5× cheaper (benchmarks). */
  sampleIntervalS?: number;
  /** Default 'realistic': some runs get traffic-light pauses, HR dropouts or spikes. */
  artifacts?: 'none' | 'realistic';
}

export interface SyntheticWeek {
  truth: WeekGroundTruth;
  sessions: SyntheticSession[];
}

export interface SyntheticAthlete {
  physiology: AthletePhysiology;
  weeks: SyntheticWeek[];
}

export function generateSyntheticAthlete(options: SyntheticAthleteOptions): SyntheticAthlete {
  return { physiology: athletePhysiology(options), weeks: [...syntheticAthleteWeeks(options)] };
}

export function athletePhysiology(
  options: Pick<SyntheticAthleteOptions, 'seed' | 'physiology'>,
): AthletePhysiology {
  const physiology = options.physiology ?? randomPhysiology(randomFor(options.seed, 'physiology'));
  assertPlausiblePhysiology(physiology);
  return physiology;
}

/** One week at a time, so a benchmark can stream a year of 10,000 athletes without holding it. */
export function* syntheticAthleteWeeks(options: SyntheticAthleteOptions): Generator<SyntheticWeek> {
  if (isoWeekdayIndex(options.firstWeekStart) !== 0) {
    throw new RangeError(`firstWeekStart must be a Monday; ${options.firstWeekStart} is not`);
  }
  const sampleIntervalS = options.sampleIntervalS ?? 1;
  assertSampleInterval(sampleIntervalS);
  const physiology = athletePhysiology(options);
  const patterns =
    typeof options.weeks === 'number'
      ? chooseWeekPatterns(options.weeks, randomFor(options.seed, 'patterns'))
      : [...options.weeks];
  const previousRunningS: number[] = [];
  let lastStress: Date | null = null;
  for (const [index, pattern] of patterns.entries()) {
    const weekStart = addDays(options.firstWeekStart, 7 * index);
    const plan = planWeek(pattern, {
      physiology,
      seed: deriveSeed(options.seed, 'week', index),
      previousRunningS,
    });
    const sessions = plan.map((planned) =>
      recordSession(planned, weekStart, physiology, options.timeZone, sampleIntervalS, options.artifacts),
    );
    const truth = summarizeWeek(index, weekStart, pattern, plan, sessions, previousRunningS, lastStress);
    previousRunningS.push(truth.runningTimeS);
    const stress = sessions.filter(isStressSession);
    lastStress = stress.length > 0 ? stress[stress.length - 1]!.activity.startTime : lastStress;
    yield { truth, sessions };
  }
}

function recordSession(
  planned: PlannedSession,
  weekStart: string,
  physiology: AthletePhysiology,
  timeZone: string,
  sampleIntervalS: number,
  artifactMode: SyntheticAthleteOptions['artifacts'],
): SyntheticSession {
  const localDate = addDays(weekStart, planned.day);
  const second = planned.startSecondOfDay;
  const local = {
    date: localDate,
    hour: Math.floor(second / 3600),
    minute: Math.floor(second / 60) % 60,
    second: second % 60,
  };
  const { instant, utcOffsetS } = localTimeToUtc(local, timeZone);
  const localTime = [local.hour, local.minute, local.second]
    .map((part) => String(part).padStart(2, '0'))
    .join(':');
  const identity = (sport: Sport, subSport: string | null) => ({
    sport,
    subSport,
    startTime: instant,
    utcOffsetS,
  });

  if (planned.workout) {
    const artifacts =
      artifactMode === 'none' ? {} : realisticArtifacts(planned, randomFor(planned.seed, 'artifact-plan'));
    const run = recordWorkout(planned.workout, physiology, planned.seed, { sampleIntervalS, artifacts });
    const activity = toImportedActivity(identity('running', null), run.summary, run.streams);
    return { localDate, localTime, kind: planned.kind, activity, truth: run.truth };
  }
  const options = { seed: planned.seed, physiology, durationS: planned.durationS, sampleIntervalS };
  const kind = planned.kind as CrossTrainingKind;
  const session =
    kind === 'ride'
      ? generateRide(options)
      : generateStrengthSession({ ...options, recorded: planned.recorded });
  const activity = toImportedActivity(
    kind === 'ride' ? identity('cycling', 'road') : identity('strength', null),
    session.summary,
    session.streams,
  );
  if (!planned.recorded) {
    activity.manual = true;
    activity.device = null;
  }
  const truth: CrossTrainingGroundTruth = {
    kind,
    intendedClass: null,
    long: false,
    durationS: session.durationS,
    elapsedS: session.summary.elapsedTimeS,
    distanceM: session.summary.distanceM,
    recorded: planned.recorded,
  };
  return { localDate, localTime, kind: planned.kind, activity, truth };
}

/** Easy running gets stopped at lights more often than reps do; sensors misbehave now and then. */
function realisticArtifacts(planned: PlannedSession, random: SeededRandom): SensorArtifacts {
  const easyKind = planned.kind === 'easy' || planned.kind === 'recovery' || planned.kind === 'long';
  return {
    pauses: random.chance(easyKind ? 0.35 : 0.15) ? random.integer(1, 2) : 0,
    dropouts: random.chance(0.1) ? 1 : 0,
    spikes: random.chance(0.05) ? random.integer(1, 2) : 0,
  };
}

/** Every activity of an athlete, in start order: the shape an importer hands over. */
export function syntheticActivities(athlete: SyntheticAthlete): ImportedActivity[] {
  return athlete.weeks.flatMap((week) => week.sessions.map((session) => session.activity));
}
