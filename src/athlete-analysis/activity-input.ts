import type { ActivityInput } from '../analysis/index.ts';
import type { PrismaClient } from '../db/database.ts';
import type { Sport } from '../domain/sport.ts';
import { decodeStreams } from '../domain/stream-codec.ts';
import type { Activity } from '../generated/prisma/client.ts';

/** A stored activity as the analysis takes it; streams are read only when the caller asks for them. */
export function toActivityInput(activity: Activity, streams: ActivityInput['streams'] = null): ActivityInput {
  return {
    id: activity.id,
    parentId: activity.parentId,
    sport: activity.sport as Sport,
    subSport: activity.subSport,
    startTime: activity.startTime,
    utcOffsetS: activity.utcOffsetS,
    timeZone: activity.timeZone,
    elapsedTimeS: activity.elapsedTimeS,
    movingTimeS: activity.movingTimeS,
    distanceM: activity.distanceM,
    manual: activity.manual,
    avgHeartRate: activity.avgHeartRate,
    streams,
  };
}

export async function loadActivityStreams(
  prisma: PrismaClient,
  activityId: string,
): Promise<ActivityInput['streams']> {
  const rows = await prisma.activityStream.findMany({
    where: { activityId },
    select: { type: true, data: true },
  });
  return decodeStreams(rows);
}
