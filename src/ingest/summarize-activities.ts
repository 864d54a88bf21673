import { activityOffsetSeconds, formatLocalIso } from '../domain/local-time.ts';
import type { Athlete } from '../generated/prisma/client.ts';
import type { ActivityRow } from './fit-import.sql.ts';
import type { ImportedActivitySummary } from './import-result.ts';

/** Stored activities as `import --json` and `activities --json` print them. */
export function summarize(
  activities: readonly ActivityRow[],
  athlete: Pick<Athlete, 'timeZone'>,
): ImportedActivitySummary[] {
  return activities.map((activity) => ({
    id: activity.id,
    sport: activity.sport,
    subSport: activity.subSport,
    startTime: activity.startTime.toISOString(),
    localStartTime: formatLocalIso(activity.startTime, activityOffsetSeconds(activity, athlete.timeZone)),
    durationS: activity.elapsedTimeS,
    movingTimeS: activity.movingTimeS,
    distanceM: activity.distanceM,
    hasHeartRate: activity.heartRateSamples > 0,
    heartRateSamples: activity.heartRateSamples,
  }));
}
