import type { AthletePhysiology } from './athlete-physiology.ts';
import type { CrossTrainingKind } from './cross-training.ts';
import { deriveSeed, randomFor, type SeededRandom } from './seeded-random.ts';
import {
  type DriftKind,
  DURATION_LIMITS_S,
  planWorkout,
  type WorkoutKind,
  type WorkoutPlan,
} from './workout-plans.ts';

export const WEEK_PATTERNS = [
  'balanced',
  'grey_heavy',
  'hard_packed',
  'long_survival',
  'rest',
  'load_spike',
] as const;
export type WeekPattern = (typeof WEEK_PATTERNS)[number];

export type SessionKind = WorkoutKind | CrossTrainingKind;

/** One session of a week, before it is recorded. */
export interface PlannedSession {
  /** 0 = Monday … 6 = Sunday. */
  day: number;
  /** Local wall-clock start, seconds after midnight. */
  startSecondOfDay: number;
  kind: SessionKind;
  /** Seed of this session's streams. */
  seed: number;
  /** Runs only. */
  workout?: WorkoutPlan;
  /** Planned moving time. */
  durationS: number;
  /** False for a strength session logged by hand: no streams. */
  recorded: boolean;
}

export interface WeekPlanContext {
  physiology: AthletePhysiology;
  /** Seed of this week. */
  seed: number;
  /** Running moving time of the previous weeks, oldest first. */
  previousRunningS: readonly number[];
}

/** Running time the volume-spike week is measured against when there is no history yet. */
const DEFAULT_WEEKLY_RUNNING_S = 380 * 60;
const LOAD_SPIKE_FACTOR = 1.65;

/**
 * Start windows (minutes after local midnight). The two hard evenings of a balanced week and the Sunday
 * long run are placed so that every pair of stress sessions is ≥ 48 h apart start to start and end to start:
 * Sun 07:00–08:00 → Tue 16:45–17:15 (≥ 54 h) → Thu 19:00–19:30 (≥ 49.7 h) → Sun (≥ 59 h).
 */
const WINDOWS = {
  morning: [6 * 60, 7 * 60 + 30],
  weekendMorning: [7 * 60, 8 * 60],
  tuesdayHard: [16 * 60 + 45, 17 * 60 + 15],
  thursdayHard: [19 * 60, 19 * 60 + 30],
  evening: [18 * 60, 19 * 60 + 30],
} as const;
type StartWindow = keyof typeof WINDOWS;

interface Slot {
  day: number;
  window: StartWindow;
  kind: SessionKind;
  drift?: DriftKind;
  /** Moving-time range for an easy run, whole minutes (default 48–56). */
  minutes?: readonly [number, number];
}

/**
 * Easy runs of a balanced week sit at the top of the easy range: with a short recovery run on Friday
 * (which keeps daily loads varied, Foster monotony < 2) the week still has ≥ 240 min besides the long run,
 * so a ≥ 100-min long run stays ≤ 30% of it.
 */
const BALANCED_EASY: readonly [number, number] = [52, 56];

export function planWeek(pattern: WeekPattern, context: WeekPlanContext): PlannedSession[] {
  const random = randomFor(context.seed, 'week', pattern);
  const slots = slotsFor(pattern, random);
  const sessions = slots.map((slot, index) => planSlot(slot, index, context, random));
  if (pattern === 'load_spike') addLoadSpikeRuns(sessions, context, random);
  fitLongRun(sessions, pattern, context, random);
  return sessions.sort((a, b) => a.day - b.day || a.startSecondOfDay - b.startSecondOfDay);
}

