import type { IntensityClass, RunPurpose } from '../analysis/index.ts';
import type { Sport } from '../domain/sport.ts';
import type { DigestSessionRow } from './digest-content.ts';
import { capitalise, formatDistance, formatDuration, formatShortDay } from './digest-format.ts';
import type { DigestSession, DigestWeek } from './digest-week.ts';

export const INTENSITY_LABELS: Record<IntensityClass, string | null> = {
  recovery: 'recovery',
  easy: 'easy',
  moderate: 'moderate (grey zone)',
  hard: 'hard',
  unknown: null,
};

export const PURPOSE_LABELS: Record<RunPurpose, string> = {
  recovery: 'recovery',
  aerobic: 'easy aerobic',
  long: 'long run',
  tempo: 'tempo',
  intervals: 'intervals',
  race: 'race',
};

export const SPORT_LABELS: Record<Sport, string> = {
  running: 'Run',
  cycling: 'Ride',
  swimming: 'Swim',
  walking: 'Walk',
  hiking: 'Hike',
  strength: 'Strength',
  mobility: 'Mobility',
  multisport: 'Multisport',
  transition: 'Transition',
  other: 'Other',
};

/** What a session was, in a few words: "intervals", "long run", "Strength". */
export function describeSession(session: DigestSession): string {
  if (!session.run) return SPORT_LABELS[session.sport];
  if (session.purpose) return PURPOSE_LABELS[session.purpose];
  if (session.long) return 'long run';
  return session.class === 'moderate' ? 'moderate run' : 'run';
}

/** The week's sessions in the order they happened. */
export function composeSessionRows(week: DigestWeek): DigestSessionRow[] {
  return [...week.sessions]
    .sort(
      (a, b) => a.localDate.localeCompare(b.localDate) || a.startLocalTime.localeCompare(b.startLocalTime),
    )
    .map((session) => {
      const sport = SPORT_LABELS[session.sport];
      const purpose = session.run ? describeSession(session) : null;
      const tags: string[] = [];
      if (session.long && session.purpose !== 'long') tags.push('long run');
      if (session.junk) tags.push('no clear purpose');
      if (session.run && !session.heartRate) tags.push('no heart rate');
      if (session.manual) tags.push('entered by hand');
      // Other sports are not judged on zones: their class only says whether the heart worked hard.
      const classified = session.run && session.class !== 'unknown';
      return {
        date: session.localDate,
        day: formatShortDay(session.localDate),
        time: session.startLocalTime,
        title: session.name?.trim() || (session.run ? capitalise(describeSession(session)) : sport),
        kind: purpose && purpose !== 'run' ? `${sport} \u00b7 ${purpose}` : sport,
        distance: formatDistance(session.distanceM),
        duration: formatDuration(session.movingTimeS),
        intensity: classified ? session.class : null,
        intensityLabel: classified ? INTENSITY_LABELS[session.class] : null,
        tags,
      };
    });
}
