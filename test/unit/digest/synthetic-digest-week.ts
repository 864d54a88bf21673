import {
  type ActivityInput,
  type AthleteProfile,
  addDays,
  analyzeAthlete,
  RULE_SET_V1,
} from '../../../src/analysis/index.ts';
import { assembleDigestWeek, type DigestActivityDetails } from '../../../src/digest/assemble-digest-week.ts';
import type { DigestConnectionIssue, DigestWeek } from '../../../src/digest/digest-week.ts';
import type { ImportedActivity } from '../../../src/domain/activity.ts';
import {
  DEFAULT_PHYSIOLOGY,
  generateSyntheticAthlete,
  type SyntheticSession,
  type WeekPattern,
} from '../../../src/synthetic/index.ts';

const TIME_ZONE = 'Europe/Paris';
const FIRST_WEEK_START = '2026-08-31';

export interface SyntheticDigestOptions {
  /** Oldest first; the digest is about the last week (or the last empty week added after them). */
  patterns: readonly WeekPattern[];
  seed?: number;
  /** Weeks without any activity after the patterns; the digest is then about the last of them. */
  emptyWeeksAfter?: number;
  /** Sessions of the digest's week recorded without a heart-rate strap (the streams lose heart rate). */
  withoutHeartRate?: (session: SyntheticSession, index: number) => boolean;
  /** What the runner called each session of the digest's week (default: a plain name per kind). */
  name?: (session: SyntheticSession, index: number) => string | null;
  connections?: DigestConnectionIssue[];
  athleteName?: string | null;
}

/**
 * A digest's week the way production builds it: a synthetic runner's sessions go through the real
 * analysis (runs, weeks, fatigue, alerts), and the result is assembled as the database loader does.
 */
export function syntheticDigestWeek(options: SyntheticDigestOptions): DigestWeek {
  const athlete = generateSyntheticAthlete({
    seed: options.seed ?? 11,
    weeks: options.patterns,
    timeZone: TIME_ZONE,
    firstWeekStart: FIRST_WEEK_START,
    physiology: DEFAULT_PHYSIOLOGY,
  });
  const lastPatternWeek = athlete.weeks.length - 1;
  const weekStart = addDays(FIRST_WEEK_START, 7 * (lastPatternWeek + (options.emptyWeeksAfter ?? 0)));
  const inputs: ActivityInput[] = [];
  const details = new Map<string, DigestActivityDetails>();
  for (const [weekIndex, week] of athlete.weeks.entries()) {
    for (const [index, session] of week.sessions.entries()) {
      const id = `w${weekIndex}-s${index}`;
      const digestWeek = weekIndex === lastPatternWeek && !options.emptyWeeksAfter;
      const activity =
        digestWeek && options.withoutHeartRate?.(session, index)
          ? withoutHeartRate(session.activity)
          : session.activity;
      inputs.push({ id, ...activity });
      details.set(id, {
        name: digestWeek && options.name ? options.name(session, index) : defaultName(session),
        subSport: activity.subSport,
        manual: activity.manual,
        distanceM: activity.distanceM,
        utcOffsetS: activity.utcOffsetS,
        timeZone: null,
      });
    }
  }
  const profile: AthleteProfile = {
    sex: 'male',
    timeZone: TIME_ZONE,
    weekStartDay: 1,
    thresholds: [
      { kind: 'max_hr', value: DEFAULT_PHYSIOLOGY.maxHr, validFrom: FIRST_WEEK_START, source: 'set' },
      { kind: 'resting_hr', value: DEFAULT_PHYSIOLOGY.restingHr, validFrom: FIRST_WEEK_START, source: 'set' },
      { kind: 'lthr', value: DEFAULT_PHYSIOLOGY.lthr, validFrom: FIRST_WEEK_START, source: 'set' },
    ],
  };
  const weekEnd = addDays(weekStart, 6);
  const report = analyzeAthlete(profile, inputs, { from: FIRST_WEEK_START, to: weekEnd }, RULE_SET_V1);
  const week = report.weeks.find((candidate) => candidate.weekStart === weekStart);
  if (!week) throw new Error(`the analysis has no week ${weekStart}`);
  const { days: _days, ...storedWeek } = week;
  return assembleDigestWeek({
    athlete: {
      id: '00000000-0000-4000-8000-000000000001',
      name: options.athleteName === undefined ? 'Sam Runner' : options.athleteName,
      email: 'sam@example.com',
      timeZone: TIME_ZONE,
      weekStartDay: 1,
    },
    weekStart,
    week: storedWeek,
    activities: details,
    days: report.fatigue.map((day) => ({
      date: day.date,
      load: day.load,
      fitness: day.ctl,
      fatigue: day.atl,
      form: day.tsb,
    })),
    alerts: report.alerts,
    connections: options.connections ?? [],
    ruleSet: RULE_SET_V1,
  });
}

function withoutHeartRate(activity: ImportedActivity): ImportedActivity {
  if (!activity.streams) return { ...activity, avgHeartRate: null, maxHeartRate: null };
  const { heartRate: _heartRate, ...streams } = activity.streams;
  return { ...activity, avgHeartRate: null, maxHeartRate: null, streams };
}

const NAMES: Record<string, string> = {
  easy: 'Easy run',
  recovery: 'Recovery jog',
  long: 'Sunday long run',
  intervals: 'Track intervals',
  tempo: 'Tempo',
  race: 'Parkrun',
  grey: 'Lunch run',
  ride: 'Bike commute',
  strength: 'Gym',
};

function defaultName(session: SyntheticSession): string | null {
  return NAMES[session.kind] ?? null;
}