function slotsFor(pattern: WeekPattern, random: SeededRandom): Slot[] {
  switch (pattern) {
    case 'balanced':
      return random.chance(0.5) ? balancedTwoHard(random) : balancedOneHard(random, 'none');
    case 'long_survival':
      return balancedOneHard(random, random.chance(0.6) ? 'heart_rate' : 'pace');
    case 'grey_heavy':
      return [
        { day: 1, window: 'evening', kind: 'grey' },
        { day: 2, window: 'morning', kind: 'grey' },
        { day: 2, window: 'evening', kind: 'strength' },
        { day: 3, window: 'evening', kind: 'grey' },
        { day: 4, window: 'morning', kind: 'easy' },
        { day: 5, window: 'morning', kind: 'grey' },
        { day: 6, window: 'weekendMorning', kind: 'long', drift: 'none' },
      ];
    case 'hard_packed': {
      const slots: Slot[] = [
        { day: 1, window: 'evening', kind: 'intervals' },
        { day: 2, window: 'evening', kind: 'tempo' },
        { day: 3, window: 'evening', kind: random.chance(0.5) ? 'intervals' : 'race' },
        { day: 5, window: 'morning', kind: 'easy' },
        { day: 6, window: 'weekendMorning', kind: 'long', drift: 'none' },
      ];
      // Sometimes a fourth hard day in a row instead of Friday's recovery.
      slots.push(
        random.chance(0.35)
          ? { day: 4, window: 'evening', kind: 'tempo' }
          : { day: 4, window: 'morning', kind: 'recovery' },
      );
      slots.push({ day: 4, window: 'evening', kind: 'strength' });
      return slots;
    }
    case 'rest': {
      const slots: Slot[] = [{ day: 3, window: 'evening', kind: 'strength' }];
      if (random.chance(0.6)) slots.push({ day: 2, window: 'morning', kind: 'recovery' });
      if (random.chance(0.5)) slots.push({ day: 6, window: 'weekendMorning', kind: 'recovery' });
      if (random.chance(0.6)) slots.push({ day: 5, window: 'weekendMorning', kind: 'ride' });
      return slots;
    }
    case 'load_spike':
      // Built from the balanced two-hard week; the extra runs come in addLoadSpikeRuns.
      return [...balancedTwoHard(random), { day: 0, window: 'morning', kind: 'easy' }];
  }
}

/** Mon rest; hard Tue and Thu evenings; easy Wed and Sat; recovery Fri; long Sunday; strength Wed evening. */
function balancedTwoHard(random: SeededRandom): Slot[] {
  const [first, second] = random.chance(0.5) ? ['intervals', 'tempo'] : ['tempo', 'intervals'];
  const slots: Slot[] = [
    { day: 1, window: 'tuesdayHard', kind: first as WorkoutKind },
    { day: 2, window: 'morning', kind: 'easy', minutes: BALANCED_EASY },
    { day: 2, window: 'evening', kind: 'strength' },
    { day: 3, window: 'thursdayHard', kind: second as WorkoutKind },
    { day: 4, window: 'morning', kind: 'recovery' },
    { day: 5, window: 'morning', kind: 'easy', minutes: BALANCED_EASY },
    { day: 6, window: 'weekendMorning', kind: 'long', drift: 'none' },
  ];
  if (random.chance(0.35)) slots.push({ day: 5, window: 'evening', kind: 'ride' });
  return slots;
}

/** Mon rest; one hard Wednesday evening (sometimes a race); easy Tue, Thu, Sat; recovery Fri; long Sunday. */
function balancedOneHard(random: SeededRandom, longDrift: DriftKind): Slot[] {
  const hard: WorkoutKind = random.pick(['intervals', 'tempo', 'intervals', 'tempo', 'race']);
  return [
    { day: 1, window: 'morning', kind: 'easy', minutes: BALANCED_EASY },
    { day: 1, window: 'evening', kind: 'strength' },
    { day: 2, window: 'evening', kind: hard },
    { day: 3, window: 'morning', kind: 'easy', minutes: BALANCED_EASY },
    { day: 4, window: 'morning', kind: 'recovery' },
    { day: 5, window: 'morning', kind: 'easy', minutes: BALANCED_EASY },
    { day: 6, window: 'weekendMorning', kind: 'long', drift: longDrift },
  ];
}

function planSlot(slot: Slot, index: number, context: WeekPlanContext, random: SeededRandom): PlannedSession {
  const [fromMinute, toMinute] = WINDOWS[slot.window];
  const startSecondOfDay = 60 * random.integer(fromMinute, toMinute) + random.integer(0, 59);
  const seed = deriveSeed(context.seed, 'session', index);
  const base = { day: slot.day, startSecondOfDay, kind: slot.kind, seed };
  switch (slot.kind) {
    case 'strength':
      return { ...base, durationS: 60 * random.integer(35, 50), recorded: random.chance(0.5) };
    case 'ride':
      return { ...base, durationS: 60 * random.integer(60, 90), recorded: true };
    default: {
      const [minMinutes, maxMinutes] = slot.minutes ?? [48, 56];
      const durationS =
        slot.kind === 'easy'
          ? 60 * random.integer(minMinutes, maxMinutes)
          : slot.kind === 'recovery'
            ? 60 * random.integer(28, 35)
            : undefined;
      const workout = planWorkout(slot.kind, context.physiology, randomFor(seed, 'plan'), {
        ...(durationS === undefined ? {} : { durationS }),
        ...(slot.drift === undefined ? {} : { drift: slot.drift }),
      });
      return { ...base, workout, durationS: workout.movingTimeS, recorded: true };
    }
  }
}

/** Easy runs in every free slot (Monday, then evening doubles) until the week reaches 1.65 × recent volume. */
function addLoadSpikeRuns(sessions: PlannedSession[], context: WeekPlanContext, random: SeededRandom): void {
  const recent = context.previousRunningS.slice(-4);
  const reference =
    recent.length > 0 ? recent.reduce((a, b) => a + b, 0) / recent.length : DEFAULT_WEEKLY_RUNNING_S;
  // The long run also grows (fitLongRun gives it the pattern's larger share).
  const target = LOAD_SPIKE_FACTOR * reference - 115 * 60;
  const doubles: Slot[] = [
    { day: 0, window: 'evening', kind: 'easy' },
    { day: 4, window: 'evening', kind: 'easy' },
    { day: 5, window: 'evening', kind: 'easy' },
    { day: 3, window: 'morning', kind: 'easy' },
    { day: 1, window: 'morning', kind: 'easy' },
    { day: 2, window: 'evening', kind: 'recovery' },
  ];
  let running = runningSeconds(sessions.filter((session) => session.kind !== 'long'));
  for (const slot of doubles) {
    if (running >= target) break;
    if (slot.day === 5) {
      // Saturday evening belongs to the ride when there is one.
      const rideIndex = sessions.findIndex((session) => session.kind === 'ride');
      if (rideIndex >= 0) sessions.splice(rideIndex, 1);
    }
    const session = planSlot(slot, sessions.length + 100, context, random);
    sessions.push(session);
    running += session.durationS;
  }
}

/** Well past DOMAIN.md's 90-min rule, so the long flag is never a close call. */
const MIN_LONG_RUN_S = 100 * 60;

/** Long-run share of weekly running the pattern aims under (DOMAIN.md's limit is ~35%). */
const LONG_SHARE_CAP: Record<WeekPattern, number> = {
  balanced: 0.3,
  long_survival: 0.3,
  grey_heavy: 0.32,
  hard_packed: 0.32,
  load_spike: 0.3,
  rest: 0.3,
};

/**
 * Re-plans the long run's length now that the rest of the week is known: between 100 min (well past the
 * 90-min rule) and the pattern's share of the week.
 */
function fitLongRun(
  sessions: PlannedSession[],
  pattern: WeekPattern,
  context: WeekPlanContext,
  random: SeededRandom,
): void {
  const index = sessions.findIndex((session) => session.kind === 'long');
  if (index < 0) return;
  const long = sessions[index]!;
  const share = LONG_SHARE_CAP[pattern];
  // One minute of slack so the 100-min floor never rounds above the share.
  lengthenEasyRuns(sessions, 60 * Math.ceil((MIN_LONG_RUN_S * (1 - share)) / share / 60 + 1), context);
  const others = runningSeconds(sessions) - long.durationS;
  const capMinutes = Math.floor((share / (1 - share)) * (others / 60));
  const wanted = pattern === 'load_spike' ? random.integer(115, 125) : random.integer(100, 112);
  const minutes = Math.max(MIN_LONG_RUN_S / 60, Math.min(wanted, capMinutes));
  const workout = planWorkout('long', context.physiology, randomFor(long.seed, 'plan'), {
    durationS: minutes * 60,
    drift: long.workout?.drift ?? 'none',
  });
  sessions[index] = { ...long, workout, durationS: workout.movingTimeS };
}

/**
 * A short hard session (a 5 km race) can leave too little running beside the long run: easy runs grow,
 * one minute at a time up to the easy maximum, until the rest of the week reaches `targetS`.
 */
function lengthenEasyRuns(sessions: PlannedSession[], targetS: number, context: WeekPlanContext): void {
  const long = sessions.find((session) => session.kind === 'long');
  let others = runningSeconds(sessions) - (long?.durationS ?? 0);
  for (const [index, session] of sessions.entries()) {
    if (others >= targetS) return;
    if (session.kind !== 'easy') continue;
    const durationS = Math.min(
      DURATION_LIMITS_S.easy.max,
      session.durationS + Math.ceil((targetS - others) / 60) * 60,
    );
    const workout = planWorkout('easy', context.physiology, randomFor(session.seed, 'plan'), { durationS });
    others += workout.movingTimeS - session.durationS;
    sessions[index] = { ...session, workout, durationS: workout.movingTimeS };
  }
}

export function runningSeconds(sessions: readonly PlannedSession[]): number {
  return sessions.reduce((sum, session) => sum + (session.workout ? session.durationS : 0), 0);
}

/**
 * A seeded mix of week patterns for an athlete's year: mostly balanced; a spike only after 4 weeks of
 * history, never right after another spike or within 3 weeks of a rest week; rest weeks 4+ weeks apart.
 */
export function chooseWeekPatterns(count: number, random: SeededRandom): WeekPattern[] {
  const patterns: WeekPattern[] = [];
  const weights: [WeekPattern, number][] = [
    ['balanced', 0.5],
    ['grey_heavy', 0.12],
    ['hard_packed', 0.1],
    ['long_survival', 0.1],
    ['rest', 0.08],
    ['load_spike', 0.1],
  ];
  for (let week = 0; week < count; week++) {
    const previous = patterns[week - 1];
    // A rest week drags the 4-week average down, so the weeks after it already look like a spike.
    const restedLately = patterns.slice(-3).includes('rest');
    const allowed = weights.filter(([pattern]) => {
      if (pattern === 'rest') return !restedLately;
      if (pattern === 'load_spike') return week >= 4 && !restedLately && previous !== 'load_spike';
      return true;
    });
    const total = allowed.reduce((sum, [, weight]) => sum + weight, 0);
    let draw = random.next() * total;
    let chosen: WeekPattern = 'balanced';
    for (const [pattern, weight] of allowed) {
      if (draw < weight) {
        chosen = pattern;
        break;
      }
      draw -= weight;
    }
    patterns.push(week < 2 ? 'balanced' : chosen);
  }
  return patterns;
}

/** The demo's story: settle in, slip into grey, pack hard days, survive a long run, spike, rest. */
export const DEMO_WEEK_PATTERNS: readonly WeekPattern[] = [
  'balanced',
  'balanced',
  'grey_heavy',
  'balanced',
  'hard_packed',
  'long_survival',
  'load_spike',
  'rest',
];
